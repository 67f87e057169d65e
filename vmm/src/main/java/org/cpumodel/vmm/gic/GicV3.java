package org.cpumodel.vmm.gic;

import org.cpumodel.host.DeviceFd;
import org.cpumodel.host.VmFd;
import org.cpumodel.uapi.ArmIrq;
import org.cpumodel.uapi.VgicV3;
import org.cpumodel.vmm.device.IrqLine;
import org.cpumodel.vmm.layout.MemoryMap;

/**
 * The in-kernel vGICv3: created once every vCPU exists, placed at the memory map's distributor and
 * redistributor region, given {@link MemoryMap#GIC_NR_IRQS} interrupts, then initialised (KVM_DEV_ARM_VGIC_CTRL_INIT, which needs all vCPUs and
 * must precede the first KVM_RUN). Userspace devices raise their SPIs through KVM_IRQ_LINE.
 */
public final class GicV3 implements AutoCloseable {

    private final VmFd vm;
    private final DeviceFd device;

    private GicV3(VmFd vm, DeviceFd device) {
        this.vm = vm;
        this.device = device;
    }

    /** Creates, places and initialises the vGIC of {@code vm} (after all its vCPUs are created). */
    public static GicV3 create(VmFd vm, MemoryMap map) {
        DeviceFd d = vm.createDevice(VgicV3.DEVICE_TYPE);
        try {
            d.setAttr(VgicV3.GRP_ADDR, VgicV3.ADDR_TYPE_DIST, MemoryMap.GIC_DIST_BASE);
            d.setAttr(VgicV3.GRP_ADDR, VgicV3.ADDR_TYPE_REDIST, map.gicRedistBase());
            d.vgicV3SetNrIrqs(MemoryMap.GIC_NR_IRQS);
            d.vgicV3Init();
            return new GicV3(vm, d);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** The device fd (for the CPU-interface steps of a plan, and for saving the vGIC state). */
    public DeviceFd device() {
        return device;
    }

    /** The line of SPI INTID {@code intid} (32..1019), driven with KVM_IRQ_LINE. */
    public IrqLine spi(int intid) {
        int irq = ArmIrq.spi(intid);
        return level -> vm.irqLine(irq, level ? 1 : 0);
    }

    @Override
    public void close() {
        device.close();
    }
}
