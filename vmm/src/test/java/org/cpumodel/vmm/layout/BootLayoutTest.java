package org.cpumodel.vmm.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cpumodel.vmm.boot.ArmImage;
import org.junit.jupiter.api.Test;

/** Where the boot files go, against booting.rst's rules. */
class BootLayoutTest {

    static final long MIB = MemoryMap.MIB;
    static final ArmImage KERNEL_7_3 = new ArmImage(51_642_304, 0, 52_690_944, 0xA);

    @Test
    void kernelAtTheBaseDtbAndInitrdAtTheTop() {
        MemoryMap map = new MemoryMap(2, 256 * MIB);
        BootLayout l = BootLayout.place(map, KERNEL_7_3, 1_000_001);
        assertThat(l.kernel()).isEqualTo(0x8000_0000L);
        assertThat(l.kernel() % (2 * MIB)).as("2 MiB-aligned base + text_offset 0").isZero();
        assertThat(l.kernelEnd()).isEqualTo(0x8000_0000L + 52_690_944);
        assertThat(l.dtb()).isEqualTo(0x8000_0000L + 254 * MIB);
        assertThat(l.dtb() % 8).isZero();
        assertThat(map.inRam(l.dtb(), BootLayout.DTB_MAX)).isTrue();
        assertThat(l.initrd() % 4096).isZero();
        assertThat(l.initrdEnd()).isLessThanOrEqualTo(l.dtb());
        assertThat(l.initrd()).isGreaterThanOrEqualTo(l.kernelEnd());
        assertThat(l.dtb() - l.initrdEnd()).isLessThan(4096);
    }

    @Test
    void aTextOffsetMovesTheKernelAboveTheAlignedBase() {
        BootLayout l = BootLayout.place(new MemoryMap(1, 128 * MIB), new ArmImage(1 << 20, 0x80000, 2 << 20, 0), 0);
        assertThat(l.kernel()).isEqualTo(0x8008_0000L);
        assertThat(l.hasInitrd()).isFalse();
        assertThat(l.initrd()).isZero();
    }

    @Test
    void tooLittleRamSaysHowMuchIsNeeded() {
        MemoryMap map = new MemoryMap(1, 64 * MIB);
        assertThatThrownBy(() -> BootLayout.place(map, KERNEL_7_3, 20 * MIB)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 MiB of guest RAM cannot hold the kernel (51 MiB running), the initramfs (20 MiB)")
                .hasMessageContaining("at least 136 MiB");
    }

    @Test
    void theMemoryMapPlacesTheGicBelowOneGibAndRefusesBadSizes() {
        MemoryMap map = new MemoryMap(4, 512 * MIB);
        assertThat(MemoryMap.GIC_DIST_BASE + MemoryMap.GIC_DIST_SIZE).isEqualTo(1L << 30);
        assertThat(map.gicRedistBase()).isEqualTo(0x3FFF_0000L - 4 * 0x2_0000L);
        assertThat(map.gicRedistBase()).isGreaterThan(MemoryMap.UART_BASE + MemoryMap.UART_SIZE);
        assertThat(new MemoryMap(MemoryMap.MAX_CPUS, 64 * MIB).gicRedistBase()).isGreaterThan(MemoryMap.UART_BASE + MemoryMap.UART_SIZE);
        assertThat(map.ramEnd()).isEqualTo(0xA000_0000L);
        assertThatThrownBy(() -> new MemoryMap(0, 64 * MIB)).hasMessageContaining("vCPU count");
        assertThatThrownBy(() -> new MemoryMap(1, 65 * MIB)).hasMessageContaining("multiple of 2 MiB");
        assertThatThrownBy(() -> new MemoryMap(1, 32 * MIB)).hasMessageContaining("between 64 MiB");
    }
}
