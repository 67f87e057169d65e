package org.cpumodel.kernel.reference;

import org.cpumodel.uapi.Errno;

/** An ioctl of the reference KVM that failed as the real kernel would: the ioctl, errno and why. */
public final class KvmError extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final Errno errno;

    public KvmError(String ioctl, Errno errno, String why) {
        super(ioctl + ": " + errno.name() + " (" + why + ")");
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
