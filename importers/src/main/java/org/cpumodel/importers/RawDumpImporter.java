package org.cpumodel.importers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.ID_AA64DFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64ISAR1_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64ISAR2_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.InferredMasks;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.limits.KvmLimits;
import org.cpumodel.profile.CpuParts;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.uapi.KvmCap;

/**
 * A raw register dump of lelegard/arm-cpusysregs ({@code *-cpusysregs-registers.txt}: lines like
 * {@code ID_AA64ISAR0_EL1: 0000 ... 0000 - 0001 ... 0000}, 64 binary digits, most significant first,
 * each followed by an indented field breakdown) to a host profile for a given kernel. The values are
 * what the silicon shows at EL1, not what KVM shows a guest: KVM's limits are derived with
 * {@link KvmLimits#fromHost}, masks, capabilities and the GIC from the kernel version. Everything is
 * marked inferred and the profile partial.
 */
public final class RawDumpImporter {

    /** The file suffix the tool writes. */
    public static final String SUFFIX = "cpusysregs-registers.txt";

    private static final Pattern REGISTER_LINE = Pattern.compile("^([A-Z][A-Z0-9_]*):\\s(.*)$");
    private static final Pattern BITS = Pattern.compile("^([01]{4}(?: [01]{4}){7}) - ([01]{4}(?: [01]{4}){7})\\s*$");
    private static final Pattern LINUX = Pattern.compile("^Linux (\\S+)");

    private RawDumpImporter() {
    }

    /** Imports {@code file} as the host would look to KVM under {@code kernelRelease} (e.g. "6.12"). */
    public static HostProfile importFile(Path file, String kernelRelease) {
        KernelVersion k;
        try {
            k = KernelVersion.parse(kernelRelease);
        } catch (IllegalArgumentException e) {
            throw new ImportException("--kernel: " + e.getMessage());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (lines.stream().allMatch(String::isBlank)) {
            throw new ImportException(file + ": the file is empty (a cpusysregs registers dump has one 'REGISTER: <64 binary digits>' line per register)");
        }
        KnowledgeBase kb = KnowledgeBase.load();
        SortedMap<String, Long> raw = new TreeMap<>();
        List<String> ignored = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            Matcher m = REGISTER_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Matcher b = BITS.matcher(m.group(2));
            if (!b.matches()) {
                throw new ImportException(file + ":" + n + ": " + m.group(1) + ": expected 64 binary digits as 'bbbb bbbb ... - bbbb ...'"
                        + " (is this a cpusysregs registers dump, and complete?)");
            }
            String name = m.group(1);
            long value = Long.parseUnsignedLong((b.group(1) + b.group(2)).replace(" ", ""), 2);
            Optional<Register> reg = kb.find(name);
            if (reg.isEmpty() || !reg.get().inFeatureIdRange()) {
                ignored.add(name);
                continue;
            }
            if (raw.put(reg.get().name(), value) != null) {
                throw new ImportException(file + ":" + n + ": " + name + " appears twice");
            }
        }
        if (raw.isEmpty()) {
            throw new ImportException(file + ": not a cpusysregs registers dump (no 'REGISTER: <64 binary digits>' lines)");
        }
        if (!raw.containsKey(Sysregs.MIDR_EL1.NAME) || !raw.containsKey(Sysregs.ID_AA64PFR0_EL1.NAME)) {
            throw new ImportException(file + ": MIDR_EL1 and ID_AA64PFR0_EL1 are required to tell the CPU (incomplete dump?)");
        }
        KernelAbi abi = KernelAbi.of(k);
        List<String> notes = new ArrayList<>();
        notes.add("imported from a raw register dump (lelegard/arm-cpusysregs) " + file.getFileName()
                + ": values the silicon shows at EL1, not what KVM shows a guest");
        notes.add("KVM's limits inferred for Linux " + k + " from the raw values (kernel sanitisation and KVM's adjustments);"
                + " CCSIDR, register list and SVE vector lengths not known");
        if (!ignored.isEmpty()) {
            notes.add("registers outside the feature-ID range ignored: " + String.join(", ", ignored));
        }
        long pmuVer = field(raw, ID_AA64DFR0_EL1.PMUVer);
        boolean pmu = pmuVer != 0 && pmuVer != ID_AA64DFR0_EL1.PMUVer_IMP_DEF;
        boolean sve = field(raw, ID_AA64PFR0_EL1.SVE) != 0;
        boolean ptrauth = field(raw, ID_AA64ISAR1_EL1.APA) != 0 || field(raw, ID_AA64ISAR1_EL1.API) != 0 || field(raw, ID_AA64ISAR2_EL1.APA3) != 0;
        ptrauth &= field(raw, ID_AA64ISAR1_EL1.GPA) != 0 || field(raw, ID_AA64ISAR1_EL1.GPI) != 0 || field(raw, ID_AA64ISAR2_EL1.GPA3) != 0;
        List<FeatureSet> offered = new ArrayList<>(List.of(FeatureSet.DEFAULT));
        if (pmu) {
            offered.add(FeatureSet.of(VcpuFeature.PMU));
        }
        if (sve) {
            offered.add(FeatureSet.of(VcpuFeature.SVE));
        }
        if (ptrauth) {
            offered.add(FeatureSet.of(VcpuFeature.PTRAUTH));
        }
        SortedMap<String, FeatureSetView> sets = new TreeMap<>();
        for (FeatureSet fs : offered) {
            SortedMap<String, Long> limits = KvmLimits.fromHost(raw, k, fs);
            sets.put(fs.name(), new FeatureSetView(Provenance.INFERRED, limits, new TreeMap<>(), null, List.of(), rules(kb, raw, limits, k)));
        }
        List<String> unknown = new ArrayList<>();
        for (Register r : kb.featureIdRange()) {
            if (!r.isUnallocated() && !sets.get(FeatureSet.DEFAULT.name()).recorded(r.name())
                    && (r.registerClass() == org.cpumodel.kb.RegisterClass.FEATURE_ID || r.name().equals(Sysregs.CTR_EL0.NAME) || r.name().equals(Sysregs.CLIDR_EL1.NAME)
                    || r.registerClass() == org.cpumodel.kb.RegisterClass.IMPLEMENTATION_ID)) {
                unknown.add(r.name());
            }
        }
        if (!unknown.isEmpty()) {
            notes.add("not in the dump, so unknown (not recorded; a model leaves them at each host's own value): " + String.join(", ", unknown));
        }
        notes.add("feature sets " + String.join(", ", sets.keySet()) + " assumed offered from the silicon's PMU/SVE/pointer-authentication fields");
        SortedMap<Integer, Long> caps = new TreeMap<>();
        caps.put(126, pmu ? 1L : 0L);
        caps.put(170, sve ? 1L : 0L);
        caps.put(171, ptrauth ? 1L : 0L);
        caps.put(172, ptrauth ? 1L : 0L);
        caps.put(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES, abi.hasMasksIoctl() ? 1L : 0L);
        caps.put(KvmCap.ARM_WRITABLE_IMP_ID_REGS, abi.hasImpIdCap() ? 1L : 0L);
        notes.add("capabilities inferred from the silicon and the kernel version, not measured");
        boolean aa32 = RegisterFacts.aarch32El0(raw.get(ID_AA64PFR0_EL1.NAME));
        var masks = InferredMasks.of(k, new TreeMap<>(), aa32, notes);
        var gic = ProfileCompletion.inferredGic(notes);
        long midr = raw.get(Sysregs.MIDR_EL1.NAME);
        String base = file.getFileName().toString();
        String name = base.endsWith(SUFFIX) ? base.substring(0, base.length() - SUFFIX.length()).replaceAll("[-._]+$", "") : base.replaceFirst("\\.txt$", "");
        SortedMap<String, String> facts = new TreeMap<>();
        facts.put("midr", CpuParts.describe(midr));
        facts.put("importedFrom", base);
        sibling(file, "cpusysregs-system.txt").ifPresent(sys -> {
            for (String l : sys) {
                Matcher m = LINUX.matcher(l.strip());
                if (m.find()) {
                    facts.put("dumpKernel", m.group(1));
                    break;
                }
            }
        });
        sibling(file, "description.txt").ifPresent(desc -> {
            for (String l : desc) {
                int c = l.indexOf(':');
                if (c > 0 && !l.substring(c + 1).isBlank()) {
                    facts.put("description." + l.substring(0, c).strip().toLowerCase(Locale.ROOT), l.substring(c + 1).strip());
                }
            }
        });
        HostInfo host = new HostInfo(name, CpuParts.name(midr).toLowerCase(Locale.ROOT), kernelRelease, null, "import-raw", facts);
        return ProfileJson.identify(new HostProfile(null, host, true, notes, caps, masks, gic, sets));
    }

