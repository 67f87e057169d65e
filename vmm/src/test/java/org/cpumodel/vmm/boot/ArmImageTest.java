package org.cpumodel.vmm.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The arm64 Image header (booting.rst), with the values of Debian's 7.3 kernel. */
class ArmImageTest {

    static byte[] header(long textOffset, long imageSize, long flags, int magic) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0xFA40_5A4D); // "MZ" + branch, as EFI-stub kernels start
        b.putLong(8, textOffset).putLong(16, imageSize).putLong(24, flags).putInt(56, magic);
        return b.array();
    }

    @Test
    void readsTextOffsetImageSizeAndFlags() {
        ArmImage i = ArmImage.parse(header(0, 52_690_944, 0xA, ArmImage.MAGIC), 51_642_304);
        assertThat(i.textOffset()).isZero();
        assertThat(i.imageSize()).isEqualTo(52_690_944);
        assertThat(i.flags()).isEqualTo(0xA);
        assertThat(i.bigEndian()).isFalse();
        assertThat(ArmImage.MAGIC).as("\"ARM\\x64\" little-endian").isEqualTo(('A') | ('R' << 8) | ('M' << 16) | (0x64 << 24));
    }

    @Test
    void aKernelWithoutImageSizeGetsTheLegacyTextOffset() {
        ArmImage i = ArmImage.parse(header(0, 0, 0, ArmImage.MAGIC), 10_000_000);
        assertThat(i.textOffset()).isEqualTo(0x80000);
        assertThat(i.imageSize()).isEqualTo(10_000_000);
    }

    @Test
    void whatIsNotAnImageIsNamed() {
        byte[] gz = header(0, 1 << 20, 0, 0);
        gz[0] = 0x1F;
        gz[1] = (byte) 0x8B;
        assertThatThrownBy(() -> ArmImage.parse(gz, 4096)).hasMessageContaining("not an arm64 Linux Image").hasMessageContaining("gunzip");
        byte[] elf = header(0, 1 << 20, 0, 0);
        elf[0] = 0x7F;
        elf[1] = 'E';
        assertThatThrownBy(() -> ArmImage.parse(elf, 4096)).hasMessageContaining("vmlinux");
        assertThatThrownBy(() -> ArmImage.parse(new byte[10], 10)).hasMessageContaining("too short");
        assertThatThrownBy(() -> ArmImage.parse(header(0x123, 1 << 20, 0, ArmImage.MAGIC), 4096)).hasMessageContaining("text_offset");
        assertThatThrownBy(() -> ArmImage.parse(header(0, 4096, 0, ArmImage.MAGIC), 8192)).hasMessageContaining("smaller than the file");
    }

    @Test
    void bootRegistersFollowTheBootProtocol() {
        BootRegisters r = new BootRegisters(0x8000_0000L, 0x8FE0_0000L);
        // EL1h (0b0101) with D, A, I, F masked (bits 9..6)
        assertThat(r.pstate()).isEqualTo(0x3C5);
    }
}
