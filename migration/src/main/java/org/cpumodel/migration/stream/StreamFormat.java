package org.cpumodel.migration.stream;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The migration stream's framing. A stream starts with the 8 bytes {@code CPUMIGR\n} and a 32-bit
 * version ({@link #VERSION}); then sections, each a 16-bit kind ({@link SectionKind}), a 32-bit
 * payload length (at most {@link #MAX_PAYLOAD}), the payload, and the CRC32C (Castagnoli) of kind,
 * length and payload. All numbers are big-endian. A reader refuses another magic, another version,
 * an unknown kind, an oversized length and a checksum that does not match, naming which.
 */
public final class StreamFormat {

    private StreamFormat() {
    }

    public static final byte[] MAGIC = "CPUMIGR\n".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    /** 64 MiB: larger than any batch of pages or any state section this VMM writes. */
    public static final int MAX_PAYLOAD = 64 << 20;

    static int crc(int kind, byte[] payload, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(kind >>> 8);
        c.update(kind);
        c.update(length >>> 24);
        c.update(length >>> 16);
        c.update(length >>> 8);
        c.update(length);
        c.update(payload, offset, length);
        return (int) c.getValue();
    }
}
