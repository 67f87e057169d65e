package org.cpumodel.kernel;

/** The errno values KVM's arm64 userspace ABI answers with (asm-generic/errno-base.h numbers). */
public enum Errno {
    OK(0), EPERM(1), ENOENT(2), ENXIO(6), E2BIG(7), ENOEXEC(8), EFAULT(14), EBUSY(16), ENODEV(19), EINVAL(22), ENOTTY(25);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static Errno of(int number) {
        for (Errno e : values()) {
            if (e.number == Math.abs(number)) {
                return e;
            }
        }
        throw new IllegalArgumentException("errno " + number + " is not one KVM's arm64 ABI answers with");
    }
}
