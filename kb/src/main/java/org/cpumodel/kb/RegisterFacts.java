package org.cpumodel.kb;

/**
 * Facts derived from register values, each written once over the generated {@link Sysregs} fields
 * (callers holding a profile view use its methods, e.g. {@code FeatureSetView.hasAArch32El0()}).
 */
public final class RegisterFacts {

    private RegisterFacts() {
    }

    /** ID_AA64PFR0_EL1.EL0 == AARCH32: EL0 runs AArch32 as well as AArch64 (the AArch32 ID registers mean something). */
    public static boolean aarch32El0(long idAa64pfr0) {
        return Sysregs.ID_AA64PFR0_EL1.EL0.get(idAa64pfr0) == Sysregs.ID_AA64PFR0_EL1.EL0_AARCH32;
    }

    /** CTR_EL0.IDC: data cache clean to the point of unification is not required for instruction coherence. */
    public static boolean ctrIdc(long ctr) {
        return Sysregs.CTR_EL0.IDC.isSet(ctr);
    }

    /**
     * Whether a CLIDR_EL1 value implies CTR_EL0.IDC: LoC == 0, or LoUIS == 0 and LoUU == 0 (no cache
     * level to clean to the point of unification). KVM's set_clidr (arch/arm64/kvm/sys_regs.c) refuses
     * such a value when the host's sanitised CTR_EL0.IDC is 0.
     */
    public static boolean clidrImpliesIdc(long clidr) {
        return Sysregs.CLIDR_EL1.LoC.get(clidr) == 0
                || (Sysregs.CLIDR_EL1.LoUIS.get(clidr) == 0 && Sysregs.CLIDR_EL1.LoUU.get(clidr) == 0);
    }

    /**
     * Whether a register lies in the AArch32 ID register space: op0 3, op1 0, CRn 0, CRm 1 to 3
     * (ID_PFR0_EL1 .. MVFR2_EL1 and the unallocated encodings between them; Arm ARM D23.3).
     */
    public static boolean inAarch32IdSpace(Register r) {
        Encoding e = r.encoding();
        return e.op0() == 3 && e.op1() == 0 && e.crn() == 0 && e.crm() >= 1 && e.crm() <= 3;
    }
}
