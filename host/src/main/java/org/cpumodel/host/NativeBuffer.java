package org.cpumodel.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Native memory for buffers the kernel reads or writes through a pointer in an ioctl argument (for
 * example the bitmap of KVM_GET_DIRTY_LOG), for modules outside {@code host/}, which hold no
 * {@link Arena}. The memory is zeroed and freed when the segment is no longer reachable.
 */
public final class NativeBuffer {

    private NativeBuffer() {
    }

    /** A zeroed native buffer of {@code bytes}, aligned to {@code alignment}. */
    public static MemorySegment allocate(long bytes, long alignment) {
        return Arena.ofAuto().allocate(bytes, alignment);
    }
}
