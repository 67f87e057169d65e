package org.cpumodel.kb;

/** A knowledge-base source that is not well formed; the message names the source and the line. */
public final class KbFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int line;

    public KbFormatException(String sourceName, int line, String message) {
        this(sourceName, line, message, null);
    }

    public KbFormatException(String sourceName, int line, String message, Throwable cause) {
        super(sourceName + ":" + line + ": " + message, cause);
        this.sourceName = sourceName;
        this.line = line;
    }

    public String sourceName() {
        return sourceName;
    }

    /** 1-based line number; 0 when the problem concerns the whole source. */
    public int line() {
        return line;
    }
}
