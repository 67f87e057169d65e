package org.cpumodel.vmm.layout;

import org.cpumodel.uapi.VgicV3;

/**
 * Where things are in the guest's physical address space (kvmtool's arm64 map): the ns16550a
 * UART at 16 MiB, the vGICv3 just below 1 GiB (distributor at 1 GiB - 64 KiB, one 128 KiB
 * redistributor per vCPU below it), RAM from 2 GiB. Interrupt numbers are GIC INTIDs.
 *
 * @param cpus    number of vCPUs (1..{@link #MAX_CPUS})
 * @param ramSize bytes of RAM, a multiple of 2 MiB, {@link #MIN_RAM}..{@link #MAX_RAM}
 */
public record MemoryMap(int cpus, long ramSize) {

    public static final long MIB = 1L << 20;
    public static final long UART_BASE = 0x0100_0000L;
    public static final long UART_SIZE = 8;
    /** The UART's interrupt: SPI 0. */
    public static final int UART_INTID = 32;
    /**
     * Interrupts of the vGIC (KVM_DEV_ARM_VGIC_GRP_NR_IRQS): the 32 private ones and 32 SPIs, the
     * least KVM allows; the UART's SPI is the only one in use. Fewer SPIs make the vGIC's saved state
     * small (a migration's stop-and-copy reads and writes every SPI's registers).
     */
    public static final int GIC_NR_IRQS = 64;
    /** ns16550a input clock (the PC's 1.8432 MHz), for the device tree's clock-frequency. */
    public static final int UART_CLOCK_HZ = 1_843_200;
    public static final long GIC_DIST_BASE = 0x3FFF_0000L;
    /** KVM_VGIC_V3_DIST_SIZE. */
    public static final long GIC_DIST_SIZE = VgicV3.DIST_SIZE;
    /** KVM_VGIC_V3_REDIST_SIZE: RD_base and SGI_base frames of one vCPU. */
    public static final long GIC_REDIST_SIZE_PER_CPU = VgicV3.REDIST_SIZE;
    public static final long RAM_BASE = 0x8000_0000L;
    /** The kernel refuses to boot (OOM) in much less; 64 MiB keeps a guest with a tiny initramfs possible. */
    public static final long MIN_RAM = 64 * MIB;
    /** Up to the default 40-bit IPA space. */
    public static final long MAX_RAM = (1L << 40) - RAM_BASE;
    /** Redistributors must stay above the MMIO devices: 256 x 128 KiB = 32 MiB below the distributor. */
    public static final int MAX_CPUS = 256;

    /** Architected timer PPIs as device tree numbers (INTID - 16): secure, non-secure physical, virtual, hypervisor. */
    public static final int[] TIMER_PPIS = {13, 14, 11, 10};
    /** The PMU overflow interrupt, PPI 7 (INTID 23), as QEMU's virt machine has it. */
    public static final int PMU_INTID = 23;

    public MemoryMap {
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("vCPU count must be 1.." + MAX_CPUS + ", got " + cpus);
        }
        if (ramSize < MIN_RAM || ramSize > MAX_RAM || ramSize % (2 * MIB) != 0) {
            throw new IllegalArgumentException("guest RAM must be a multiple of 2 MiB between " + MIN_RAM / MIB + " MiB and "
                    + MAX_RAM / MIB + " MiB, got " + ramSize + " bytes");
        }
    }

    public long ramEnd() {
        return RAM_BASE + ramSize;
    }

    /** The redistributor region: one frame pair per vCPU, ending at the distributor. */
    public long gicRedistBase() {
        return GIC_DIST_BASE - gicRedistSize();
    }

    public long gicRedistSize() {
        return cpus * GIC_REDIST_SIZE_PER_CPU;
    }

    public boolean inRam(long gpa, long size) {
        return gpa >= RAM_BASE && size >= 0 && gpa + size <= ramEnd() && gpa + size >= gpa;
    }
}
