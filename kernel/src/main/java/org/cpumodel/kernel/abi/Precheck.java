package org.cpumodel.kernel.abi;

/**
 * Register-specific pre-processing that a kernel runs in a register's set_user before the generic
 * check (kvm-arm64-semantics.md 2.5). Each one is applied by the reference KVM.
 */
public enum Precheck {
    /** ID_AA64PFR0_EL1.MPAM equal to the host's sanitised value is accepted and cleared. */
    PFR0_MPAM_IGNORE("pfr0-mpam-ignore"),
    /** ID_AA64PFR0_EL1.EL0 or EL1 of 0 is rejected (EL2 too for nested vCPUs). */
    PFR0_EL_NONZERO("pfr0-el-nonzero"),
    /** ID_AA64PFR1_EL1.MPAM_frac equal to the host's sanitised value is accepted and cleared. */
    PFR1_MPAM_FRAC_IGNORE("pfr1-mpam-frac-ignore"),
    /** ID_AA64PFR1_EL1.MTE_frac 0 on an MTE2 host with MTE_frac NI is replaced by the host value. */
    PFR1_MTE_FRAC("pfr1-mte-frac"),
    /** ID_AA64DFR0_EL1.PMUVer 0xF (IMP_DEF) is rewritten to 0. */
    DFR0_PMUVER_IMPDEF("dfr0-pmuver-impdef"),
    /** ID_AA64DFR0_EL1.PMUVer 2 or 3 (reserved) is rejected. */
    DFR0_PMUVER_RESERVED("dfr0-pmuver-reserved"),
    /** ID_AA64DFR0_EL1.DebugVer below 6 (Armv8.0 debug) is rejected. */
    DFR0_DEBUGVER_MIN("dfr0-debugver-min"),
    /** ID_DFR0_EL1: PerfMon 0xF rewritten to 0, PerfMon 1..2 rejected, CopDbg below 6 rejected. */
    IDDFR0_PERFMON("iddfr0-perfmon"),
    /** ID_AA64MMFR0_EL1 TGRAN*_2 of a nested vCPU must equal the limit or be NI (1). */
    MMFR0_TGRAN2_NV("mmfr0-tgran2-nv"),
    /** ID_AA64MMFR2_EL1.NV equal to the host's value is accepted and cleared. */
    MMFR2_NV_IGNORE("mmfr2-nv-ignore"),
    /** CTR_EL0.L1Ip 0 (VPIPT) or 1 (AIVIVT) is rejected. */
    CTR_L1IP("ctr-l1ip");

    private final String id;

    Precheck(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The profile fact that records the host's hidden value of {@code register.field}. */
    public static String hiddenFact(String register, String field) {
        return "sanitised." + register + "." + field;
    }

    public static Precheck parse(String s) {
        for (Precheck p : values()) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pre-check '" + s + "'");
    }
}
