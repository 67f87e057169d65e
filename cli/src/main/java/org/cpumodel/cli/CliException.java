package org.cpumodel.cli;

/** A failure reported as one line on stderr with a given exit code. */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    public static CliException environment(String message) {
        return new CliException(ExitCodes.ENVIRONMENT, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
