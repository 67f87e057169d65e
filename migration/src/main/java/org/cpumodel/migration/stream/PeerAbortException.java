package org.cpumodel.migration.stream;

import java.io.IOException;

/** The peer sent {@link SectionKind#ABORT}: the message carries its reason. */
public final class PeerAbortException extends IOException {

    public PeerAbortException(String message) {
        super(message);
    }
}
