package org.cpumodel.emit;

/** A model that cannot be expressed in the requested format, or an emitted text that does not parse back. */
public final class EmitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmitException(String message) {
        super(message);
    }
}
