package org.cpumodel.host;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Linux errno numbers that the KVM ioctls (and open/mmap) return, with their symbolic names.
 *
 * <p>The numbers are the asm-generic ones ({@code include/uapi/asm-generic/errno-base.h} and
 * {@code errno.h}), which arm64 and x86_64 share. Numbers missing from this table are still
 * reported faithfully: {@link #symbolicName(int)} falls back to {@code "errno N"}.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    ESRCH(3, "No such process"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    ENXIO(6, "No such device or address"),
    E2BIG(7, "Argument list too long"),
    ENOEXEC(8, "Exec format error"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENFILE(23, "Too many open files in system"),
    EMFILE(24, "Too many open files"),
    ENOTTY(25, "Inappropriate ioctl for device"),
    ENOSPC(28, "No space left on device"),
    ERANGE(34, "Numerical result out of range"),
    ENOSYS(38, "Function not implemented"),
    EOPNOTSUPP(95, "Operation not supported"),
    ETIMEDOUT(110, "Connection timed out");

    private static final Map<Integer, Errno> BY_NUMBER = new HashMap<>();

    static {
        for (Errno e : values()) {
            BY_NUMBER.put(e.number, e);
        }
    }

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The errno value. */
    public int number() {
        return number;
    }

    /** The glibc {@code strerror} text for this errno (C locale). */
    public String description() {
        return description;
    }

    /** The constant for an errno value, if this table knows it. */
    public static Optional<Errno> of(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }

    /** {@code "EINVAL"} for 22; {@code "errno 200"} for a number outside the table. */
    public static String symbolicName(int number) {
        Errno e = BY_NUMBER.get(number);
        return e != null ? e.name() : "errno " + number;
    }

    /** A human description; asks the C library's {@code strerror} for numbers outside the table. */
    public static String describe(int number) {
        Errno e = BY_NUMBER.get(number);
        return e != null ? e.description : LibC.strerror(number);
    }
}
