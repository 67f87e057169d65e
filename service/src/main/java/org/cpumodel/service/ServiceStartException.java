package org.cpumodel.service;

/** The service cannot start: a bad option ({@link #badConfig()}) or a problem of the environment (database, port, files). */
public final class ServiceStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean badConfig;

    ServiceStartException(boolean badConfig, String message, Throwable cause) {
        super(message, cause);
        this.badConfig = badConfig;
    }

    /** True when an option is wrong (exit 2), false when the environment is (exit 3). */
    public boolean badConfig() {
        return badConfig;
    }
}
