package org.cpumodel.kernel.abi;

/**
 * The yes/no facts of kernel-abi.txt ({@code flag} lines), each true for a range of kernel versions.
 * A flag line naming anything else is refused when the table is read.
 */
public enum AbiFlag {
    /** KVM_ARM_GET_REG_WRITABLE_MASKS exists (KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES = 230). */
    MASKS_IOCTL("masks-ioctl"),
    /** KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (239). */
    IMP_ID_CAP("imp-id-cap"),
    /** Feature-range registers outside the ID space reported ~0 by the masks ioctl. */
    NON_ID_MASKS_ALL_ONES("non-id-masks-all-ones"),
    /** The first KVM_RUN without an in-kernel irqchip clears the GIC fields of the VM's values. */
    GIC_CLEARED_WITHOUT_IRQCHIP_AT_RUN("gic-cleared-without-irqchip-at-run"),
    /** The GIC fields are finalised at the first KVM_RUN. */
    GIC_FINALISED_AT_RUN("gic-finalised-at-run"),
    /** The VM's SMCCC filter (KVM_ARM_VM_SMCCC_CTRL device attribute). */
    SMCCC_FILTER("smccc-filter"),
    /** The firmware register KVM_REG_ARM_VENDOR_HYP_BMAP_2. */
    VENDOR_HYP_BMAP_2("vendor-hyp-bmap-2"),
    /** Userspace can change ID register fields (set_id_reg with arm64_check_features). */
    WRITABLE_ID_REGISTERS("writable-id-registers"),
    /** KVM's limit of ID_AA64PFR0_EL1 has MPAM cleared. */
    LIMIT_HIDES_MPAM("limit-hides-mpam"),
    /** KVM's ID_AA64DFR0_EL1 limit: PMUVer up to PMUv3p5 and the host's DebugVer up to v8p8 (else PMUv3p4 and DebugVer v8). */
    LIMIT_PMUV3P5_DEBUGV8P8("limit-pmuv3p5-debugv8p8"),
    /** KVM's limit of ID_AA64PFR1_EL1 has RNDR_trap, NMI, MTE_frac, GCS, THE, MTEX, DF2, PFAR and MPAM_frac cleared. */
    LIMIT_HIDES_PFR1_EXTENSIONS("limit-hides-pfr1-extensions"),
    /** KVM's limits have ID_AA64DFR0_EL1.BRBE cleared (the flag's name is historical: NV has its own, {@link #LIMIT_HIDES_NV}). */
    LIMIT_HIDES_BRBE_NV("limit-hides-brbe-nv"),
    /** KVM's limits have ID_AA64MMFR2_EL1.NV cleared (with set_id_aa64mmfr2_el1 accepting the host's own value). */
    LIMIT_HIDES_NV("limit-hides-nv");

    private final String id;

    AbiFlag(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static AbiFlag parse(String s) {
        for (AbiFlag f : values()) {
            if (f.id.equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown flag '" + s + "' (known: "
                + java.util.Arrays.stream(values()).map(AbiFlag::id).toList() + ")");
    }
}
