package org.cpumodel.vmm.memory;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.cpumodel.host.AnonymousMapping;
import org.cpumodel.host.VmFd;
import org.cpumodel.uapi.DirtyLog;
import org.cpumodel.vmm.layout.MemoryMap;

/**
 * The guest's RAM: one anonymous mapping registered with KVM as memory slot {@link #SLOT} at
 * {@link MemoryMap#RAM_BASE}. The VMM writes the boot files into it; a migration reads it (and its
 * dirty log, slot {@link #SLOT}) from here.
 */
public final class GuestRam implements AutoCloseable {

    /** The memory slot of the RAM. */
    public static final int SLOT = 0;

    private final VmFd vm;
    private final AnonymousMapping mapping;
    private final long base;

    private GuestRam(VmFd vm, AnonymousMapping mapping, long base) {
        this.vm = vm;
        this.mapping = mapping;
        this.base = base;
    }

    /** Maps {@code size} bytes and registers them with the VM ({@code flags}: KVM_MEM_* such as dirty logging). */
    public static GuestRam create(VmFd vm, long size, int flags) {
        AnonymousMapping m = AnonymousMapping.map(size);
        try {
            vm.setUserMemoryRegion(SLOT, flags, MemoryMap.RAM_BASE, m.segment());
            return new GuestRam(vm, m, MemoryMap.RAM_BASE);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public long base() {
        return base;
    }

    public long size() {
        return mapping.size();
    }

    /** The host view of the whole RAM (offset 0 = guest-physical {@link #base()}). */
    public MemorySegment segment() {
        return mapping.segment();
    }

    /** Copies {@code bytes} to guest-physical {@code gpa}; the range must lie in RAM. */
    public void write(long gpa, byte[] bytes) {
        MemorySegment.copy(bytes, 0, mapping.segment(), ValueLayout.JAVA_BYTE, offset(gpa, bytes.length), bytes.length);
    }

    /** Copies the whole file to guest-physical {@code gpa} (straight into guest memory); returns its size. */
    public long load(long gpa, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer dst = mapping.segment().asSlice(offset(gpa, size), size).asByteBuffer();
            while (dst.hasRemaining()) {
                if (ch.read(dst) < 0) {
                    throw new IOException(file + " ended after " + dst.position() + " of " + size + " bytes");
                }
            }
            return size;
        }
    }

    /** Reads {@code length} bytes at guest-physical {@code gpa}. */
    public byte[] read(long gpa, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(mapping.segment(), ValueLayout.JAVA_BYTE, offset(gpa, length), out, 0, length);
        return out;
    }

    private long offset(long gpa, long length) {
        if (gpa < base || length < 0 || gpa + length > base + size()) {
            throw new IllegalArgumentException(String.format("0x%x+0x%x is outside guest RAM 0x%x+0x%x", gpa, length, base, size()));
        }
        return gpa - base;
    }

    /** The number of 4 KiB pages. */
    public long pages() {
        return mapping.size() / PAGE_SIZE;
    }

    /** The page size of the dirty log (KVM logs in host pages; 4 KiB here). */
    public static final int PAGE_SIZE = 4096;

    /**
     * Turns dirty-page logging of the slot on or off: KVM_SET_USER_MEMORY_REGION on the same slot,
     * address and memory with {@link DirtyLog#MEM_LOG_DIRTY_PAGES} changed (a flags-only change KVM
     * allows on a live slot, virt/kvm/kvm_main.c, KVM_MR_FLAGS_ONLY). From then every page the guest
     * writes is logged until {@link #fetchDirtyLog} collects it.
     */
    public void setDirtyLogging(boolean on) {
        vm.setUserMemoryRegion(SLOT, on ? DirtyLog.MEM_LOG_DIRTY_PAGES : 0, base, mapping.segment());
    }

    /**
     * KVM_GET_DIRTY_LOG into {@code bitmap} (one bit per page, {@link DirtyLog#bitmapBytes} long):
     * the pages written since the last call (or since logging began), which KVM write-protects again.
     */
    public void fetchDirtyLog(MemorySegment bitmap) {
        vm.getDirtyLog(SLOT, bitmap);
    }

    /** Unmaps the memory: only after the VM is closed (or the slot deleted). */
    @Override
    public void close() {
        mapping.close();
    }
}
