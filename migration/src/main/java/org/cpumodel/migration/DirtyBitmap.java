package org.cpumodel.migration;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.cpumodel.host.NativeBuffer;
import org.cpumodel.uapi.DirtyLog;

/** KVM's dirty bitmap of one memory slot: bit {@code i % 64} of 64-bit word {@code i / 64} is page {@code i}. */
public final class DirtyBitmap {

    private final long pages;
    private final MemorySegment bits;

    public DirtyBitmap(long pages) {
        this.pages = pages;
        this.bits = NativeBuffer.allocate(DirtyLog.bitmapBytes(pages), 8);
    }

    /** The native bitmap KVM_GET_DIRTY_LOG writes. */
    public MemorySegment segment() {
        return bits;
    }

    public long pages() {
        return pages;
    }

    /** The number of pages set. */
    public long count() {
        long n = 0;
        for (long w = 0; w < bits.byteSize() / 8; w++) {
            n += Long.bitCount(bits.getAtIndex(ValueLayout.JAVA_LONG, w));
        }
        return n;
    }

    public boolean isSet(long page) {
        return (bits.getAtIndex(ValueLayout.JAVA_LONG, page / 64) >>> (page % 64) & 1) != 0;
    }

    public void set(long page) {
        long w = bits.getAtIndex(ValueLayout.JAVA_LONG, page / 64);
        bits.setAtIndex(ValueLayout.JAVA_LONG, page / 64, w | 1L << (page % 64));
    }

    /** Sets every page set in {@code other} (of the same size). */
    public void or(DirtyBitmap other) {
        for (long w = 0; w < bits.byteSize() / 8; w++) {
            bits.setAtIndex(ValueLayout.JAVA_LONG, w, bits.getAtIndex(ValueLayout.JAVA_LONG, w) | other.bits.getAtIndex(ValueLayout.JAVA_LONG, w));
        }
    }

    public void clear() {
        bits.fill((byte) 0);
    }

    /** The next set page at or after {@code from}, or -1. */
    public long next(long from) {
        long words = bits.byteSize() / 8;
        for (long w = from / 64; w < words; w++) {
            long v = bits.getAtIndex(ValueLayout.JAVA_LONG, w);
            if (w == from / 64) {
                v &= -1L << (from % 64);
            }
            if (v != 0) {
                long page = w * 64 + Long.numberOfTrailingZeros(v);
                return page < pages ? page : -1;
            }
        }
        return -1;
    }
}
