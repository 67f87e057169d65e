package org.cpumodel.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes an output file so that a reader, a crash or a kill sees either the old complete file or the
 * new complete file: the content goes to a temporary file in the target's directory, which is
 * fsynced, renamed over the target, and the directory fsynced. Only a regular file is ever replaced:
 * a symlink is resolved to the file it names first, and a device ({@code /dev/null}), a FIFO or a
 * directory at the target is refused, never replaced by a regular file. On any failure the temporary
 * file is removed and the target is unchanged; the temporary file of a writer that was killed is
 * removed by the next write to the same target.
 */
public final class SafeOutput {

    /** Distinguishes this process's temporary files. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private SafeOutput() {
    }

    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) {
        Path resolved = resolve(target);
        Path dir = resolved.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputException(target + ": cannot create its directory " + dir + ": " + IoReasons.of(e));
        }
        removeStaleTemporaries(dir, resolved.getFileName().toString());
        Path tmp = dir.resolve("." + resolved.getFileName() + "." + ProcessHandle.current().pid() + "." + SEQUENCE.incrementAndGet() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, resolved, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, resolved, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new OutputException(target + ": cannot write: " + IoReasons.of(e) + (moved ? "" : " (nothing was changed)"));
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the directory refused the delete as it refused the write: nothing more to do
                }
            }
        }
    }

    /** The path to replace: the target, or what its symlinks name; refused unless a regular file or absent. */
    static Path resolve(Path target) {
        Path p = target;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops > 40) {
                throw new OutputException(target + ": too many levels of symbolic links");
            }
            try {
                Path link = Files.readSymbolicLink(p);
                p = p.toAbsolutePath().getParent().resolve(link);
            } catch (IOException e) {
                throw new OutputException(target + ": cannot read the symbolic link: " + IoReasons.of(e));
            }
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return p; // a new file
        } catch (IOException e) {
            throw new OutputException(target + ": cannot write: " + IoReasons.of(e));
        }
        if (a.isDirectory()) {
            throw new OutputException(target + ": is a directory (give a file name inside it)");
        }
        if (!a.isRegularFile()) {
            throw new OutputException(target + ": is not a regular file (a device, FIFO or socket); cpumodel replaces regular files only: print to stdout and redirect instead");
        }
        return p;
    }

    /**
     * Removes the temporary files of earlier writes to this target whose process is gone (killed
     * between creating and renaming its file): {@code .<name>.<pid>.<n>.tmp} with no live pid.
     */
    static void removeStaleTemporaries(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(".tmp");
        })) {
            for (Path p : s) {
                String[] parts = p.getFileName().toString().substring(prefix.length()).split("\\.");
                if (parts.length == 3 && parts[0].matches("[0-9]{1,10}") && parts[1].matches("[0-9]{1,19}")
                        && ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // a directory we cannot list or clean is reported by the write itself
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the file itself is on disk
        }
    }
}
