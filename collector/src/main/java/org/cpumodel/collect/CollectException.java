package org.cpumodel.collect;

/** A collection that could not be completed: says which step and which register or ioctl failed. */
public final class CollectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CollectException(String message, Throwable cause) {
        super(message, cause);
    }

    public CollectException(String message) {
        super(message);
    }
}
