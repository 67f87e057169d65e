package org.cpumodel.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitsTest {

    @Test
    void littleEndianReadsWhatALittleEndianBufferHolds() {
        Random rnd = new Random(20261202);
        for (int k = 0; k < 2000; k++) {
            long v = rnd.nextLong();
            byte[] b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(v).putLong(rnd.nextLong()).array();
            assertThat(Bits.littleEndian(b, 8)).isEqualTo(v);
            for (int len = 0; len < 8; len++) {
                assertThat(Bits.littleEndian(b, len)).as("%d bytes of %x", len, v).isEqualTo(len == 0 ? 0 : v & (-1L >>> (64 - 8 * len)));
            }
        }
    }

    @Test
    void littleEndianRefusesMoreThanEightBytesOrMoreThanTheBuffer() {
        assertThatThrownBy(() -> Bits.littleEndian(new byte[16], 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bits.littleEndian(new byte[4], 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
