package org.cpumodel.uapi;

/**
 * KVM_RUN succeeded but the guest left with an exit its program does not make (not the MMIO store
 * it reports through): the exit reason ({@link KvmExit}) and what the run showed.
 */
public final class GuestExitException extends KvmException {

    private static final long serialVersionUID = 1L;

    private final int exitReason;

    public GuestExitException(int exitReason, String detail) {
        super("guest stopped with exit " + KvmExit.name(exitReason) + ": " + detail);
        this.exitReason = exitReason;
    }

    /** The {@code kvm_run.exit_reason}. */
    public int exitReason() {
        return exitReason;
    }
}
