package org.cpumodel.vmm.snapshot;

import java.util.List;
import org.cpumodel.vmm.device.Ns16550a;

/**
 * Everything of a paused VM except its RAM: the vCPUs in creation order, the vGIC and the UART.
 *
 * @param vcpus every vCPU, index 0 first
 * @param vgic  the vGICv3
 * @param uart  the console UART
 */
public record MachineState(List<VcpuState> vcpus, VgicState vgic, Ns16550a.State uart) {

    public MachineState {
        vcpus = List.copyOf(vcpus);
    }

    /** MPIDR_EL1 of every vCPU, in order. */
    public List<Long> mpidrs() {
        return vcpus.stream().map(VcpuState::mpidr).toList();
    }
}
