package org.cpumodel.migration.stream;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;

/** Reads a migration stream written by {@link SectionWriter}, checking the preamble on the first read and every section's checksum. */
public final class SectionReader {

    private final DataInputStream in;
    private final String peer;
    private boolean preambleRead;

    /** {@code peer} names the other side in errors ("the source 10.0.0.1:4000"). */
    public SectionReader(InputStream in, String peer) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 20));
        this.peer = peer;
    }

    /** The next section; end of stream and format errors throw (naming the peer). */
    public Section next() throws IOException {
        try {
            if (!preambleRead) {
                byte[] magic = new byte[StreamFormat.MAGIC.length];
                in.readFully(magic);
                if (!Arrays.equals(magic, StreamFormat.MAGIC)) {
                    throw new StreamFormatException(peer + " does not speak the cpumodel migration stream (it began with 0x"
                            + HexFormat.of().formatHex(magic) + ")");
                }
                int version = in.readInt();
                if (version != StreamFormat.VERSION) {
                    throw new StreamFormatException(peer + " sends migration stream version " + version + "; this cpumodel reads version "
                            + StreamFormat.VERSION + " only: run the same cpumodel release on both hosts");
                }
                preambleRead = true;
            }
            int code = in.readUnsignedShort();
            int length = in.readInt();
            SectionKind kind = SectionKind.of(code);
            if (kind == null) {
                throw new StreamFormatException(peer + " sent a section of unknown kind " + code);
            }
            if (length < 0 || length > StreamFormat.MAX_PAYLOAD) {
                throw new StreamFormatException(peer + " sent a " + kind + " section claiming " + length + " bytes");
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            int crc = in.readInt();
            int want = StreamFormat.crc(code, payload, 0, length);
            if (crc != want) {
                throw new StreamFormatException(String.format("%s sent a %s section of %d bytes whose CRC32C is 0x%08x, not 0x%08x: the stream is"
                        + " corrupt", peer, kind, length, crc, want));
            }
            return new Section(kind, payload);
        } catch (EOFException e) {
            throw new EOFException(peer + " closed the connection");
        }
    }

    /** The next section, which must be of {@code kind}; an {@link SectionKind#ABORT} from the peer throws with its reason. */
    public byte[] expect(SectionKind kind) throws IOException {
        Section s = next();
        if (s.kind() == SectionKind.ABORT) {
            throw new PeerAbortException(peer + " aborted: " + new String(s.payload(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (s.kind() != kind) {
            throw new StreamFormatException(peer + " sent " + s.kind() + " where " + kind + " was due");
        }
        return s.payload();
    }
}
