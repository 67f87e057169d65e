package org.cpumodel.vmm.snapshot;

/** This host's KVM refused to take a saved state back (a register, a vGIC attribute): the message names it. */
public final class StateRefusedException extends RuntimeException {

    public StateRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