    /** Per register of {@code limits}, the rule that gave its value (every value of a raw import is inferred). */
    private static SortedMap<String, String> rules(KnowledgeBase kb, SortedMap<String, Long> raw, SortedMap<String, Long> limits, KernelVersion k) {
        SortedMap<String, String> out = new TreeMap<>();
        for (String name : limits.keySet()) {
            String rule;
            if (name.equals(Sysregs.CLIDR_EL1.NAME)) {
                rule = "reset_clidr: fabricated from CTR_EL0.IDC/DIC (sys_regs.c)";
            } else if (name.equals(Sysregs.MPIDR_EL1.NAME)) {
                rule = "reset_mpidr: from the vCPU index, not the host";
            } else if (raw.containsKey(name)) {
                rule = "the silicon's value through Linux " + k + "'s sanitisation and KVM's adjustments";
            } else {
                rule = "reads as zero for a guest under Linux " + k + " whatever the host has";
            }
            out.put(name, rule);
        }
        return out;
    }

    private static long field(SortedMap<String, Long> raw, SysregField f) {
        return f.get(raw.getOrDefault(f.register(), 0L));
    }

    /** {@code x.cpusysregs-registers.txt} to {@code x.<suffix>} beside it, when readable. */
    private static Optional<List<String>> sibling(Path file, String suffix) {
        String base = file.getFileName().toString();
        if (!base.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String stem = base.substring(0, base.length() - SUFFIX.length());
        Path p = file.resolveSibling(stem + suffix);
        try {
            return Files.isReadable(p) ? Optional.of(Files.readAllLines(p, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
