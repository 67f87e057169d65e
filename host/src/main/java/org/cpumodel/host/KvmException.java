package org.cpumodel.host;

/** Base of the unchecked exceptions this module throws for KVM failures. */
public abstract sealed class KvmException extends RuntimeException
        permits KvmIoctlException, KvmUnavailableException {

    private static final long serialVersionUID = 1L;

    protected KvmException(String message) {
        super(message);
    }
}
