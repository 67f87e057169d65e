package org.cpumodel.io;

/**
 * An input file that cannot be used, as one line naming the file and what to do. {@link #badInput()}
 * tells a bad input (the file's kind, size or bytes: exit 2) from an environment fault (permission,
 * I/O error: exit 3).
 */
public final class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final boolean badInput;

    private InputException(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    /** The file's kind, size or content is wrong: the user gave the wrong file. */
    public static InputException badInput(String source, String problem) {
        return new InputException(source + ": " + problem, true);
    }

    /** The file could not be read: permission, I/O error. */
    public static InputException environment(String source, String problem) {
        return new InputException(source + ": " + problem, false);
    }

    public boolean badInput() {
        return badInput;
    }
}
