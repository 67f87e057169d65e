package org.cpumodel.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Anonymous private memory from {@code mmap(2)} ({@code MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE},
 * read-write): page-aligned, zero-filled, backed by the kernel only where touched. What a VMM gives
 * KVM as guest RAM through {@link VmFd#setUserMemoryRegion(int, int, long, MemorySegment)}.
 * {@link #close()} munmaps it; any later access to {@link #segment()} throws instead of touching
 * unmapped memory. Close it only after the memory slot is deleted or the VM is closed.
 */
public final class AnonymousMapping implements AutoCloseable {

    private final Arena arena;
    private final MemorySegment segment;

    private AnonymousMapping(Arena arena, MemorySegment segment) {
        this.arena = arena;
        this.segment = segment;
    }

    /** Maps {@code size} bytes (a positive multiple of the 4 KiB page size). */
    public static AnonymousMapping map(long size) {
        if (size <= 0 || size % 4096 != 0) {
            throw new IllegalArgumentException("mapping size must be a positive multiple of 4096: " + size);
        }
        Arena arena = Arena.ofShared();
        try {
            return new AnonymousMapping(arena, LibC.mmapAnonymous(size, arena));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The mapped memory (shared between threads: vCPU threads and devices access it). */
    public MemorySegment segment() {
        return segment;
    }

    public long size() {
        return segment.byteSize();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
