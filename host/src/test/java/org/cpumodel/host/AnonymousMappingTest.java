package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cpumodel.uapi.KvmIoctlException;
import org.junit.jupiter.api.Test;

/** Anonymous memory through the one syscall downcall (runs on any Linux: mmap is architecture-independent). */
class AnonymousMappingTest {

    @Test
    void mapsZeroFilledPageAlignedMemoryAndUnmapsOnClose() {
        AnonymousMapping m = AnonymousMapping.map(16L << 20);
        try (m) {
            assertThat(m.size()).isEqualTo(16L << 20);
            assertThat(m.segment().address() % 4096).isZero();
            assertThat(m.segment().get(JAVA_LONG, (8L << 20) + 8)).isZero();
            m.segment().set(JAVA_LONG, (16L << 20) - 8, 0x1234_5678_9ABC_DEF0L);
            assertThat(m.segment().get(JAVA_LONG, (16L << 20) - 8)).isEqualTo(0x1234_5678_9ABC_DEF0L);
        }
        assertThatThrownBy(() -> m.segment().get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        m.close(); // idempotent
    }

    @Test
    void refusesSizesThatAreNotWholePages() {
        assertThatThrownBy(() -> AnonymousMapping.map(4095)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnonymousMapping.map(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugeMappingFailsWithTheErrnoNamed() {
        // 2^62 bytes is beyond any user address space: ENOMEM from the kernel, reported as an exception
        assertThatThrownBy(() -> AnonymousMapping.map(1L << 62)).isInstanceOf(KvmIoctlException.class).hasMessageContaining("mmap")
                .hasMessageContaining("ENOMEM");
    }
}
