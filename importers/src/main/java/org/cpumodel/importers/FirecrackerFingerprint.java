package org.cpumodel.importers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Firecracker's {@code cpu-template-helper fingerprint dump} document, bound by Jackson databind
 * ({@link org.cpumodel.profile.Json#bind}): every key Firecracker writes and no other, each of its
 * JSON type. Register addresses and bitmaps stay text here; the importer parses them strictly.
 */
record FirecrackerFingerprint(
        @JsonProperty("firecracker_version") String firecrackerVersion,
        @JsonProperty(value = "kernel_version", required = true) String kernelVersion,
        @JsonProperty("microcode_version") String microcodeVersion,
        @JsonProperty("bios_version") String biosVersion,
        @JsonProperty("bios_revision") String biosRevision,
        @JsonProperty(value = "guest_cpu_config", required = true) GuestCpuConfig guestCpuConfig) {

    /** The vCPU configuration KVM showed: capabilities (numbers as text, "!N" removed), vCPU features, registers. */
    record GuestCpuConfig(
            @JsonProperty("kvm_capabilities") List<JsonNode> kvmCapabilities,
            @JsonProperty("vcpu_features") List<JsonNode> vcpuFeatures,
            @JsonProperty(value = "reg_modifiers", required = true) List<RegModifier> regModifiers) {
    }

    /** One register: its KVM ONE_REG id and its full value as a 0b bit string. */
    record RegModifier(
            @JsonProperty(value = "addr", required = true) String addr,
            @JsonProperty(value = "bitmap", required = true) String bitmap) {
    }
}
