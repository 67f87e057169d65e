package org.cpumodel.kernel.limits;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.kernel.rules.ClidrRule;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.VcpuFeature;

/**
 * KVM's limits (what a fresh vCPU reads) derived from a host's raw register values, per kernel
 * version and vCPU feature set: the system-wide sanitisation (fields without a cpufeature entry
 * read 0) followed by KVM's own adjustments (kvm-arm64-semantics.md 2.4; linux 6.1 read_id_reg,
 * linux 6.12 __kvm_read_sanitised_id_reg and read_sanitised_id_aa64{pfr0,dfr0}_el1). Used for
 * raw-silicon imports and for "what if this host ran another kernel"; every result is inferred.
 */
public final class KvmLimits {

    private static final KernelVersion V6_7 = new KernelVersion(6, 7);
    private static final KernelVersion V6_10 = new KernelVersion(6, 10);
    private static final KernelVersion V6_12 = new KernelVersion(6, 12);
    private static final KernelVersion V7_0 = new KernelVersion(7, 0);

    private KvmLimits() {
    }

    /** Host raw (single-CPU or already sanitised) values by register name to KVM limits. */
    public static SortedMap<String, Long> fromHost(Map<String, Long> host, KernelVersion k, FeatureSet fs) {
        KnowledgeBase kb = KnowledgeBase.load();
        KernelAbi abi = KernelAbi.of(k);
        boolean aa32 = RegisterFacts.aarch32El0(host.getOrDefault(ID_AA64PFR0_EL1.NAME, 1L));
        SortedMap<String, Long> out = new TreeMap<>();
        for (Register r : kb.featureIdRange()) {
            long raw = host.getOrDefault(r.name(), 0L);
            long v;
            if (r.registerClass() == RegisterClass.IMPLEMENTATION_ID) {
                v = raw;
            } else if (r.name().equals("MPIDR_EL1")) {
                v = 0x8000_0000L;
            } else if (r.name().equals("CLIDR_EL1")) {
                v = fabricateClidr(sanitise(kb.require("CTR_EL0"), host.getOrDefault("CTR_EL0", 0L), k));
            } else if (r.registerClass() != RegisterClass.FEATURE_ID && r.registerClass() != RegisterClass.CACHE) {
                continue;
            } else if (isRaz(abi, r) || (isAarch32(r) && !aa32)) {
                v = 0;
            } else {
                v = adjust(r, sanitise(r, raw, k), k, fs, host);
            }
            if (r.registerClass() == RegisterClass.CACHE && !r.name().equals("CTR_EL0") && !r.name().equals("CLIDR_EL1")) {
                continue;
            }
            out.put(r.name(), v);
        }
        return out;
    }

    private static boolean isRaz(KernelAbi abi, Register r) {
        return r.isUnallocated() || abi.register(r).map(a -> a.kind() == RegisterKind.RAZ).orElse(false);
    }

    private static boolean isAarch32(Register r) {
        var e = r.encoding();
        return e.op1() == 0 && e.crm() >= 1 && e.crm() <= 3;
    }

    /** Keeps only the fields the kernel's cpufeature table describes (others read 0 system-wide). */
    public static long sanitise(Register r, long raw, KernelVersion k) {
        long keep = 0;
        for (Field f : r.fields()) {
            if (f.ftr(k).isPresent()) {
                keep |= f.mask();
            }
        }
        return raw & keep;
    }

    private static long set(Register r, long v, String field, long value) {
        return r.field(field).map(f -> f.set(v, value)).orElse(v);
    }

    private static long get(Register r, long v, String field) {
        return r.field(field).map(f -> f.get(v)).orElse(0L);
    }

    private static long clear(Register r, long v, String... fields) {
        for (String f : fields) {
            v = set(r, v, f, 0);
        }
        return v;
    }

    private static long keepOnly(Register r, long v, String... fields) {
        long keep = 0;
        for (String f : fields) {
            keep |= r.field(f).map(Field::mask).orElse(0L);
        }
        return v & keep;
    }

