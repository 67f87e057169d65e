package org.cpumodel.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PageBatchTest {

    @Test
    void pagesGoWhereTheyCameFrom() {
        MemorySegment src = Arena.ofAuto().allocate(16 * PageBatch.PAGE);
        for (long i = 0; i < src.byteSize(); i++) {
            src.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + i / PageBatch.PAGE));
        }
        PageBatch b = new PageBatch();
        assertThat(b.add(src, 3)).isTrue();
        assertThat(b.add(src, 15)).isTrue();
        MemorySegment dst = Arena.ofAuto().allocate(16 * PageBatch.PAGE);
        int n = PageBatch.apply(Arrays.copyOf(b.buffer(), b.length()), dst);
        assertThat(n).isEqualTo(2);
        for (long page = 0; page < 16; page++) {
            MemorySegment d = dst.asSlice(page * PageBatch.PAGE, PageBatch.PAGE);
            if (page == 3 || page == 15) {
                assertThat(d.mismatch(src.asSlice(page * PageBatch.PAGE, PageBatch.PAGE))).isEqualTo(-1);
            } else {
                assertThat(PageBatch.isZero(dst, page, Arena.ofAuto().allocate(PageBatch.PAGE))).isTrue();
            }
        }
    }

    @Test
    void aFullBatchSaysSo() {
        MemorySegment src = Arena.ofAuto().allocate(PageBatch.PAGE);
        PageBatch b = new PageBatch();
        for (int i = 0; i < PageBatch.PAGES; i++) {
            assertThat(b.add(src, 0)).isTrue();
        }
        assertThat(b.add(src, 0)).isFalse();
        b.clear();
        assertThat(b.count()).isZero();
    }

    @Test
    void aPageOutsideTheGuestOrABadLengthIsRefused() {
        MemorySegment src = Arena.ofAuto().allocate(4 * PageBatch.PAGE);
        PageBatch b = new PageBatch();
        b.add(src, 3);
        byte[] payload = Arrays.copyOf(b.buffer(), b.length());
        assertThatThrownBy(() -> PageBatch.apply(payload, Arena.ofAuto().allocate(2 * PageBatch.PAGE))).hasMessageContaining("page 3 of a guest with 2");
        assertThatThrownBy(() -> PageBatch.apply(Arrays.copyOf(payload, payload.length - 1), src)).hasMessageContaining("claims 1 pages");
    }
}
