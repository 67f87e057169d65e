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
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.RegisterKind;
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
    private static final KernelVersion V6_15 = new KernelVersion(6, 15);
    private static final KernelVersion V7_0 = new KernelVersion(7, 0);

    private KvmLimits() {
    }

    /**
     * Host raw (single-CPU or already sanitised) values by register name to KVM limits. A register
     * the host map lacks is left out (unknown), unless the kernel decides its value without the
     * host's: read-as-zero encodings, AArch32 registers of a host without AArch32 EL0, MPIDR_EL1,
     * and CLIDR_EL1 (fabricated from CTR_EL0, so only when CTR_EL0 is known).
     */
    public static SortedMap<String, Long> fromHost(Map<String, Long> host, KernelVersion k, FeatureSet fs) {
        KnowledgeBase kb = KnowledgeBase.load();
        KernelAbi abi = KernelAbi.of(k);
        boolean aa32 = (host.getOrDefault("ID_AA64PFR0_EL1", 1L) & 0xF) == 2;
        SortedMap<String, Long> out = new TreeMap<>();
        for (Register r : kb.featureIdRange()) {
            boolean known = host.containsKey(r.name());
            long raw = known ? host.get(r.name()) : 0L;
            long v;
            if (r.registerClass() == RegisterClass.IMPLEMENTATION_ID) {
                if (!known) {
                    continue;
                }
                v = raw;
            } else if (r.name().equals("MPIDR_EL1")) {
                v = 0x8000_0000L;
            } else if (r.name().equals("CLIDR_EL1")) {
                if (!host.containsKey("CTR_EL0")) {
                    continue;
                }
                v = fabricateClidr(sanitise(kb.require("CTR_EL0"), host.get("CTR_EL0"), k));
            } else if (r.registerClass() != RegisterClass.FEATURE_ID && r.registerClass() != RegisterClass.CACHE) {
                continue;
            } else if (isRaz(abi, r) || (isAarch32(r) && !aa32)) {
                v = 0;
            } else if (!known || (r.name().equals("ID_DFR0_EL1") && !host.containsKey("ID_AA64DFR0_EL1"))) {
                continue; // not in the source: unknown, never invented
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
                if (k.atLeast(V6_15)) {
                    // 9d6745572899 "KVM: arm64: Hide ID_AA64MMFR2_EL1.NV from guest and userspace" (kvmarm/next for 6.15)
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

    /**
     * The CLIDR_EL1 a vCPU reads, fabricated from the host's sanitised CTR_EL0 (linux 6.12
     * arch/arm64/kvm/sys_regs.c reset_clidr; the VM has no MTE): with IDC, no cleaning to the point
     * of unification is needed, so LoUU and LoUIS stay 0 and one unified cache is the point of
     * coherency, at level 1 when DIC is set and at level 2 otherwise (leaving L1 for an instruction
     * cache); without IDC, L1 holds a data cache and is LoUU, LoUIS and LoC. Without DIC, L1 also has
     * an instruction cache (separate when L1 already has a data cache).
     */
    public static long fabricateClidr(long ctr) {
        boolean idc = (ctr >>> 28 & 1) != 0;
        boolean dic = (ctr >>> 29 & 1) != 0;
        long clidr;
        int loc;
        if (idc) {
            loc = dic ? 1 : 2;
            clidr = CACHE_UNIFIED << ctypeShift(loc);
        } else {
            loc = 1;
            clidr = 1L << 27 | 1L << 21 | CACHE_DATA << ctypeShift(1);
        }
        if (!dic) {
            clidr |= CACHE_INST << ctypeShift(1);
        }
        return clidr | (long) loc << 24;
    }

    /** CLIDR_EL1.Ctype<n> values (Arm ARM; linux arch/arm64/include/asm/cache.h CACHE_TYPE_*). */
    private static final long CACHE_INST = 1;
    private static final long CACHE_DATA = 2;
    private static final long CACHE_UNIFIED = 4;

    private static int ctypeShift(int level) {
        return 3 * (level - 1);
    }

    /** The named fields of a register that are not reserved (for explanations). */
    public static boolean hasField(Register r, String name) {
        return r.fields().stream().anyMatch(f -> f.kind() == FieldKind.FIELD && f.name().equals(name));
    }
}
