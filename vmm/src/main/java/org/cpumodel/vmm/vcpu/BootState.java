package org.cpumodel.vmm.vcpu;

import java.util.function.Consumer;
import org.cpumodel.host.VcpuFd;
import org.cpumodel.vmm.boot.BootRegisters;

/**
 * What a vCPU thread needs once the vGIC is ready: the boot registers (the boot vCPU only; the
 * others wait for PSCI CPU_ON), whether to initialise its PMU, and for a migrated guest the saved
 * state to put into the vCPU instead (null on a fresh boot), run on the vCPU's own thread after the
 * PMU.
 */
public record BootState(BootRegisters bootRegisters, boolean pmu, Consumer<VcpuFd> restore) {

    public BootState(BootRegisters bootRegisters, boolean pmu) {
        this(bootRegisters, pmu, null);
    }
}
