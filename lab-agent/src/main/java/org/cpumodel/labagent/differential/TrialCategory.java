package org.cpumodel.labagent.differential;

/** What a trial probes; the generator covers every category, the report counts per category. */
public enum TrialCategory {
    /** One writable field moved below the limit (mostly accepted). */
    LOWER_FIELD,
    /** One writable field moved above the limit. */
    RAISE_FIELD,
    /** Several writable fields changed at once, mostly downwards. */
    MULTI_FIELD,
    /** The value KVM already holds written back. */
    EQUAL_VALUE,
    /** A signed field set to one of its negative encodings 0x8..0xF. */
    SIGNED_CORNER,
    /** A field outside the writable mask (or without a cpufeature rule) changed. */
    NON_WRITABLE,
    /** A RES0 bit set. */
    RES0_BITS,
    /** A read-as-zero, hidden, unallocated or absent encoding written. */
    RAZ_UNALLOCATED,
    /** An AArch32 ID register written (RAZ/WI on hosts without AArch32 EL0). */
    AARCH32,
    /** A register-specific pre-check of set_user (DebugVer, PMUVer, PerfMon, EL0/EL1, L1Ip, MPAM, NV). */
    PRECHECK,
    /** CTR_EL0 fields (DIC, IDC, DminLine, IminLine, L1Ip, CWG, ERG). */
    CTR,
    /** CLIDR_EL1 (RES0 bits, values implying IDC). */
    CLIDR,
    /** MIDR/REVIDR/AIDR without capability 239. */
    IMPID_NO_CAP,
    /** MIDR/REVIDR/AIDR with capability 239 enabled before the vCPU. */
    IMPID_CAP,
    /** MPIDR_EL1 (written verbatim). */
    MPIDR,
    /** A malformed register id (wrong size). */
    BAD_ID,
    /** A write after the VM ran (EBUSY unless equal). */
    AFTER_RUN,
    /** A chain of writes without restore: later checks are against the limit, not the current value. */
    CHAINED,
    /** ICC_CTLR_EL1 through the vGICv3 device. */
    ICC_CTLR,
    /**
     * KVM_REG_ARM64_SVE_VLS on an SVE vCPU: before KVM_ARM_VCPU_FINALIZE (the host's set, a prefix of it,
     * a gap, a length above the host's, none) and after it (EPERM).
     */
    SVE_VLS,
    /**
     * A field the kernel hides from the guest but accepts back when it equals the host's sanitised value
     * (ID_AA64PFR0_EL1.MPAM, ID_AA64PFR1_EL1.MPAM_frac, ID_AA64MMFR2_EL1.NV): the host's value as the
     * collector measured it, 0, and other values.
     */
    HIDDEN_FIELD
}
