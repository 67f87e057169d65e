package org.cpumodel.host;

/**
 * arm64 {@code struct kvm_vcpu_events}: a pending SError (with its syndrome, when the host has the
 * RAS extension) and a pending external data abort, as KVM_GET_VCPU_EVENTS reads and
 * KVM_SET_VCPU_EVENTS writes them. The reserved words are zero.
 *
 * @param serrorPending  an SError is pending
 * @param serrorHasEsr   {@code serrorEsr} is valid (KVM_CAP_ARM_INJECT_SERROR_ESR)
 * @param extDabtPending an external data abort is pending (set only, KVM_CAP_ARM_INJECT_EXT_DABT)
 * @param serrorEsr      the SError syndrome (ISS bits)
 */
public record VcpuEvents(boolean serrorPending, boolean serrorHasEsr, boolean extDabtPending, long serrorEsr) {

    /** Nothing pending. */
    public static final VcpuEvents NONE = new VcpuEvents(false, false, false, 0);
}
