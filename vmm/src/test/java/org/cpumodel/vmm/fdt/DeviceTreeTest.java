package org.cpumodel.vmm.fdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.cpumodel.vmm.boot.ArmImage;
import org.cpumodel.vmm.layout.BootLayout;
import org.cpumodel.vmm.layout.MemoryMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This machine's device tree, as dtc decompiles it: every node the issue names, with the values Linux reads. */
class DeviceTreeTest {

    @TempDir
    Path dir;

    static BootLayout layout(MemoryMap map, long initrd) {
        return BootLayout.place(map, new ArmImage(40 << 20, 0, 48 << 20, 0xA), initrd);
    }

    @Test
    void twoCpusWithInitrdAndPmu() throws Exception {
        MemoryMap map = new MemoryMap(2, 256 * MemoryMap.MIB);
        BootLayout boot = layout(map, 3 * MemoryMap.MIB + 123);
        byte[] dtb = DeviceTree.build(new MachineDescription(map, List.of(0x8000_0000L, 0x8000_0001L), "console=ttyS0 panic=-1", boot, true));
        assertThat(dtb.length).isLessThan(4096);
        Dtc.Result r = Dtc.decompile(dtb, dir);
        assertThat(r.exit()).as(r.warnings()).isZero();
        assertThat(r.warnings()).as("dtc's checks").isEmpty();
        String expected = """
                /dts-v1/;

                / {
                	compatible = "linux,dummy-virt";
                	model = "cpumodel-vmm";
                	#address-cells = <0x02>;
                	#size-cells = <0x02>;
                	interrupt-parent = <0x01>;

                	chosen {
                		bootargs = "console=ttyS0 panic=-1";
                		linux,initrd-start = <0x00 0x8faff000>;
                		linux,initrd-end = <0x00 0x8fdff07b>;
                		stdout-path = "/uart@1000000";
                	};

                	memory@80000000 {
                		device_type = "memory";
                		reg = <0x00 0x80000000 0x00 0x10000000>;
                	};

                	cpus {
                		#address-cells = <0x02>;
                		#size-cells = <0x00>;

                		cpu@0 {
                			device_type = "cpu";
                			compatible = "arm,arm-v8";
                			enable-method = "psci";
                			reg = <0x00 0x00>;
                		};

                		cpu@1 {
                			device_type = "cpu";
                			compatible = "arm,arm-v8";
                			enable-method = "psci";
                			reg = <0x00 0x01>;
                		};
                	};

                	psci {
                		compatible = "arm,psci-0.2";
                		method = "hvc";
                	};

                	intc@3fff0000 {
                		compatible = "arm,gic-v3";
                		#interrupt-cells = <0x03>;
                		#address-cells = <0x00>;
                		interrupt-controller;
                		#redistributor-regions = <0x01>;
                		reg = <0x00 0x3fff0000 0x00 0x10000 0x00 0x3ffb0000 0x00 0x40000>;
                		phandle = <0x01>;
                	};

                	timer {
                		compatible = "arm,armv8-timer";
                		interrupts = <0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 0x01 0x0a 0x04>;
                		always-on;
                	};

                	pmu {
                		compatible = "arm,armv8-pmuv3";
                		interrupts = <0x01 0x07 0x04>;
                	};

                	uart@1000000 {
                		compatible = "ns16550a";
                		reg = <0x00 0x1000000 0x00 0x08>;
                		clock-frequency = <0x1c2000>;
                		interrupts = <0x00 0x00 0x04>;
                	};
                };
                """;
        assertThat(r.dts()).isEqualTo(expected);
    }

    @Test
    void oneCpuWithoutInitrdOrPmuAndAffinityAboveAff0() throws Exception {
        MemoryMap map = new MemoryMap(1, 128 * MemoryMap.MIB);
        long mpidr = 0x8000_0000L | 0x01_0000_0203L; // Aff3 1, Aff1 2, Aff0 3, bit 31 RES1
        byte[] dtb = DeviceTree.build(new MachineDescription(map, List.of(mpidr), "x", layout(map, 0), false));
        Dtc.Result r = Dtc.decompile(dtb, dir);
        assertThat(r.exit()).isZero();
        assertThat(r.dts()).contains("cpu@100000203 {", "reg = <0x01 0x203>;").doesNotContain("linux,initrd", "pmu");
        assertThat(java.nio.ByteBuffer.wrap(dtb).getInt(28)).as("boot_cpuid_phys").isEqualTo(0x203);
    }
}
