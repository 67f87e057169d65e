package org.cpumodel.vmm.cpu;

/** This host's KVM refused a step of the guest CPU model's plan: the guest is not started. */
public final class ModelRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelRefusedException(String message) {
        super(message);
    }
}
