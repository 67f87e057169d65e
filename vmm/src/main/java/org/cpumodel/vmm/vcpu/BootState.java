package org.cpumodel.vmm.vcpu;

import org.cpumodel.vmm.boot.BootRegisters;

/**
 * What a vCPU thread needs once the vGIC is ready: the boot registers (the boot vCPU only; the
 * others wait for PSCI CPU_ON) and whether to initialise its PMU.
 */
public record BootState(BootRegisters bootRegisters, boolean pmu) {
}
