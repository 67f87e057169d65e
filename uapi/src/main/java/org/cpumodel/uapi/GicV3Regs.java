package org.cpumodel.uapi;

/**
 * GICv3 register offsets (Arm IHI 0069, chapter 12) as KVM's vGIC device attributes address them:
 * distributor registers from the distributor base ({@link VgicV3#GRP_DIST_REGS}), redistributor
 * registers from RD_base with the SGI_base frame at {@link #GICR_SGI_BASE}
 * ({@link VgicV3#GRP_REDIST_REGS}), CPU interface registers by system register encoding
 * ({@link VgicV3#GRP_CPU_SYSREGS}). Only what a VMM saves and restores is here.
 */
public final class GicV3Regs {

    private GicV3Regs() {
    }

    public static final long GICD_CTLR = 0x0000;
    public static final long GICD_IIDR = 0x0008;
    /** One bit per interrupt, 32 per register. */
    public static final long GICD_IGROUPR = 0x0080;
    public static final long GICD_ISENABLER = 0x0100;
    public static final long GICD_ISPENDR = 0x0200;
    public static final long GICD_ISACTIVER = 0x0300;
    /** One byte per interrupt, 4 per register. */
    public static final long GICD_IPRIORITYR = 0x0400;
    /** Two bits per interrupt, 16 per register. */
    public static final long GICD_ICFGR = 0x0C00;
    /** 64 bits per SPI, from INTID 32 at {@code GICD_IROUTER + 8 * intid}; KVM takes it as two 32-bit halves. */
    public static final long GICD_IROUTER = 0x6000;

    public static final long GICR_CTLR = 0x0000;
    /** The SGI_base frame (SGIs and PPIs), 64 KiB after RD_base. */
    public static final long GICR_SGI_BASE = 0x1_0000;
    public static final long GICR_IGROUPR0 = GICR_SGI_BASE + 0x0080;
    public static final long GICR_ISENABLER0 = GICR_SGI_BASE + 0x0100;
    public static final long GICR_ISPENDR0 = GICR_SGI_BASE + 0x0200;
    public static final long GICR_ISACTIVER0 = GICR_SGI_BASE + 0x0300;
    /** Eight registers for the 32 private interrupts. */
    public static final long GICR_IPRIORITYR = GICR_SGI_BASE + 0x0400;
    public static final long GICR_ICFGR0 = GICR_SGI_BASE + 0x0C00;
    public static final long GICR_ICFGR1 = GICR_SGI_BASE + 0x0C04;

    /** ICC_AP0R{@code n}_EL1 (3,0,12,8,4+n), n 0..3. */
    public static int iccAp0r(int n) {
        return KvmRegId.sysregEncoding(3, 0, 12, 8, 4 + n);
    }

    /** ICC_AP1R{@code n}_EL1 (3,0,12,9,n), n 0..3. */
    public static int iccAp1r(int n) {
        return KvmRegId.sysregEncoding(3, 0, 12, 9, n);
    }

    /** How many ICC_AP0R/AP1R registers exist for {@code priorityBits} (5: 1, 6: 2, 7 or 8: 4); see {@code IccCtlrRule.priorityBits}. */
    public static int activePriorityRegisters(int priorityBits) {
        return priorityBits <= 5 ? 1 : priorityBits == 6 ? 2 : 4;
    }
}
