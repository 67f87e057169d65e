package org.cpumodel.vmm;

import java.util.List;
import org.cpumodel.vmm.vcpu.ExitCounts;

/**
 * How a run went: why it ended, the time from {@link VirtualMachine#run} to the first KVM_RUN
 * (start-up), from the JVM's start to the first KVM_RUN (-1 when the process start is unknown), and
 * from the first KVM_RUN to the end (run), each vCPU's exit counts, the console bytes the guest wrote
 * and the MMIO accesses no device claimed.
 */
public record VmOutcome(VmStop stop, long startupNanos, long sinceJvmStartNanos, long runNanos, List<ExitCounts> vcpus, long consoleBytes,
                        long unclaimedMmio, String firstUnclaimedMmio) {

    public VmOutcome {
        vcpus = List.copyOf(vcpus);
    }

    public long mmioExits() {
        return vcpus.stream().mapToLong(ExitCounts::mmio).sum();
    }

    /** Forwarded hypercalls the VMM answered (the errata "discover implementations" calls of a model). */
    public long hypercalls() {
        return vcpus.stream().mapToLong(ExitCounts::hypercalls).sum();
    }

    /** Userspace time per MMIO exit, averaged over all exits of all vCPUs (what handling one costs the VMM). */
    public double userNanosPerExit() {
        long exits = vcpus.stream().mapToLong(ExitCounts::exits).sum();
        return exits == 0 ? 0 : vcpus.stream().mapToLong(ExitCounts::userNanos).sum() / (double) exits;
    }
}
