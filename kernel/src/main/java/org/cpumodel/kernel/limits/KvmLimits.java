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
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.ID_AA64DFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64ISAR1_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64ISAR2_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64ISAR3_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64MMFR2_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64MMFR3_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR1_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR2_EL1;
import org.cpumodel.kb.Sysregs.ID_DFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_MMFR4_EL1;
import org.cpumodel.kb.Sysregs.MPIDR_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.AbiFlag;
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
        boolean aa32 = RegisterFacts.aarch32El0(host.getOrDefault(ID_AA64PFR0_EL1.NAME, 1L));
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
            } else if (r.name().equals(MPIDR_EL1.NAME)) {
                v = MPIDR_EL1.RES1;
            } else if (r.name().equals(Sysregs.CLIDR_EL1.NAME)) {
                if (!host.containsKey(Sysregs.CTR_EL0.NAME)) {
                    continue;
                }
                v = fabricateClidr(sanitise(kb.require(Sysregs.CTR_EL0.NAME), host.get(Sysregs.CTR_EL0.NAME), k));
            } else if (r.registerClass() != RegisterClass.FEATURE_ID && r.registerClass() != RegisterClass.CACHE) {
                continue;
            } else if (isRaz(abi, r) || (isAarch32(r) && !aa32)) {
                v = 0;
            } else if (!known || (r.name().equals(ID_DFR0_EL1.NAME) && !host.containsKey(ID_AA64DFR0_EL1.NAME))) {
                continue; // not in the source: unknown, never invented
            } else {
                v = adjust(r, sanitise(r, raw, k), k, fs, host);
            }
            if (r.registerClass() == RegisterClass.CACHE && !r.name().equals(Sysregs.CTR_EL0.NAME) && !r.name().equals(Sysregs.CLIDR_EL1.NAME)) {
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
        return org.cpumodel.kb.RegisterFacts.inAarch32IdSpace(r);
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

    private static long clear(long v, SysregField... fields) {
        for (SysregField f : fields) {
            v = f.set(v, 0);
        }
        return v;
    }

    private static long keepOnly(long v, SysregField... fields) {
        long keep = 0;
        for (SysregField f : fields) {
            keep |= f.mask();
        }
        return v & keep;
    }

    static long adjust(Register r, long v, KernelVersion k, FeatureSet fs, Map<String, Long> host) {
        KernelAbi abi = KernelAbi.of(k);
        boolean pmu = fs.has(VcpuFeature.PMU);
        boolean ptrauth = fs.has(VcpuFeature.PTRAUTH);
        boolean pmuV3p5 = abi.flag(AbiFlag.LIMIT_PMUV3P5_DEBUGV8P8);
        boolean hidesBrbeNv = abi.flag(AbiFlag.LIMIT_HIDES_BRBE_NV);
        switch (r.name()) {
            case ID_AA64PFR0_EL1.NAME -> {
                if (!fs.has(VcpuFeature.SVE)) {
                    v = clear(v, ID_AA64PFR0_EL1.SVE);
                }
                v = ID_AA64PFR0_EL1.CSV2.set(v, ID_AA64PFR0_EL1.CSV2.get(v) >= 1 ? 1 : 0);
                v = ID_AA64PFR0_EL1.CSV3.set(v, ID_AA64PFR0_EL1.CSV3.get(v) >= 1 ? 1 : 0);
                v = ID_AA64PFR0_EL1.GIC.set(v, 1);
                v = clear(v, ID_AA64PFR0_EL1.AMU);
                if (abi.flag(AbiFlag.LIMIT_HIDES_MPAM)) {
                    v = clear(v, ID_AA64PFR0_EL1.MPAM);
                }
            }
            case ID_AA64PFR1_EL1.NAME -> {
                v = clear(v, ID_AA64PFR1_EL1.MTE, ID_AA64PFR1_EL1.SME);
                if (abi.flag(AbiFlag.LIMIT_HIDES_PFR1_EXTENSIONS)) {
                    v = clear(v, ID_AA64PFR1_EL1.RNDR_trap, ID_AA64PFR1_EL1.NMI, ID_AA64PFR1_EL1.MTE_frac, ID_AA64PFR1_EL1.GCS,
                            ID_AA64PFR1_EL1.THE, ID_AA64PFR1_EL1.MTEX, ID_AA64PFR1_EL1.DF2, ID_AA64PFR1_EL1.PFAR,
                            ID_AA64PFR1_EL1.MPAM_frac);
                }
            }
            case ID_AA64PFR2_EL1.NAME -> v = keepOnly(v, ID_AA64PFR2_EL1.FPMR);
            case ID_AA64ISAR1_EL1.NAME -> {
                if (!ptrauth) {
                    v = clear(v, ID_AA64ISAR1_EL1.APA, ID_AA64ISAR1_EL1.API, ID_AA64ISAR1_EL1.GPA, ID_AA64ISAR1_EL1.GPI);
                }
            }
            case ID_AA64ISAR2_EL1.NAME -> {
                if (!ptrauth) {
                    v = clear(v, ID_AA64ISAR2_EL1.APA3, ID_AA64ISAR2_EL1.GPA3);
                }
            }
            case ID_AA64ISAR3_EL1.NAME -> v = keepOnly(v, ID_AA64ISAR3_EL1.FPRCVT, ID_AA64ISAR3_EL1.LSFE, ID_AA64ISAR3_EL1.FAMINMAX,
                    ID_AA64ISAR3_EL1.LSUI);
            case ID_AA64DFR0_EL1.NAME -> {
                long hostPmu = ID_AA64DFR0_EL1.PMUVer.get(v);
                if (pmuV3p5) {
                    v = ID_AA64DFR0_EL1.DebugVer.set(v, Math.min(ID_AA64DFR0_EL1.DebugVer.get(v), ID_AA64DFR0_EL1.DebugVer_V8P8));
                } else {
                    v = ID_AA64DFR0_EL1.DebugVer.set(v, ID_AA64DFR0_EL1.DebugVer_IMP);
                }
                v = ID_AA64DFR0_EL1.PMUVer.set(v, pmu ? pmuVerLimit(hostPmu, pmuV3p5) : 0);
                v = clear(v, ID_AA64DFR0_EL1.PMSVer);
                if (hidesBrbeNv) {
                    v = clear(v, ID_AA64DFR0_EL1.BRBE);
                }
            }
            case ID_DFR0_EL1.NAME -> {
                long lim = pmuVerLimit(ID_AA64DFR0_EL1.PMUVer.get(host.getOrDefault(ID_AA64DFR0_EL1.NAME, 0L)), pmuV3p5);
                long perfmon = !pmu ? 0 : lim == 1 ? 3 : lim;
                v = ID_DFR0_EL1.PerfMon.set(v, perfmon);
            }
            case ID_AA64MMFR2_EL1.NAME -> {
                v = clear(v, ID_AA64MMFR2_EL1.CCIDX);
                if (abi.flag(AbiFlag.LIMIT_HIDES_NV)) {
                    v = clear(v, ID_AA64MMFR2_EL1.NV);
                }
            }
            case ID_AA64MMFR3_EL1.NAME -> v = keepOnly(v, ID_AA64MMFR3_EL1.TCRX, ID_AA64MMFR3_EL1.S1POE, ID_AA64MMFR3_EL1.S1PIE,
                    ID_AA64MMFR3_EL1.SCTLRX);
            case ID_MMFR4_EL1.NAME -> v = clear(v, ID_MMFR4_EL1.CCIDX);
            default -> {
            }
        }
        return v;
    }

    /** kvm_arm_pmu_get_pmuver_limit: the host's PMUVer up to PMUv3p5 (PMUv3p4 before 6.7), IMP_DEF (0xF) as none. */
    private static long pmuVerLimit(long hostPmu, boolean pmuV3p5) {
        return hostPmu == ID_AA64DFR0_EL1.PMUVer_IMP_DEF ? 0
                : Math.min(hostPmu, pmuV3p5 ? ID_AA64DFR0_EL1.PMUVer_V3P5 : ID_AA64DFR0_EL1.PMUVer_V3P4);
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
