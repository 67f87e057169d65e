package org.cpumodel.host;

/**
 * The vGICv3 device-attribute groups a VMM saves and restores, beyond those in {@link VgicV3}, and
 * their {@code attr} arithmetic ({@code arch/arm64/include/uapi/asm/kvm.h},
 * Documentation/virt/kvm/devices/arm-vgic-v3.rst). Distributor and redistributor registers and
 * level info are 32-bit values; the vCPU is named by its MPIDR affinity in attr bits 63..32 (Aff3
 * 63..56, Aff2 55..48, Aff1 47..40, Aff0 39..32), as for the CPU system registers.
 */
public final class VgicV3Attr {

    /** KVM_DEV_ARM_VGIC_GRP_ITS_REGS. */
    public static final int GRP_ITS_REGS = 8;
    /** KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES (group {@link VgicV3#GRP_CTRL}): flush LPI pending state to guest RAM. */
    public static final long CTRL_SAVE_PENDING_TABLES = 3;
    /** KVM_DEV_ARM_VGIC_OFFSET_MASK: the register offset in attr bits 31..0. */
    public static final long OFFSET_MASK = 0xFFFF_FFFFL;
    /** KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT. */
    public static final int LINE_LEVEL_INFO_SHIFT = 10;
    /** KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK (22 bits from bit 10). */
    public static final long LINE_LEVEL_INFO_MASK = 0x3F_FFFFL << LINE_LEVEL_INFO_SHIFT;
    /** KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK: the first INTID of a 32-interrupt block, in attr bits 9..0. */
    public static final long LINE_LEVEL_INTID_MASK = 0x3FF;
    /** VGIC_LEVEL_INFO_LINE_LEVEL: the level of 32 level-triggered interrupts, one bit each. */
    public static final long LEVEL_INFO_LINE_LEVEL = 0;

    private VgicV3Attr() {
    }

    /** {@link VgicV3#GRP_DIST_REGS}: a distributor register by its offset from the distributor base. */
    public static long distReg(long offset) {
        checkOffset(offset);
        return offset;
    }

    /** {@link VgicV3#GRP_REDIST_REGS}: a register of the vCPU's redistributor by its offset from the RD_base frame. */
    public static long redistReg(long mpidr, long offset) {
        checkOffset(offset);
        return mpidrField(mpidr) | offset;
    }

    /**
     * {@link VgicV3#GRP_LEVEL_INFO}: the line levels of INTIDs {@code intidBase .. intidBase+31}
     * as seen by the vCPU (private interrupts are per vCPU; SPIs are the same on every vCPU).
     */
    public static long lineLevel(long mpidr, int intidBase) {
        if (intidBase < 0 || intidBase % 32 != 0 || intidBase > LINE_LEVEL_INTID_MASK) {
            throw new IllegalArgumentException("level info INTID base must be a multiple of 32 in 0..1023: " + intidBase);
        }
        return mpidrField(mpidr) | LEVEL_INFO_LINE_LEVEL << LINE_LEVEL_INFO_SHIFT | intidBase;
    }

    /** The MPIDR affinity of a vCPU packed into attr bits 63..32 (what {@link VgicV3#cpuSysregAttr} uses too). */
    public static long mpidrField(long mpidr) {
        return VgicV3.cpuSysregAttr(mpidr, 0);
    }

    private static void checkOffset(long offset) {
        if (offset < 0 || offset > OFFSET_MASK || offset % 4 != 0) {
            throw new IllegalArgumentException("vGIC register offset must be a 32-bit multiple of 4: 0x" + Long.toHexString(offset));
        }
    }
}
