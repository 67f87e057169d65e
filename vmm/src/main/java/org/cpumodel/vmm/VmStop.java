package org.cpumodel.vmm;

/**
 * How a guest's run ended: the guest powered off (PSCI SYSTEM_OFF), asked for a reset (PSCI
 * SYSTEM_RESET, also what a panicking kernel with {@code panic=-1} does), reported a crash, or the
 * VMM stopped it after an error.
 *
 * @param reason what happened
 * @param vcpu   the vCPU that reported it (-1 when none did)
 * @param detail a sentence for people
 */
public record VmStop(Reason reason, int vcpu, String detail) {

    public enum Reason {
        SHUTDOWN, RESET, CRASH, ERROR,
        /** The guest now runs on another host (a live migration completed). */
        MIGRATED
    }

    /** True when the guest shut itself down cleanly, or moved to another host. */
    public boolean clean() {
        return reason == Reason.SHUTDOWN || reason == Reason.MIGRATED;
    }
}
