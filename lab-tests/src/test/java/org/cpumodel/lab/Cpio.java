package org.cpumodel.lab;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a "newc" cpio archive (the initramfs format the kernel unpacks,
 * Documentation/driver-api/early-userspace/buffer-format.rst): per entry a 110-byte ASCII header
 * ("070701" and 13 eight-digit hex fields), the NUL-terminated name and the data, each padded to 4
 * bytes; a "TRAILER!!!" entry ends it. Owner root, mtime 0: the same inputs give the same bytes.
 */
final class Cpio implements AutoCloseable {

    private final OutputStream out;
    private long written;
    private int ino = 1;

    Cpio(Path file) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    /** A directory (mode 0755). */
    Cpio dir(String name) throws IOException {
        header(name, 0040755, 2, 0);
        return this;
    }

    /** A regular file with these contents. */
    Cpio file(String name, int perm, byte[] data) throws IOException {
        header(name, 0100000 | perm, 1, data.length);
        write(data);
        pad();
        return this;
    }

    /** A regular file copied from {@code source}. */
    Cpio file(String name, int perm, Path source) throws IOException {
        long size = Files.size(source);
        header(name, 0100000 | perm, 1, size);
        try (InputStream in = Files.newInputStream(source)) {
            byte[] buf = new byte[1 << 16];
            long left = size;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                write(buf, n);
                left -= n;
            }
            if (left != 0) {
                throw new IOException(source + " changed while it was archived");
            }
        }
        pad();
        return this;
    }

    private void header(String name, int mode, int nlink, long size) throws IOException {
        if (size > 0xFFFF_FFFFL) {
            throw new IOException(name + ": too big for newc (" + size + " bytes)");
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        String h = String.format(Locale.ROOT, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
                name.equals("TRAILER!!!") ? 0 : ino++, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, n.length + 1, 0);
        write(h.getBytes(StandardCharsets.US_ASCII));
        write(n);
        write(new byte[] {0});
        pad();
    }

    private void write(byte[] b) throws IOException {
        write(b, b.length);
    }

    private void write(byte[] b, int n) throws IOException {
        out.write(b, 0, n);
        written += n;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            write(new byte[] {0});
        }
    }

    @Override
    public void close() throws IOException {
        header("TRAILER!!!", 0, 1, 0);
        while (written % 512 != 0) {
            write(new byte[] {0});
        }
        out.close();
    }
}
