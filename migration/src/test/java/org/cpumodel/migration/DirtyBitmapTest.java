package org.cpumodel.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirtyBitmapTest {

    static List<Long> pages(DirtyBitmap b) {
        List<Long> out = new ArrayList<>();
        for (long p = b.next(0); p >= 0; p = b.next(p + 1)) {
            out.add(p);
        }
        return out;
    }

    @Test
    void walksSetPagesInOrderAcrossWords() {
        DirtyBitmap b = new DirtyBitmap(200);
        assertThat(b.segment().byteSize()).as("4 words of 64 pages").isEqualTo(32);
        for (long p : new long[] {0, 63, 64, 130, 199}) {
            b.set(p);
        }
        assertThat(pages(b)).containsExactly(0L, 63L, 64L, 130L, 199L);
        assertThat(b.count()).isEqualTo(5);
        assertThat(b.isSet(130)).isTrue();
        assertThat(b.isSet(131)).isFalse();
        b.clear();
        assertThat(b.next(0)).isEqualTo(-1);
    }

    @Test
    void orKeepsThePagesOfAnEarlierRead() {
        DirtyBitmap a = new DirtyBitmap(128);
        DirtyBitmap later = new DirtyBitmap(128);
        a.set(3);
        later.set(100);
        a.or(later);
        assertThat(pages(a)).containsExactly(3L, 100L);
    }
}