    static long adjust(Register r, long v, KernelVersion k, FeatureSet fs, Map<String, Long> host) {
        boolean pmu = fs.has(VcpuFeature.PMU);
        boolean ptrauth = fs.has(VcpuFeature.PTRAUTH);
        switch (r.name()) {
            case "ID_AA64PFR0_EL1" -> {
                if (!fs.has(VcpuFeature.SVE)) {
                    v = clear(r, v, "SVE");
                }
                v = set(r, v, "CSV2", get(r, v, "CSV2") >= 1 ? 1 : 0);
                v = set(r, v, "CSV3", get(r, v, "CSV3") >= 1 ? 1 : 0);
                v = set(r, v, "GIC", 1);
                v = clear(r, v, "AMU");
                if (k.atLeast(V6_10)) {
                    v = clear(r, v, "MPAM");
                }
            }
            case "ID_AA64PFR1_EL1" -> {
                v = clear(r, v, "MTE", "SME");
                if (k.atLeast(V6_12)) {
                    v = clear(r, v, "RNDR_trap", "NMI", "MTE_frac", "GCS", "THE", "MTEX", "DF2", "PFAR", "MPAM_frac");
                }
            }
            case "ID_AA64PFR2_EL1" -> v = keepOnly(r, v, "FPMR");
            case "ID_AA64ISAR1_EL1" -> {
                if (!ptrauth) {
                    v = clear(r, v, "APA", "API", "GPA", "GPI");
                }
            }
            case "ID_AA64ISAR2_EL1" -> {
                if (!ptrauth) {
                    v = clear(r, v, "APA3", "GPA3");
                }
            }
            case "ID_AA64ISAR3_EL1" -> v = keepOnly(r, v, "FPRCVT", "LSFE", "FAMINMAX", "LSUI");
            case "ID_AA64DFR0_EL1" -> {
                long hostPmu = get(r, v, "PMUVer");
                if (k.atLeast(V6_7)) {
                    v = set(r, v, "DebugVer", Math.min(get(r, v, "DebugVer"), 0xA));
                    long lim = hostPmu == 0xF ? 0 : Math.min(hostPmu, 6);
                    v = set(r, v, "PMUVer", pmu ? lim : 0);
                } else {
                    v = set(r, v, "DebugVer", 6);
                    long lim = hostPmu == 0xF ? 0 : Math.min(hostPmu, 5);
                    v = set(r, v, "PMUVer", pmu ? lim : 0);
                }
                v = clear(r, v, "PMSVer");
                if (k.atLeast(V7_0)) {
                    v = clear(r, v, "BRBE");
                }
            }
            case "ID_DFR0_EL1" -> {
                long pmuver = get(KnowledgeBase.load().require("ID_AA64DFR0_EL1"), host.getOrDefault("ID_AA64DFR0_EL1", 0L), "PMUVer");
                long lim = pmuver == 0xF ? 0 : Math.min(pmuver, k.atLeast(V6_7) ? 6 : 5);
                long perfmon = !pmu ? 0 : lim == 1 ? 3 : lim;
                v = set(r, v, "PerfMon", perfmon);
            }
            case "ID_AA64MMFR2_EL1" -> {
                v = clear(r, v, "CCIDX");
                if (k.atLeast(V7_0)) {
                    v = clear(r, v, "NV");
                }
            }
            case "ID_AA64MMFR3_EL1" -> v = keepOnly(r, v, "TCRX", "S1POE", "S1PIE", "SCTLRX");
            case "ID_MMFR4_EL1" -> v = clear(r, v, "CCIDX");
            default -> {
            }
        }
        return v;
    }

    /** reset_clidr: a CLIDR_EL1 fabricated from CTR_EL0's IDC and DIC (sys_regs.c). */
    public static long fabricateClidr(long ctr) {
        return ClidrRule.fabricate(ctr);
    }

    /** The named fields of a register that are not reserved (for explanations). */
    public static boolean hasField(Register r, String name) {
        return r.fields().stream().anyMatch(f -> f.kind() == FieldKind.FIELD && f.name().equals(name));
    }
}
