package org.cpumodel.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads an input document's bytes with bounds: regular files only (a FIFO, a device or a directory
 * is refused before it is opened, so nothing blocks on a FIFO or runs forever on {@code /dev/zero}),
 * at most {@link #maxBytes()} bytes (16 MiB, or {@code CPUMODEL_MAX_INPUT}), never empty, valid UTF-8.
 */
public final class BoundedInput {

    /** The default size limit: a host profile is about 60 KiB, a fleet's largest model about 100 KiB. */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;
    /** The environment variable that overrides the size limit, in bytes. */
    public static final String MAX_ENV = "CPUMODEL_MAX_INPUT";

    private BoundedInput() {
    }

    /** The size limit in bytes: {@code CPUMODEL_MAX_INPUT} when set to a positive integer, else 16 MiB. */
    public static long maxBytes() {
        String v = System.getenv(MAX_ENV);
        if (v == null || v.isBlank()) {
            return DEFAULT_MAX_BYTES;
        }
        if (!v.matches("[1-9][0-9]{0,17}")) {
            throw InputException.badInput(MAX_ENV, "'" + v + "' is not a positive number of bytes (unset it for the 16 MiB default)");
        }
        return Long.parseLong(v);
    }

    /** The file's bytes, checked as the class comment says. */
    public static byte[] readBytes(Path file) {
        return readBytes(file, maxBytes());
    }

    static byte[] readBytes(Path file, long max) {
        String src = file.toString();
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class); // follows a symlink to what it names
        } catch (IOException e) {
            throw failure(src, e);
        }
        if (a.isDirectory()) {
            throw InputException.badInput(src, "is a directory (give a file)");
        }
        if (!a.isRegularFile()) {
            throw InputException.badInput(src, "is not a regular file (a FIFO, socket or device); cpumodel reads regular files only: copy it to a file first");
        }
        if (a.size() > max) {
            throw tooLarge(src, a.size(), max);
        }
        byte[] buf = new byte[(int) Math.min(a.size() + 1, max + 1)];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                if (n == buf.length) {
                    if (n > max) {
                        throw tooLarge(src, n, max); // it grew while read
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(Math.max(buf.length * 2L, 4096), max + 1));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            throw failure(src, e);
        }
        if (n > max) {
            throw tooLarge(src, n, max);
        }
        if (n == 0) {
            throw InputException.badInput(src, "is empty (expected a JSON document; was it written completely?)");
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** The file's text: {@link #readBytes} decoded as strict UTF-8. */
    public static String readText(Path file) {
        return utf8(file.toString(), readBytes(file));
    }

    /** Bytes as strict UTF-8: a malformed sequence is refused with its byte offset, never replaced. */
    public static String utf8(String source, byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return d.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw InputException.badInput(source, "is not valid UTF-8 (bad byte near offset " + in.position() + "); save it as UTF-8");
        }
    }

    private static InputException tooLarge(String src, long size, long max) {
        return InputException.badInput(src, "is larger than the input limit of " + max + " bytes (" + size
                + " bytes); is it the right file? set " + MAX_ENV + "=<bytes> to raise the limit");
    }

    private static InputException failure(String src, IOException e) {
        String reason = IoReasons.of(e);
        if (reason.equals("no such file or directory")) {
            return InputException.badInput(src, "no such file or directory");
        }
        return InputException.environment(src, "cannot read: " + reason);
    }
}
