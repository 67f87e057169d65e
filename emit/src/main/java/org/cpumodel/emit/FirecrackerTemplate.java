package org.cpumodel.emit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cpumodel.kb.Bits;
import org.cpumodel.profile.Json;

/**
 * A parsed Firecracker aarch64 custom CPU template: per register id a filter and value (Firecracker's
 * RegisterValueFilter), the capabilities, and the vCPU feature filter/value of word 0.
 */
public record FirecrackerTemplate(List<String> kvmCapabilities, long featureFilter, long featureValue,
                                  Map<Long, long[]> registers) {

    private static final Set<String> TOP = Set.of("kvm_capabilities", "vcpu_features", "reg_modifiers");

    public FirecrackerTemplate {
        kvmCapabilities = List.copyOf(kvmCapabilities);
        registers = new LinkedHashMap<>(registers);
    }

    /** Parses a template strictly, like Firecracker (unknown keys rejected, bitmaps of 0, 1, x and _). */
    public static FirecrackerTemplate parse(String text) {
        JsonNode root = Json.readTree("firecracker template", text);
        Json.onlyKeys("firecracker template", "$", root, TOP);
        List<String> caps = new ArrayList<>();
        root.path("kvm_capabilities").forEach(n -> {
            if (!n.isTextual() || !n.asText().matches("!?\\d+")) {
                throw new EmitException("kvm_capabilities: expected decimal strings, got " + n);
            }
            caps.add(n.asText());
        });
        long ff = 0;
        long fv = 0;
        for (JsonNode n : root.path("vcpu_features")) {
            if (n.path("index").asInt(-1) != 0) {
                throw new EmitException("vcpu_features: only index 0 exists");
            }
            long[] fvv = bits(n.path("bitmap").asText(), 32);
            ff = fvv[0];
            fv = fvv[1];
        }
        Map<Long, long[]> regs = new LinkedHashMap<>();
        for (JsonNode n : root.path("reg_modifiers")) {
            long addr = Bits.parseHex(n.path("addr").asText());
            if (regs.put(addr, bits(n.path("bitmap").asText(), 64)) != null) {
                throw new EmitException("reg_modifiers: " + Bits.hex64(addr) + " given twice");
            }
        }
        return new FirecrackerTemplate(caps, ff, fv, regs);
    }

    /** {filter, value} of a 0/1/x bitmap; a short bitmap is padded with x on the left. */
    static long[] bits(String bitmap, int width) {
        if (!bitmap.startsWith("0b")) {
            throw new EmitException("bitmap must start with 0b: " + bitmap);
        }
        String b = bitmap.substring(2).replace("_", "");
        if (b.isEmpty() || b.length() > width || !b.matches("[01x]+")) {
            throw new EmitException("bad bitmap (0/1/x, at most " + width + " bits): " + bitmap);
        }
        long filter = 0;
        long value = 0;
        for (int i = 0; i < b.length(); i++) {
            int bit = b.length() - 1 - i;
            char ch = b.charAt(i);
            if (ch != 'x') {
                filter |= 1L << bit;
                if (ch == '1') {
                    value |= 1L << bit;
                }
            }
        }
        return new long[] {filter, value};
    }

    /** The register value a vCPU gets: the host's bits outside the filter, the template's inside. */
    public long apply(long registerId, long hostValue) {
        long[] fv = registers.get(registerId);
        return fv == null ? hostValue : (hostValue & ~fv[0]) | fv[1];
    }
}
