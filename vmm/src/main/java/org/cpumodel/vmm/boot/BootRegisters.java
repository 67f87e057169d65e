package org.cpumodel.vmm.boot;

/**
 * The boot CPU's registers at kernel entry (Documentation/arch/arm64/booting.rst): x0 = the
 * physical address of the device tree blob, x1 = x2 = x3 = 0, PC = the Image's load address, and
 * PSTATE = EL1h with D, A, I and F masked. Secondary CPUs get their entry from PSCI CPU_ON.
 *
 * @param pc  the kernel entry point
 * @param x0  the device tree blob address
 */
public record BootRegisters(long pc, long x0) {

    /** PSR_MODE_EL1h. */
    public static final long MODE_EL1H = 0x5;
    /** PSR_F_BIT | PSR_I_BIT | PSR_A_BIT | PSR_D_BIT. */
    public static final long DAIF_MASKED = 0x40 | 0x80 | 0x100 | 0x200;
    public static final long PSTATE = MODE_EL1H | DAIF_MASKED;

    public long pstate() {
        return PSTATE;
    }
}
