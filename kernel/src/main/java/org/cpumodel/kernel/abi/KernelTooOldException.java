package org.cpumodel.kernel.abi;

/** A kernel older than the oldest release cpumodel models. */
public final class KernelTooOldException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KernelTooOldException(String message) {
        super(message);
    }
}
