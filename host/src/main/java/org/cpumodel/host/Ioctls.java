package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;

/**
 * The KVM ioctl request numbers used by this module, computed like the C macros of
 * {@code include/uapi/asm-generic/ioctl.h} (which arm64 uses): nr in bits 0..7, type in 8..15,
 * size in 16..29, direction in 30..31 (WRITE=1, READ=2). Sizes come from the {@link Structs}
 * layouts, so a layout mistake shows up as a wrong request number in the tests.
 *
 * <p>The direction is the one the header declares, even where it does not describe the data
 * flow: KVM_GET_ONE_REG is {@code _IOW} and KVM_ARM_GET_REG_WRITABLE_MASKS is {@code _IOR}.
 */
public final class Ioctls {

    private Ioctls() {
    }

    /** KVMIO, the ioctl type byte of KVM. */
    public static final int KVMIO = 0xAE;

    public static final int IOC_NONE = 0;
    public static final int IOC_WRITE = 1;
    public static final int IOC_READ = 2;

    private static final int NRBITS = 8;
    private static final int TYPEBITS = 8;
    private static final int SIZEBITS = 14;
    private static final int NRSHIFT = 0;
    private static final int TYPESHIFT = NRSHIFT + NRBITS;
    private static final int SIZESHIFT = TYPESHIFT + TYPEBITS;
    private static final int DIRSHIFT = SIZESHIFT + SIZEBITS;

    /** {@code _IOC(dir, type, nr, size)}. */
    public static long ioc(int dir, int type, int nr, long size) {
        if (dir < 0 || dir > 3 || type < 0 || type > 0xFF || nr < 0 || nr > 0xFF || size < 0 || size >= 1L << SIZEBITS) {
            throw new IllegalArgumentException("bad _IOC(" + dir + ", " + type + ", " + nr + ", " + size + ")");
        }
        return ((long) dir << DIRSHIFT) | (size << SIZESHIFT) | ((long) type << TYPESHIFT) | ((long) nr << NRSHIFT);
    }

    private static Ioctl io(String name, int nr) {
        return new Ioctl(name, ioc(IOC_NONE, KVMIO, nr, 0));
    }

    private static Ioctl ior(String name, int nr, MemoryLayout arg) {
        return new Ioctl(name, ioc(IOC_READ, KVMIO, nr, arg.byteSize()));
    }

    private static Ioctl iow(String name, int nr, MemoryLayout arg) {
        return new Ioctl(name, ioc(IOC_WRITE, KVMIO, nr, arg.byteSize()));
    }

    private static Ioctl iowr(String name, int nr, MemoryLayout arg) {
        return new Ioctl(name, ioc(IOC_READ | IOC_WRITE, KVMIO, nr, arg.byteSize()));
    }

    // ---- /dev/kvm ----
    public static final Ioctl KVM_GET_API_VERSION = io("KVM_GET_API_VERSION", 0x00);
    public static final Ioctl KVM_CREATE_VM = io("KVM_CREATE_VM", 0x01);
    /** Also valid on a VM fd (KVM_CAP_CHECK_EXTENSION_VM). */
    public static final Ioctl KVM_CHECK_EXTENSION = io("KVM_CHECK_EXTENSION", 0x03);
    public static final Ioctl KVM_GET_VCPU_MMAP_SIZE = io("KVM_GET_VCPU_MMAP_SIZE", 0x04);

