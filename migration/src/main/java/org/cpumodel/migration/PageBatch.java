package org.cpumodel.migration;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * A {@code RAM} section's payload: a 32-bit page count, then per page its 64-bit page number (from
 * the start of guest RAM) and its {@link #PAGE} bytes. The destination copies each page straight
 * into guest RAM.
 */
public final class PageBatch {

    public static final int PAGE = 4096;
    /** Pages per section: 1 MiB of guest memory. */
    public static final int PAGES = 256;

    private final byte[] buffer = new byte[4 + PAGES * (8 + PAGE)];
    private int count;

    /** Adds page {@code page} of {@code ram}; false when the batch is full (send it, {@link #clear}, add again). */
    public boolean add(MemorySegment ram, long page) {
        if (count == PAGES) {
            return false;
        }
        int at = 4 + count * (8 + PAGE);
        ByteBuffer.wrap(buffer, at, 8).putLong(page);
        MemorySegment.copy(ram, ValueLayout.JAVA_BYTE, page * PAGE, buffer, at + 8, PAGE);
        count++;
        return true;
    }

    public int count() {
        return count;
    }

    /** The payload's bytes: {@code buffer()[0 .. length())}. */
    public byte[] buffer() {
        ByteBuffer.wrap(buffer, 0, 4).putInt(count);
        return buffer;
    }

    public int length() {
        return 4 + count * (8 + PAGE);
    }

    public void clear() {
        count = 0;
    }

    /** Copies every page of a received payload into {@code ram}; returns the number of pages. */
    public static int apply(byte[] payload, MemorySegment ram) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        int n = b.getInt();
        if (n < 0 || n > PAGES || payload.length != 4 + (long) n * (8 + PAGE)) {
            throw new IllegalArgumentException("a RAM section of " + payload.length + " bytes claims " + n + " pages");
        }
        long pages = ram.byteSize() / PAGE;
        for (int i = 0; i < n; i++) {
            long page = b.getLong();
            if (page < 0 || page >= pages) {
                throw new IllegalArgumentException("a RAM section names page " + page + " of a guest with " + pages);
            }
            MemorySegment.copy(payload, b.position(), ram, ValueLayout.JAVA_BYTE, page * PAGE, PAGE);
            b.position(b.position() + PAGE);
        }
        return n;
    }

    /** Whether page {@code page} of {@code ram} is all zero (a fresh destination already has it). */
    public static boolean isZero(MemorySegment ram, long page, MemorySegment zeroPage) {
        return ram.asSlice(page * PAGE, PAGE).mismatch(zeroPage) == -1;
    }
}
