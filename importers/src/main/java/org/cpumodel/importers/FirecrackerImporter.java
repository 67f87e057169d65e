package org.cpumodel.importers;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.Encoding;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.InferredMasks;
import org.cpumodel.profile.CpuParts;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileFormatException;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.validation.Hex;
import org.cpumodel.uapi.KvmRegId;

/**
 * Firecracker {@code cpu-template-helper fingerprint dump} JSON to a host profile: every
 * {@code reg_modifiers} entry is a register KVM showed a guest vCPU (id and full bitmap).
 */
public final class FirecrackerImporter {


    private FirecrackerImporter() {
    }

    public static HostProfile importFile(Path file) {
        String src = file.toString();
        JsonNode root;
        try {
            root = Json.readTree(file);
        } catch (ProfileFormatException e) {
            throw new ImportException(e.getMessage());
        }
        if (!root.isObject() || !root.has("kernel_version") || !root.path("guest_cpu_config").path("reg_modifiers").isArray()) {
            throw new ImportException(src + ": not a Firecracker fingerprint (expected kernel_version and guest_cpu_config.reg_modifiers)");
        }
        FirecrackerFingerprint fp;
        try {
            fp = Json.bind(src, root, FirecrackerFingerprint.class);
        } catch (ProfileFormatException e) {
            throw new ImportException(e.getMessage());
        }
        FirecrackerFingerprint.GuestCpuConfig cfg = fp.guestCpuConfig();
        if (fp.kernelVersion() == null || cfg == null || cfg.regModifiers() == null || cfg.regModifiers().contains(null)) {
            throw new ImportException(src + ": kernel_version, guest_cpu_config, reg_modifiers and their entries must not be null");
        }
        if (cfg.regModifiers().isEmpty()) {
            throw new ImportException(src + ": guest_cpu_config.reg_modifiers is empty: the fingerprint holds no register (dump it again with 'cpu-template-helper fingerprint dump')");
        }
        String release = fp.kernelVersion();
        KernelVersion kernel;
        try {
            kernel = KernelVersion.parse(release);
        } catch (IllegalArgumentException e) {
            throw new ImportException(src + ": kernel_version: " + e.getMessage());
        }
        KnowledgeBase kb = KnowledgeBase.load();
        SortedMap<String, Long> regs = new TreeMap<>();
        SortedMap<Integer, Long> ccsidr = new TreeMap<>();
        List<Long> regList = new ArrayList<>();
        int i = 0;
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (FirecrackerFingerprint.RegModifier m : cfg.regModifiers()) {
            String p = "guest_cpu_config.reg_modifiers[" + i++ + "]";
            long id;
            long value;
            try {
                id = Hex.parse(m.addr());
                String bitmap = m.bitmap();
                if (!bitmap.startsWith("0b") || bitmap.length() == 2 || bitmap.length() > 2 + 2048
                        || !bitmap.substring(2).chars().allMatch(c -> c == '0' || c == '1')) {
                    throw new NumberFormatException("bitmap is not 0b followed by 1 to 2048 0/1 digits");
                }
                if (!seen.add(id)) {
                    throw new NumberFormatException(String.format("register 0x%016x is listed twice", id));
                }
                String bits = bitmap.substring(2);
                // 128-bit registers (SVE/FP) are listed too; keep only the low 64 bits' worth for ids we read
                value = bits.length() > 64 ? Long.parseUnsignedLong(bits.substring(bits.length() - 64), 2) : Long.parseUnsignedLong(bits, 2);
            } catch (NumberFormatException e) {
                throw new ImportException(src + ": " + p + ": " + e.getMessage());
            }
            regList.add(id);
            if (KvmRegId.isCcsidr(id)) {
                ccsidr.put((int) (id & KvmRegId.DEMUX_VAL_MASK), value);
                continue;
            }
            Encoding e = Encoding.fromOneRegId(id);
            if (e != null && e.inFeatureIdRange()) {
                Register r = kb.byEncoding(e).orElseThrow(() -> new ImportException(src + ": " + p + ": encoding " + e + " missing from the knowledge base"));
                regs.put(r.name(), value);
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("imported from a Firecracker fingerprint (" + (fp.firecrackerVersion() == null ? "?" : fp.firecrackerVersion()) + "); registers as KVM showed a guest vCPU");
        SortedMap<Integer, Long> caps = new TreeMap<>();
        int ci = 0;
        for (JsonNode c : cfg.kvmCapabilities() == null ? List.<JsonNode>of() : cfg.kvmCapabilities()) {
            // Firecracker writes a capability as its number in a string, "!N" for one it removes
            String cp = "guest_cpu_config.kvm_capabilities[" + ci++ + "]";
            String t = c.isTextual() ? c.textValue() : c.isIntegralNumber() && c.canConvertToInt() ? c.toString() : "";
            if (!t.matches("!?(0|[1-9][0-9]{0,4})")) {
                throw new ImportException(src + ": " + cp + ": expected a KVM_CAP number such as \"170\" or \"!170\", found " + c);
            }
            if (!t.startsWith("!")) {
                caps.put(Integer.parseInt(t), 1L);
            }
        }
        if (cfg.vcpuFeatures() != null && !cfg.vcpuFeatures().isEmpty()) {
            throw new ImportException(src + ": vcpu_features " + cfg.vcpuFeatures() + " are not supported yet: only fingerprints of default vCPUs can be imported");
        }
        FeatureSet fs = FeatureSet.DEFAULT;
        if (!regs.containsKey(Sysregs.MIDR_EL1.NAME)) {
            throw new ImportException(src + ": guest_cpu_config.reg_modifiers has no MIDR_EL1 (0x603000000013c000): not a complete fingerprint");
        }
        long midr = regs.get(Sysregs.MIDR_EL1.NAME);
        boolean aa32 = RegisterFacts.aarch32El0(regs.getOrDefault(ID_AA64PFR0_EL1.NAME, 1L));
        var masks = InferredMasks.of(kernel, new TreeMap<>(), aa32, notes);
        var gic = ProfileCompletion.inferredGic(notes);
        String name = file.getFileName().toString().replaceFirst("^fingerprint_", "").replaceFirst("\\.json$", "")
                .toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        Map<String, String> facts = new TreeMap<>();
        facts.put("midr", CpuParts.describe(midr));
        facts.put("bios", (fp.biosVersion() == null ? "" : fp.biosVersion()) + " " + (fp.biosRevision() == null ? "" : fp.biosRevision()));
        facts.put("importedFrom", file.getFileName().toString());
        HostInfo host = new HostInfo(name, CpuParts.name(midr), release, null, "import-firecracker", new TreeMap<>(facts));
        FeatureSetView view = new FeatureSetView(Provenance.MEASURED, regs, ccsidr, regList, List.of());
        return ProfileJson.identify(new HostProfile(null, host, false, notes, caps, masks, gic, new TreeMap<>(Map.of(fs.name(), view))));
    }
}
