package org.cpumodel.vmm.vcpu;

/**
 * What one vCPU's KVM_RUN loop did: exits by kind, and the time spent in KVM_RUN and in userspace
 * between runs (handling exits).
 */
public record ExitCounts(int vcpu, long mmio, long hypercalls, long interrupted, long other, long runNanos, long userNanos) {

    public long exits() {
        return mmio + hypercalls + interrupted + other;
    }
}