    // ---- VM fd ----
    public static final Ioctl KVM_CREATE_VCPU = io("KVM_CREATE_VCPU", 0x41);
    /** The dirty bitmap of one memory slot (with manual protection: a snapshot, the pages stay write-protected until cleared). */
    public static final Ioctl KVM_GET_DIRTY_LOG = iow("KVM_GET_DIRTY_LOG", 0x42, Structs.KVM_DIRTY_LOG);
    /** Raises or lowers an interrupt line of the in-kernel irqchip (arm64: see {@link ArmIrq}). */
    public static final Ioctl KVM_IRQ_LINE = iow("KVM_IRQ_LINE", 0x61, Structs.KVM_IRQ_LEVEL);
    /** One counter offset for the whole VM (Linux 6.4+, KVM_CAP_COUNTER_OFFSET). */
    public static final Ioctl KVM_ARM_SET_COUNTER_OFFSET = iow("KVM_ARM_SET_COUNTER_OFFSET", 0xB5, Structs.KVM_ARM_COUNTER_OFFSET);
    /** Re-protects pages of a slot and clears their dirty bits (KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2). */
    public static final Ioctl KVM_CLEAR_DIRTY_LOG = iowr("KVM_CLEAR_DIRTY_LOG", 0xC0, Structs.KVM_CLEAR_DIRTY_LOG);
    public static final Ioctl KVM_SET_USER_MEMORY_REGION =
            iow("KVM_SET_USER_MEMORY_REGION", 0x46, Structs.KVM_USERSPACE_MEMORY_REGION);
    /** Also valid on a vCPU fd. */
    public static final Ioctl KVM_ENABLE_CAP = iow("KVM_ENABLE_CAP", 0xA3, Structs.KVM_ENABLE_CAP);
    public static final Ioctl KVM_ARM_PREFERRED_TARGET = ior("KVM_ARM_PREFERRED_TARGET", 0xAF, Structs.KVM_VCPU_INIT);
    /** Available with KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES (Linux 6.8+). */
    public static final Ioctl KVM_ARM_GET_REG_WRITABLE_MASKS =
            ior("KVM_ARM_GET_REG_WRITABLE_MASKS", 0xB6, Structs.REG_MASK_RANGE);
    public static final Ioctl KVM_CREATE_DEVICE = iowr("KVM_CREATE_DEVICE", 0xE0, Structs.KVM_CREATE_DEVICE);

    // ---- device, VM or vCPU fd ----
    public static final Ioctl KVM_SET_DEVICE_ATTR = iow("KVM_SET_DEVICE_ATTR", 0xE1, Structs.KVM_DEVICE_ATTR);
    public static final Ioctl KVM_GET_DEVICE_ATTR = iow("KVM_GET_DEVICE_ATTR", 0xE2, Structs.KVM_DEVICE_ATTR);
    public static final Ioctl KVM_HAS_DEVICE_ATTR = iow("KVM_HAS_DEVICE_ATTR", 0xE3, Structs.KVM_DEVICE_ATTR);

    // ---- vCPU fd ----
    public static final Ioctl KVM_RUN = io("KVM_RUN", 0x80);
    public static final Ioctl KVM_GET_MP_STATE = ior("KVM_GET_MP_STATE", 0x98, Structs.KVM_MP_STATE);
    public static final Ioctl KVM_SET_MP_STATE = iow("KVM_SET_MP_STATE", 0x99, Structs.KVM_MP_STATE);
    public static final Ioctl KVM_GET_VCPU_EVENTS = ior("KVM_GET_VCPU_EVENTS", 0x9F, Structs.KVM_VCPU_EVENTS);
    public static final Ioctl KVM_SET_VCPU_EVENTS = iow("KVM_SET_VCPU_EVENTS", 0xA0, Structs.KVM_VCPU_EVENTS);
    public static final Ioctl KVM_GET_ONE_REG = iow("KVM_GET_ONE_REG", 0xAB, Structs.KVM_ONE_REG);
    public static final Ioctl KVM_SET_ONE_REG = iow("KVM_SET_ONE_REG", 0xAC, Structs.KVM_ONE_REG);
    public static final Ioctl KVM_ARM_VCPU_INIT = iow("KVM_ARM_VCPU_INIT", 0xAE, Structs.KVM_VCPU_INIT);
    /** Header size only: the flexible {@code reg[]} array does not count. */
    public static final Ioctl KVM_GET_REG_LIST = iowr("KVM_GET_REG_LIST", 0xB0, Structs.KVM_REG_LIST);
    /** Argument is a pointer to an {@code int} feature number. */
    public static final Ioctl KVM_ARM_VCPU_FINALIZE = iow("KVM_ARM_VCPU_FINALIZE", 0xC2, JAVA_INT);
}
