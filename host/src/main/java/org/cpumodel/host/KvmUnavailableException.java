package org.cpumodel.host;

import org.cpumodel.uapi.KvmException;

/**
 * KVM cannot be used on this machine at all: wrong architecture, no {@code /dev/kvm}, no
 * permission to open it, or it is not a KVM device.
 */
public final class KvmUnavailableException extends KvmException {

    private static final long serialVersionUID = 1L;

    /** Why KVM is unavailable. */
    public enum Reason {
        /** The JVM does not run on aarch64 Linux. */
        NOT_ARM64,
        /** The device node does not exist (ENOENT / ENODEV / ENXIO). */
        NO_DEVICE,
        /** The device exists but cannot be opened (EACCES / EPERM). */
        PERMISSION_DENIED,
        /** Any other failure to open, or the node does not answer KVM_GET_API_VERSION 12. */
        OTHER
    }

    private final Reason reason;
    private final int errno;

    KvmUnavailableException(Reason reason, int errno, String message) {
        super(message);
        this.reason = reason;
        this.errno = errno;
    }

    public Reason reason() {
        return reason;
    }

    /** The errno of the failed open, or 0 when the failure did not come from a system call. */
    public int errno() {
        return errno;
    }
}
