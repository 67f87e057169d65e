package org.cpumodel.vmm.fdt;

import org.cpumodel.vmm.layout.MemoryMap;

/**
 * The guest's flattened device tree, written from a {@link MachineDescription}: a
 * {@code linux,dummy-virt} machine with {@code #address-cells = #size-cells = 2}, memory, PSCI
 * 0.2 CPUs (conduit HVC, {@code enable-method = "psci"}, {@code reg} = MPIDR affinity), a GICv3
 * with one redistributor region, the architected timer's four PPIs, the ns16550a UART on SPI 0 as
 * the console, an optional PMUv3, and {@code /chosen} with the command line, the initramfs and
 * stdout-path. Interrupt specifiers are GIC 3-cell ones: type (0 SPI, 1 PPI), number, flags.
 */
public final class DeviceTree {

    static final int GIC_PHANDLE = 1;
    static final int GIC_SPI = 0;
    static final int GIC_PPI = 1;
    /** IRQ_TYPE_LEVEL_HIGH: KVM's timer, PMU and userspace SPIs are level-sensitive, active high. */
    static final int IRQ_TYPE_LEVEL_HIGH = 4;

    private DeviceTree() {
    }

    /** The node path of the console UART, which {@code stdout-path} names. */
    public static String uartPath() {
        return "/uart@" + Long.toHexString(MemoryMap.UART_BASE);
    }

    /** The blob for this machine. */
    public static byte[] build(MachineDescription m) {
        MemoryMap map = m.map();
        FdtWriter w = new FdtWriter();
        w.beginNode("")
                .propertyString("compatible", "linux,dummy-virt")
                .propertyString("model", "cpumodel-vmm")
                .propertyU32("#address-cells", 2)
                .propertyU32("#size-cells", 2)
                .propertyU32("interrupt-parent", GIC_PHANDLE);

        w.beginNode("chosen").propertyString("bootargs", m.bootargs());
        if (m.boot().hasInitrd()) {
            w.propertyU64("linux,initrd-start", m.boot().initrd()).propertyU64("linux,initrd-end", m.boot().initrdEnd());
        }
        w.propertyString("stdout-path", uartPath()).endNode();

        w.beginNode("memory@" + Long.toHexString(MemoryMap.RAM_BASE))
                .propertyString("device_type", "memory")
                .propertyU64("reg", MemoryMap.RAM_BASE, map.ramSize())
                .endNode();

        w.beginNode("cpus").propertyU32("#address-cells", 2).propertyU32("#size-cells", 0);
        for (long mpidr : m.mpidrs()) {
            long reg = mpidr & MachineDescription.MPIDR_AFFINITY_MASK;
            w.beginNode("cpu@" + Long.toHexString(reg))
                    .propertyString("device_type", "cpu")
                    .propertyString("compatible", "arm,arm-v8")
                    .propertyString("enable-method", "psci")
                    .propertyU64("reg", reg)
                    .endNode();
        }
        w.endNode();

        w.beginNode("psci").propertyString("compatible", "arm,psci-0.2").propertyString("method", "hvc").endNode();

        w.beginNode("intc@" + Long.toHexString(MemoryMap.GIC_DIST_BASE))
                .propertyString("compatible", "arm,gic-v3")
                .propertyU32("#interrupt-cells", 3)
                .propertyU32("#address-cells", 0) // an interrupt provider without children (interrupt-map parsing reads it)
                .property("interrupt-controller")
                .propertyU32("#redistributor-regions", 1)
                .propertyU64("reg", MemoryMap.GIC_DIST_BASE, MemoryMap.GIC_DIST_SIZE, map.gicRedistBase(), map.gicRedistSize())
                .propertyU32("phandle", GIC_PHANDLE)
                .endNode();

        int[] timer = new int[3 * MemoryMap.TIMER_PPIS.length];
        for (int i = 0; i < MemoryMap.TIMER_PPIS.length; i++) {
            timer[3 * i] = GIC_PPI;
            timer[3 * i + 1] = MemoryMap.TIMER_PPIS[i];
            timer[3 * i + 2] = IRQ_TYPE_LEVEL_HIGH;
        }
        w.beginNode("timer").propertyString("compatible", "arm,armv8-timer").propertyU32("interrupts", timer).property("always-on").endNode();

        if (m.pmu()) {
            w.beginNode("pmu").propertyString("compatible", "arm,armv8-pmuv3")
                    .propertyU32("interrupts", GIC_PPI, MemoryMap.PMU_INTID - 16, IRQ_TYPE_LEVEL_HIGH).endNode();
        }

        w.beginNode(uartPath().substring(1))
                .propertyString("compatible", "ns16550a")
                .propertyU64("reg", MemoryMap.UART_BASE, MemoryMap.UART_SIZE)
                .propertyU32("clock-frequency", MemoryMap.UART_CLOCK_HZ)
                .propertyU32("interrupts", GIC_SPI, MemoryMap.UART_INTID - 32, IRQ_TYPE_LEVEL_HIGH)
                .endNode();

        w.endNode();
        return w.finish((int) (m.mpidrs().getFirst() & 0xFF_FFFFL));
    }
}
