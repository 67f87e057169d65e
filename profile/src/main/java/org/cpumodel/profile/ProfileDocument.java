package org.cpumodel.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.Map;

/**
 * The host profile document as Jackson databind reads and writes it ({@link Json#bind}): its keys in
 * the order they are written, each of its JSON type; {@code null} only where the schema allows it (marked {@code Nulls.SET}).
 * Register values stay hex text here; {@link ProfileJson} parses them and checks every value against
 * the knowledge base and the kernel's rules.
 */
record ProfileDocument(
        @JsonProperty(required = true) String format,
        @JsonProperty(required = true) int version,
        @JsonInclude(Include.NON_NULL) String id,
        @JsonProperty(required = true) Host host,
        boolean partial,
        List<String> notes,
        Map<String, Long> capabilities,
        @JsonSetter(nulls = Nulls.SET) Masks masks,
        @JsonSetter(nulls = Nulls.SET) Gic gic,
        @JsonProperty(required = true) Map<String, FeatureSet> featureSets) {

    /** Who and what the host is; {@code cpu}, {@code kvmMode}, {@code source} and {@code facts} are optional. */
    record Host(
            @JsonProperty(required = true) String name,
            @JsonInclude(Include.NON_NULL) @JsonSetter(nulls = Nulls.SET) String cpu,
            @JsonProperty(required = true) String kernelRelease,
            @JsonInclude(Include.NON_NULL) @JsonSetter(nulls = Nulls.SET) String kvmMode,
            @JsonInclude(Include.NON_NULL) @JsonSetter(nulls = Nulls.SET) String source,
            @JsonInclude(Include.NON_EMPTY) Map<String, String> facts) {
    }

    /** KVM_ARM_GET_REG_WRITABLE_MASKS, by register name. */
    record Masks(
            @JsonProperty(required = true) String provenance,
            @JsonProperty(required = true) Map<String, String> values) {
    }

    /** The GIC CPU interface's ICC_CTLR_EL1. */
    record Gic(
            @JsonProperty(required = true) String provenance,
            @JsonProperty(required = true) String iccCtlr) {
    }

    /** One feature set's registers (hex or "absent"), cache geometry by CSSELR, register list, SVE lengths, and the rule that inferred a register. */
    record FeatureSet(
            @JsonProperty(required = true) String provenance,
            @JsonProperty(required = true) Map<String, String> registers,
            @JsonInclude(Include.NON_EMPTY) Map<String, String> ccsidr,
            @JsonInclude(Include.NON_NULL) @JsonSetter(nulls = Nulls.SET) List<String> regList,
            @JsonInclude(Include.NON_EMPTY) List<Integer> sveVectorLengths,
            @JsonInclude(Include.NON_EMPTY) Map<String, String> inferred) {
    }
}
