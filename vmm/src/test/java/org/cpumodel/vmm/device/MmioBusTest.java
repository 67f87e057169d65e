package org.cpumodel.vmm.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MmioBusTest {

    record Access(long offset, int size, long value) {
    }

    @Test
    void routesByRangeWithOffsetsAndCountsWhatNobodyClaims() {
        List<Access> seen = new ArrayList<>();
        MmioBus bus = new MmioBus();
        bus.add(0x1000, 8, new MmioDevice() {
            public long read(long offset, int size) {
                return 0x40 + offset;
            }

            public void write(long offset, int size, long value) {
                seen.add(new Access(offset, size, value));
            }
        });
        bus.write(0x1005, 1, 0xAB);
        assertThat(bus.read(0x1003, 1)).isEqualTo(0x43);
        assertThat(seen).containsExactly(new Access(5, 1, 0xAB));
        assertThat(bus.read(0x1007, 4)).as("straddles the end: nobody's").isZero();
        bus.write(0x2000, 4, 1);
        assertThat(bus.unclaimedAccesses()).isEqualTo(2);
        assertThat(bus.firstUnclaimed()).isEqualTo("read of 4 bytes at 0x1007");
        assertThatThrownBy(() -> bus.add(0x1004, 8, null)).hasMessageContaining("overlaps");
    }
}
