package org.cpumodel.uapi;

/**
 * Constants and attribute arithmetic of the vGICv3 KVM device
 * ({@code arch/arm64/include/uapi/asm/kvm.h}, Documentation/virt/kvm/devices/arm-vgic-v3.rst).
 *
 * <p>CPU interface system registers (ICC_*) are reached through the device fd with group
 * {@link #GRP_CPU_SYSREGS}; the vGIC must have its distributor and redistributor addresses set
 * and be initialised ({@link #GRP_CTRL}/{@link #CTRL_INIT}) first, after all vCPUs exist.
 */
public final class VgicV3 {

    private VgicV3() {
    }

    /** KVM_DEV_TYPE_ARM_VGIC_V3. */
    public static final int DEVICE_TYPE = 7;

    /** KVM_DEV_ARM_VGIC_GRP_ADDR: attr is an address type, payload the u64 guest physical base. */
    public static final int GRP_ADDR = 0;
    public static final int GRP_DIST_REGS = 1;
    public static final int GRP_NR_IRQS = 3;
    /** KVM_DEV_ARM_VGIC_GRP_CTRL. */
    public static final int GRP_CTRL = 4;
    public static final int GRP_REDIST_REGS = 5;
    /** KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS: attr = MPIDR affinity &lt;&lt; 32 | sysreg encoding. */
    public static final int GRP_CPU_SYSREGS = 6;
    public static final int GRP_LEVEL_INFO = 7;

    /** KVM_DEV_ARM_VGIC_CTRL_INIT (group {@link #GRP_CTRL}, no payload). */
    public static final long CTRL_INIT = 0;

    /** KVM_VGIC_V3_ADDR_TYPE_DIST. */
    public static final long ADDR_TYPE_DIST = 2;
    /** KVM_VGIC_V3_ADDR_TYPE_REDIST: one contiguous region of {@link #REDIST_SIZE} per vCPU. */
    public static final long ADDR_TYPE_REDIST = 3;
    /** KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION. */
    public static final long ADDR_TYPE_REDIST_REGION = 5;

    /** KVM_VGIC_V3_DIST_SIZE (64 KiB). */
    public static final long DIST_SIZE = 0x1_0000L;
    /** KVM_VGIC_V3_REDIST_SIZE per vCPU (2 x 64 KiB). */
    public static final long REDIST_SIZE = 0x2_0000L;

    /** KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK. */
    public static final long SYSREG_INSTR_MASK = 0xFFFFL;
    /** KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT. */
    public static final int MPIDR_SHIFT = 32;

    /** ICC_PMR_EL1 (3,0,4,6,0). */
    public static final int ICC_PMR_EL1 = KvmRegId.sysregEncoding(3, 0, 4, 6, 0);
    /** ICC_BPR0_EL1 (3,0,12,8,3). */
    public static final int ICC_BPR0_EL1 = KvmRegId.sysregEncoding(3, 0, 12, 8, 3);
    /** ICC_BPR1_EL1 (3,0,12,12,3). */
    public static final int ICC_BPR1_EL1 = KvmRegId.sysregEncoding(3, 0, 12, 12, 3);
    /** ICC_CTLR_EL1 (3,0,12,12,4) = 0xC664. */
    public static final int ICC_CTLR_EL1 = KvmRegId.sysregEncoding(3, 0, 12, 12, 4);
    /** ICC_SRE_EL1 (3,0,12,12,5). */
    public static final int ICC_SRE_EL1 = KvmRegId.sysregEncoding(3, 0, 12, 12, 5);
    /** ICC_IGRPEN0_EL1 (3,0,12,12,6). */
    public static final int ICC_IGRPEN0_EL1 = KvmRegId.sysregEncoding(3, 0, 12, 12, 6);
    /** ICC_IGRPEN1_EL1 (3,0,12,12,7). */
    public static final int ICC_IGRPEN1_EL1 = KvmRegId.sysregEncoding(3, 0, 12, 12, 7);

    /**
     * The {@link #GRP_CPU_SYSREGS} attribute for a vCPU and a register. {@code mpidr} is the
     * vCPU's MPIDR_EL1 value (Aff3 in bits 39:32, Aff2..Aff0 in 23:0); it is packed as KVM's
     * {@code VGIC_TO_MPIDR} expects: Aff3 in attr bits 63:56, Aff2 55:48, Aff1 47:40, Aff0 39:32.
     */
    public static long cpuSysregAttr(long mpidr, int sysregInstr) {
        long aff0 = mpidr & 0xFF, aff1 = mpidr >>> 8 & 0xFF, aff2 = mpidr >>> 16 & 0xFF, aff3 = mpidr >>> 32 & 0xFF;
        long packed = aff3 << 24 | aff2 << 16 | aff1 << 8 | aff0;
        return packed << MPIDR_SHIFT | (sysregInstr & SYSREG_INSTR_MASK);
    }
}
