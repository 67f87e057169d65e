package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;
import org.cpumodel.uapi.ArmIrq;
import org.cpumodel.uapi.DirtyLog;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.uapi.SmcccFilter;
import org.cpumodel.uapi.VgicV3;

/** A VM descriptor, made by {@link Kvm#createVm(long)}. */
public final class VmFd extends KvmFd {

    /** KVM_CREATE_DEVICE_TEST: only check whether the device type can be created. */
    public static final int CREATE_DEVICE_TEST = 1;

    private final int vcpuMmapSize;

    VmFd(int fd, int vcpuMmapSize) {
        super(fd);
        this.vcpuMmapSize = vcpuMmapSize;
    }

    /** KVM_CHECK_EXTENSION on the VM fd (the answer may depend on the VM, e.g. its IPA size). */
    public int checkExtension(int cap) {
        return ioctl(Ioctls.KVM_CHECK_EXTENSION, cap, "cap " + cap);
    }

    /** KVM_ENABLE_CAP with up to four arguments. */
    public void enableCap(int cap, int flags, long... args) {
        if (args.length > 4) {
            throw new IllegalArgumentException("kvm_enable_cap takes at most 4 args, got " + args.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_ENABLE_CAP);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_ENABLE_CAP, "cap"), cap);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_ENABLE_CAP, "flags"), flags);
            long argsAt = Structs.offset(Structs.KVM_ENABLE_CAP, "args");
            for (int i = 0; i < args.length; i++) {
                s.set(JAVA_LONG, argsAt + 8L * i, args[i]);
            }
            ioctl(Ioctls.KVM_ENABLE_CAP, s, OptionalLong.empty(), "cap " + cap);
        }
    }

    /** KVM_ARM_PREFERRED_TARGET: the target (and zero features) to pass to {@link VcpuFd#init}. */
    public VcpuInit armPreferredTarget() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_VCPU_INIT);
            ioctl(Ioctls.KVM_ARM_PREFERRED_TARGET, s);
            return readVcpuInit(s);
        }
    }

    static VcpuInit readVcpuInit(MemorySegment s) {
        int target = s.get(JAVA_INT, Structs.offset(Structs.KVM_VCPU_INIT, "target"));
        int[] features = s.asSlice(Structs.offset(Structs.KVM_VCPU_INIT, "features"), 4L * KvmVcpuInit.FEATURE_WORDS).toArray(JAVA_INT);
        return new VcpuInit(target, features);
    }

    /** KVM_CREATE_VCPU. The vCPU must still be initialised with {@link VcpuFd#init(VcpuInit)}. */
    public VcpuFd createVcpu(int id) {
        int fd = ioctl(Ioctls.KVM_CREATE_VCPU, id, "vcpu " + id);
        return new VcpuFd(fd, id, vcpuMmapSize);
    }

    /**
     * KVM_ARM_GET_REG_WRITABLE_MASKS for {@code range} (only {@link KvmRegId#FEATURE_ID_RANGE} exists):
     * 192 masks indexed by {@link KvmRegId#featureIdRangeIndex}; 0 for registers KVM does not
     * let userspace change. The reserved words are zero.
     */
    public long[] getRegWritableMasks(int range) {
        return getRegWritableMasks(range, new int[0]);
    }

    /**
     * As {@link #getRegWritableMasks(int)}, with {@code reserved} copied into
     * {@code reg_mask_range.reserved[]} (at most 13 words): lets a test observe KVM rejecting
     * non-zero reserved words with EINVAL.
     */
    public long[] getRegWritableMasks(int range, int[] reserved) {
        if (reserved.length > 13) {
            throw new IllegalArgumentException("reg_mask_range has 13 reserved words, got " + reserved.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment masks = arena.allocate(JAVA_LONG, KvmRegId.FEATURE_ID_RANGE_SIZE);
            MemorySegment s = arena.allocate(Structs.REG_MASK_RANGE);
            s.set(JAVA_LONG, Structs.offset(Structs.REG_MASK_RANGE, "addr"), masks.address());
            s.set(JAVA_INT, Structs.offset(Structs.REG_MASK_RANGE, "range"), range);
            long reservedAt = Structs.offset(Structs.REG_MASK_RANGE, "reserved");
            for (int i = 0; i < reserved.length; i++) {
                s.set(JAVA_INT, reservedAt + 4L * i, reserved[i]);
            }
            ioctl(Ioctls.KVM_ARM_GET_REG_WRITABLE_MASKS, s, OptionalLong.empty(), "range " + range);
            return masks.toArray(JAVA_LONG);
        }
    }

    /** KVM_CREATE_DEVICE of {@code type} (e.g. {@link VgicV3#DEVICE_TYPE}). */
    public DeviceFd createDevice(int type) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_CREATE_DEVICE);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_CREATE_DEVICE, "type"), type);
            ioctl(Ioctls.KVM_CREATE_DEVICE, s, OptionalLong.empty(), "type " + type);
            return new DeviceFd(s.get(JAVA_INT, Structs.offset(Structs.KVM_CREATE_DEVICE, "fd")), type);
        }
    }

    /** KVM_CREATE_DEVICE with KVM_CREATE_DEVICE_TEST: can a device of this type be created? */
    public boolean supportsDevice(int type) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_CREATE_DEVICE);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_CREATE_DEVICE, "type"), type);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_CREATE_DEVICE, "flags"), CREATE_DEVICE_TEST);
            return ioctlRaw(Ioctls.KVM_CREATE_DEVICE, s) == 0;
        }
    }

    /**
     * KVM_SET_USER_MEMORY_REGION: maps {@code memorySize} bytes at host {@code userspaceAddr}
     * to guest physical {@code guestPhysAddr} in {@code slot} (size 0 deletes the slot).
     */
    public void setUserMemoryRegion(int slot, int flags, long guestPhysAddr, long memorySize, long userspaceAddr) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_USERSPACE_MEMORY_REGION);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_USERSPACE_MEMORY_REGION, "slot"), slot);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_USERSPACE_MEMORY_REGION, "flags"), flags);
            s.set(JAVA_LONG, Structs.offset(Structs.KVM_USERSPACE_MEMORY_REGION, "guest_phys_addr"), guestPhysAddr);
            s.set(JAVA_LONG, Structs.offset(Structs.KVM_USERSPACE_MEMORY_REGION, "memory_size"), memorySize);
            s.set(JAVA_LONG, Structs.offset(Structs.KVM_USERSPACE_MEMORY_REGION, "userspace_addr"), userspaceAddr);
            ioctl(Ioctls.KVM_SET_USER_MEMORY_REGION, s, OptionalLong.empty(),
                    String.format(java.util.Locale.ROOT, "slot %d, gpa 0x%x, size 0x%x", slot, guestPhysAddr, memorySize));
        }
    }

    /**
     * KVM_SET_USER_MEMORY_REGION backed by {@code memory} (native, page-aligned; the caller keeps
     * it alive for as long as the slot exists).
     */
    public void setUserMemoryRegion(int slot, int flags, long guestPhysAddr, MemorySegment memory) {
        if (!memory.isNative()) {
            throw new IllegalArgumentException("guest memory must be a native segment");
        }
        setUserMemoryRegion(slot, flags, guestPhysAddr, memory.byteSize(), memory.address());
    }

    /** KVM_HAS_DEVICE_ATTR on the VM fd: false if KVM answers ENXIO. */
    public boolean hasDeviceAttr(int group, long attr) {
        return hasAttr0(group, attr);
    }

    /** KVM_SET_DEVICE_ATTR on the VM fd with a u64 payload. */
    public void setDeviceAttr(int group, long attr, long value) {
        setAttrU64(group, attr, value);
    }

    /**
     * Installs an SMCCC filter range (KVM_SET_DEVICE_ATTR, group {@link SmcccFilter#GRP_SMCCC_CTRL}, attr
     * {@link SmcccFilter#ATTR_FILTER}): calls {@code base .. base+nrFunctions-1} get {@code action}
     * ({@link SmcccFilter#FWD_TO_USER} makes them KVM_EXIT_HYPERCALL exits). Before the VM runs.
     */
    public void setSmcccFilter(int base, int nrFunctions, int action) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocate(Structs.KVM_SMCCC_FILTER);
            f.set(JAVA_INT, Structs.offset(Structs.KVM_SMCCC_FILTER, "base"), base);
            f.set(JAVA_INT, Structs.offset(Structs.KVM_SMCCC_FILTER, "nr_functions"), nrFunctions);
            f.set(JAVA_BYTE, Structs.offset(Structs.KVM_SMCCC_FILTER, "action"), (byte) action);
            setAttrRaw(SmcccFilter.GRP_SMCCC_CTRL, SmcccFilter.ATTR_FILTER, f);
        }
    }

    /**
     * KVM_IRQ_LINE: drives the interrupt line {@code irq} ({@link ArmIrq#spi} for an SPI of the
     * in-kernel vGIC) to {@code level} (1 raised, 0 lowered; an edge-triggered SPI fires on 0 to 1).
     */
    public void irqLine(int irq, int level) {
        MemorySegment s = IrqLevel.BUFFER.get();
        s.set(JAVA_INT, IrqLevel.IRQ, irq);
        s.set(JAVA_INT, IrqLevel.LEVEL, level);
        int rc = ioctlRaw(Ioctls.KVM_IRQ_LINE, s);
        if (rc < 0) {
            throw new KvmIoctlException(Ioctls.KVM_IRQ_LINE.name(), -rc, OptionalLong.empty(),
                    String.format(java.util.Locale.ROOT, "irq 0x%08x, level %d", irq, level));
        }
    }

    /**
     * Each thread's {@code struct kvm_irq_level}: a device raises and lowers its line on the vCPU
     * thread that emulates it, at every state change, so an arena per call would cost more than the
     * ioctl where the VMM runs emulated. In a holder: collect, which loads this class, never needs it.
     */
    private static final class IrqLevel {
        static final ThreadLocal<MemorySegment> BUFFER = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Structs.KVM_IRQ_LEVEL));
        static final long IRQ = Structs.offset(Structs.KVM_IRQ_LEVEL, "irq");
        static final long LEVEL = Structs.offset(Structs.KVM_IRQ_LEVEL, "level");
    }

    /**
     * KVM_GET_DIRTY_LOG: writes the dirty bitmap of memory slot {@code slot} into {@code bitmap}
     * (native, at least {@link DirtyLog#bitmapBytes} of the slot's pages). Without manual
     * protection this also clears the log and write-protects the pages again; with
     * KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 enabled it only reads, and {@link #clearDirtyLog} re-arms.
     */
    public void getDirtyLog(int slot, MemorySegment bitmap) {
        requireNative(bitmap);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_DIRTY_LOG);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_DIRTY_LOG, "slot"), slot);
            s.set(JAVA_LONG, Structs.offset(Structs.KVM_DIRTY_LOG, "dirty_bitmap"), bitmap.address());
            ioctl(Ioctls.KVM_GET_DIRTY_LOG, s, OptionalLong.empty(), "slot " + slot);
        }
    }

    /**
     * KVM_CLEAR_DIRTY_LOG: for the pages {@code firstPage .. firstPage+numPages-1} of {@code slot}
     * whose bit is set in {@code bitmap} (bit 0 = firstPage), clears the dirty bit and
     * write-protects the page again. {@code firstPage} must be a multiple of 64; {@code numPages}
     * too, unless the range ends at the end of the slot.
     */
    public void clearDirtyLog(int slot, long firstPage, int numPages, MemorySegment bitmap) {
        requireNative(bitmap);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_CLEAR_DIRTY_LOG);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_CLEAR_DIRTY_LOG, "slot"), slot);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_CLEAR_DIRTY_LOG, "num_pages"), numPages);
            s.set(JAVA_LONG, Structs.offset(Structs.KVM_CLEAR_DIRTY_LOG, "first_page"), firstPage);
            s.set(JAVA_LONG, Structs.offset(Structs.KVM_CLEAR_DIRTY_LOG, "dirty_bitmap"), bitmap.address());
            ioctl(Ioctls.KVM_CLEAR_DIRTY_LOG, s, OptionalLong.empty(), "slot " + slot + ", pages " + firstPage + "+" + numPages);
        }
    }

    /**
     * KVM_ARM_SET_COUNTER_OFFSET (Linux 6.4+, {@link KvmCap#COUNTER_OFFSET}): the offset subtracted
     * from the physical counter for every vCPU of the VM (the guest's virtual and physical counters).
     * After it, writes of the counter registers through ONE_REG are ignored.
     */
    public void armSetCounterOffset(long counterOffset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_ARM_COUNTER_OFFSET);
            s.set(JAVA_LONG, Structs.offset(Structs.KVM_ARM_COUNTER_OFFSET, "counter_offset"), counterOffset);
            ioctl(Ioctls.KVM_ARM_SET_COUNTER_OFFSET, s, OptionalLong.empty(), "offset 0x" + Long.toHexString(counterOffset));
        }
    }

    private static void requireNative(MemorySegment s) {
        if (!s.isNative()) {
            throw new IllegalArgumentException("the dirty bitmap must be a native segment");
        }
    }
}
