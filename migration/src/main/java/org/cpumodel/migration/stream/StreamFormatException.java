package org.cpumodel.migration.stream;

import java.io.IOException;

/** The peer's bytes are not a migration stream this version reads: wrong magic, unknown version, bad checksum, unknown section. */
public final class StreamFormatException extends IOException {

    public StreamFormatException(String message) {
        super(message);
    }
}
