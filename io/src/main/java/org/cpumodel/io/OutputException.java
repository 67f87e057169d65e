package org.cpumodel.io;

/** An output that could not be written, as one line naming the target and the reason; nothing was changed. */
public final class OutputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OutputException(String message) {
        super(message);
    }
}
