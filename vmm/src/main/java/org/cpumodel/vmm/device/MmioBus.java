package org.cpumodel.vmm.device;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guest-physical MMIO map of the devices emulated in userspace: each device owns a range;
 * an access is routed to the device whose range holds it whole. An access nobody owns reads as 0
 * and is otherwise ignored (as on a bus without a device), and is counted, with the first one kept
 * for diagnostics.
 */
public final class MmioBus {

    private record Range(long base, long size, MmioDevice device) {
        boolean holds(long gpa, int len) {
            return gpa >= base && gpa + len <= base + size;
        }
    }

    private final List<Range> ranges = new CopyOnWriteArrayList<>();
    private final AtomicLong unclaimed = new AtomicLong();
    private volatile String firstUnclaimed;

    /** Adds a device at {@code [base, base+size)}; ranges may not overlap. */
    public synchronized void add(long base, long size, MmioDevice device) {
        if (size <= 0 || base < 0 || base + size < base) {
            throw new IllegalArgumentException("bad MMIO range 0x" + Long.toHexString(base) + "+0x" + Long.toHexString(size));
        }
        for (Range r : ranges) {
            if (base < r.base + r.size && r.base < base + size) {
                throw new IllegalArgumentException(String.format("MMIO range 0x%x+0x%x overlaps 0x%x+0x%x", base, size, r.base, r.size));
            }
        }
        ranges.add(new Range(base, size, device));
    }

    private Range find(long gpa, int len) {
        for (Range r : ranges) {
            if (r.holds(gpa, len)) {
                return r;
            }
        }
        return null;
    }

    /** A guest read of {@code len} bytes at {@code gpa}. */
    public long read(long gpa, int len) {
        Range r = find(gpa, len);
        if (r == null) {
            note("read", gpa, len);
            return 0;
        }
        return r.device.read(gpa - r.base, len);
    }

    /** A guest write of {@code len} bytes at {@code gpa}. */
    public void write(long gpa, int len, long value) {
        Range r = find(gpa, len);
        if (r == null) {
            note("write", gpa, len);
            return;
        }
        r.device.write(gpa - r.base, len, value);
    }

    private void note(String what, long gpa, int len) {
        if (unclaimed.getAndIncrement() == 0) {
            firstUnclaimed = String.format("%s of %d bytes at 0x%x", what, len, gpa);
        }
    }

    /** Accesses no device claimed. */
    public long unclaimedAccesses() {
        return unclaimed.get();
    }

    /** The first of them, or null. */
    public String firstUnclaimed() {
        return firstUnclaimed;
    }
}
