package org.cpumodel.uapi;

/**
 * Base of the unchecked exceptions of a KVM: an ioctl refused ({@link KvmIoctlException}), a guest
 * that stopped where it should not ({@link GuestExitException}), or (host only) no usable KVM.
 */
public abstract class KvmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected KvmException(String message) {
        super(message);
    }
}
