package org.cpumodel.uapi;

import java.util.Optional;

/**
 * Linux errno numbers that the KVM ioctls (and open/mmap) answer with, with their symbolic names
 * and glibc's {@code strerror} text. The one errno type of the project: the FFM binding reports
 * the kernel's errno with it, the reference KVM answers with it.
 *
 * <p>The numbers are the asm-generic ones ({@code include/uapi/asm-generic/errno-base.h} and
 * {@code errno.h}), which arm64 and x86_64 share. {@link #OK} (0) is not an error: it is the
 * answer "accepted", so a verdict can carry success and failure in one field. Numbers missing
 * from this table are still reported faithfully: {@link #symbolicName(int)} falls back to
 * {@code "errno N"}.
 */
public enum Errno {
    OK(0, "Success"),
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

    /** By number, for the numbers up to {@link #ETIMEDOUT}; null where the table has no constant. */
    private static final Errno[] BY_NUMBER = new Errno[111];

    static {
        for (Errno e : values()) {
            BY_NUMBER[e.number] = e;
        }
    }

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The errno value (0 for {@link #OK}). */
    public int number() {
        return number;
    }

    /** The glibc {@code strerror} text for this errno (C locale). */
    public String description() {
        return description;
    }

    /** True for every constant but {@link #OK}. */
    public boolean isError() {
        return this != OK;
    }

    /** The constant for an errno value (its sign ignored: kernel style {@code -EINVAL} works too), if this table knows it. */
    public static Optional<Errno> of(int number) {
        int n = Math.abs(number);
        return Optional.ofNullable(n < BY_NUMBER.length ? BY_NUMBER[n] : null);
    }

    /** {@code "EINVAL"} for 22; {@code "errno 200"} for a number outside the table. */
    public static String symbolicName(int number) {
        return of(number).map(Errno::name).orElse("errno " + number);
    }
}
