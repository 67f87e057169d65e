package org.cpumodel.profile;

/** A profile or model document that cannot be read: names the input, the JSON path and the fix. */
public final class ProfileFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProfileFormatException(String source, String path, String problem) {
        super(source + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + problem);
    }

    public ProfileFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
