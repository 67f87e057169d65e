package org.cpumodel.service.db;

/** The inventory database cannot be reached, migrated or written: an environment problem, never bad input. */
public final class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
