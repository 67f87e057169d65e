package org.cpumodel.uapi;

/**
 * Constants and attribute arithmetic of the vGICv3 KVM device
 * ({@code arch/arm64/include/uapi/asm/kvm.h}, Documentation/virt/kvm/devices/arm-vgic-v3.rst).
 *
 * <p>CPU interface system registers (ICC_*) are reached through the device fd with group
 * {@link #GRP_CPU_SYSREGS}; the vGIC must have its distributor and redistributor addresses set
 * and be initialised ({@link #GRP_CTRL}/{@link #CTRL_INIT}) first, after all vCPUs exist. The
 * groups a VMM saves and restores (distributor and redistributor registers, line levels) take
 * 32-bit values; every per-vCPU group names the vCPU by its MPIDR affinity in attr bits 63..32
 * ({@link #mpidrField}).
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
    /** KVM_DEV_ARM_VGIC_GRP_ITS_REGS. */
    public static final int GRP_ITS_REGS = 8;

    /** KVM_DEV_ARM_VGIC_CTRL_INIT (group {@link #GRP_CTRL}, no payload). */
    public static final long CTRL_INIT = 0;
    /** KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES (group {@link #GRP_CTRL}): flush LPI pending state to guest RAM. */
    public static final long CTRL_SAVE_PENDING_TABLES = 3;

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
    /** KVM_DEV_ARM_VGIC_OFFSET_MASK: a distributor or redistributor register offset, in attr bits 31..0. */
    public static final long OFFSET_MASK = 0xFFFF_FFFFL;
    /** KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT. */
    public static final int LINE_LEVEL_INFO_SHIFT = 10;
    /** KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK (22 bits from bit 10). */
    public static final long LINE_LEVEL_INFO_MASK = 0x3F_FFFFL << LINE_LEVEL_INFO_SHIFT;
    /** KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK: the first INTID of a 32-interrupt block, in attr bits 9..0. */
    public static final long LINE_LEVEL_INTID_MASK = 0x3FF;
    /** VGIC_LEVEL_INFO_LINE_LEVEL: the level of 32 level-triggered interrupts, one bit each. */
    public static final long LEVEL_INFO_LINE_LEVEL = 0;

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
     * The {@link #GRP_CPU_SYSREGS} attribute for a vCPU and a register: {@link #mpidrField} of the
     * vCPU's MPIDR_EL1 and the register's 16-bit encoding.
     */
    public static long cpuSysregAttr(long mpidr, int sysregInstr) {
        return mpidrField(mpidr) | (sysregInstr & SYSREG_INSTR_MASK);
    }

    /** {@link #GRP_DIST_REGS}: a distributor register by its offset from the distributor base. */
    public static long distReg(long offset) {
        checkOffset(offset);
        return offset;
    }

    /** {@link #GRP_REDIST_REGS}: a register of the vCPU's redistributor by its offset from the RD_base frame. */
    public static long redistReg(long mpidr, long offset) {
        checkOffset(offset);
        return mpidrField(mpidr) | offset;
    }

    /**
     * {@link #GRP_LEVEL_INFO}: the line levels of INTIDs {@code intidBase .. intidBase+31} as seen by
     * the vCPU (private interrupts are per vCPU; SPIs are the same on every vCPU).
     */
    public static long lineLevel(long mpidr, int intidBase) {
        if (intidBase < 0 || intidBase % 32 != 0 || intidBase > LINE_LEVEL_INTID_MASK) {
            throw new IllegalArgumentException("level info INTID base must be a multiple of 32 in 0..1023: " + intidBase);
        }
        return mpidrField(mpidr) | LEVEL_INFO_LINE_LEVEL << LINE_LEVEL_INFO_SHIFT | intidBase;
    }

    /**
     * A vCPU's MPIDR_EL1 value (Aff3 in bits 39:32, Aff2..Aff0 in 23:0) packed into attr bits 63..32
     * as KVM's {@code VGIC_TO_MPIDR} expects: Aff3 in 63:56, Aff2 55:48, Aff1 47:40, Aff0 39:32.
     */
    public static long mpidrField(long mpidr) {
        long aff0 = mpidr & 0xFF, aff1 = mpidr >>> 8 & 0xFF, aff2 = mpidr >>> 16 & 0xFF, aff3 = mpidr >>> 32 & 0xFF;
        long packed = aff3 << 24 | aff2 << 16 | aff1 << 8 | aff0;
        return packed << MPIDR_SHIFT;
    }

    private static void checkOffset(long offset) {
        if (offset < 0 || offset > OFFSET_MASK || offset % 4 != 0) {
            throw new IllegalArgumentException("vGIC register offset must be a 32-bit multiple of 4: 0x" + Long.toHexString(offset));
        }
    }
}
