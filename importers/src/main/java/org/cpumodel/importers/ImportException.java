package org.cpumodel.importers;

/** An input file that cannot be imported: names the file and what is wrong with it. */
public final class ImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(message);
    }
}
