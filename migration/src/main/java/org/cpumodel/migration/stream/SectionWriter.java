package org.cpumodel.migration.stream;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a migration stream: the preamble at once, then one {@link #write section} per call. Not thread-safe. */
public final class SectionWriter {

    private final DataOutputStream out;
    private long bytes;

    public SectionWriter(OutputStream out) throws IOException {
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 20));
        this.out.write(StreamFormat.MAGIC);
        this.out.writeInt(StreamFormat.VERSION);
        bytes = StreamFormat.MAGIC.length + 4;
    }

    public void write(SectionKind kind, byte[] payload) throws IOException {
        write(kind, payload, 0, payload.length);
    }

    public void write(SectionKind kind, byte[] payload, int offset, int length) throws IOException {
        if (length > StreamFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a " + kind + " section of " + length + " bytes exceeds " + StreamFormat.MAX_PAYLOAD);
        }
        out.writeShort(kind.code());
        out.writeInt(length);
        out.write(payload, offset, length);
        out.writeInt(StreamFormat.crc(kind.code(), payload, offset, length));
        bytes += 2 + 4 + length + 4;
    }

    /** Writes a section and flushes: a message the peer waits for. */
    public void send(SectionKind kind, byte[] payload) throws IOException {
        write(kind, payload);
        flush();
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Bytes written so far, framing included. */
    public long bytes() {
        return bytes;
    }
}
