package org.cpumodel.vmm.fdt;

import java.util.List;
import org.cpumodel.vmm.layout.BootLayout;
import org.cpumodel.vmm.layout.MemoryMap;

/**
 * What the guest's device tree describes: the memory map, each vCPU's MPIDR_EL1 as KVM reports it
 * (in vCPU order; the first is the boot CPU), the kernel command line, where the initramfs is, and
 * whether the vCPUs have a PMU.
 */
public record MachineDescription(MemoryMap map, List<Long> mpidrs, String bootargs, BootLayout boot, boolean pmu) {

    /** MPIDR_HWID_BITMASK: the affinity fields (Aff3 in 39..32, Aff2..Aff0 in 23..0), what a cpu node's reg holds. */
    public static final long MPIDR_AFFINITY_MASK = 0xFF_00FF_FFFFL;

    public MachineDescription {
        mpidrs = List.copyOf(mpidrs);
        if (mpidrs.size() != map.cpus()) {
            throw new IllegalArgumentException(map.cpus() + " vCPUs but " + mpidrs.size() + " MPIDRs");
        }
        if (bootargs.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the kernel command line contains a NUL character");
        }
    }
}
