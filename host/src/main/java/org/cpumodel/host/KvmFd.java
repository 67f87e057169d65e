package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmIoctlException;

/**
 * An open KVM file descriptor. There is one subclass per descriptor kind, and a child can only
 * be made by its parent: {@link Kvm} makes {@link VmFd}s, which make {@link VcpuFd}s and
 * {@link DeviceFd}s. Closing a parent does not close its children (the kernel keeps the VM
 * alive while any of its fds is open).
 *
 * <p>Instances are safe to share between threads in the sense the kernel allows (ioctls on one
 * fd from several threads are serialised by KVM where needed); {@link #close()} is idempotent.
 */
public abstract sealed class KvmFd implements AutoCloseable permits Kvm, VmFd, VcpuFd, DeviceFd {

    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    KvmFd(int fd) {
        this.fd = fd;
    }

    /** The raw descriptor number (for diagnostics; do not close it yourself). */
    public int rawFd() {
        return fd;
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            beforeClose();
            LibC.close(fd); // on Linux the fd is released even when close reports an error
        }
    }

    /** Hook for releasing mappings before the descriptor goes away. */
    void beforeClose() {
    }

    final int fd() {
        if (closed.get()) {
            throw new IllegalStateException(getClass().getSimpleName() + " (fd " + fd + ") is closed");
        }
        return fd;
    }

    // ---- ioctl helpers: raw result or KvmIoctlException ----

    final int ioctl(Ioctl req, long value) {
        return check(req, LibC.ioctl(fd(), req.request(), value), OptionalLong.empty(), null);
    }

    final int ioctl(Ioctl req, long value, String context) {
        return check(req, LibC.ioctl(fd(), req.request(), value), OptionalLong.empty(), context);
    }

    final int ioctl(Ioctl req, MemorySegment arg) {
        return check(req, LibC.ioctl(fd(), req.request(), arg), OptionalLong.empty(), null);
    }

    final int ioctl(Ioctl req, MemorySegment arg, OptionalLong regId, String context) {
        return check(req, LibC.ioctl(fd(), req.request(), arg), regId, context);
    }

    /** The result, or {@code -errno}: for callers that treat some errno values as answers. */
    final int ioctlRaw(Ioctl req, MemorySegment arg) {
        return LibC.ioctl(fd(), req.request(), arg);
    }

    /** The result, or {@code -errno}, with an integer argument. */
    final int ioctlRaw(Ioctl req, long value) {
        return LibC.ioctl(fd(), req.request(), value);
    }

    private static int check(Ioctl req, int rc, OptionalLong regId, String context) {
        if (rc < 0) {
            throw new KvmIoctlException(req.name(), -rc, regId, context);
        }
        return rc;
    }

    // ---- kvm_device_attr, shared by device, VM and vCPU fds ----

    private static String attrContext(int group, long attr) {
        return "group " + group + ", attr 0x" + Long.toHexString(attr);
    }

    private static MemorySegment deviceAttr(Arena arena, int group, long attr, MemorySegment data) {
        MemorySegment s = arena.allocate(Structs.KVM_DEVICE_ATTR);
        s.set(JAVA_INT, Structs.offset(Structs.KVM_DEVICE_ATTR, "group"), group);
        s.set(JAVA_LONG, Structs.offset(Structs.KVM_DEVICE_ATTR, "attr"), attr);
        s.set(JAVA_LONG, Structs.offset(Structs.KVM_DEVICE_ATTR, "addr"), data == null ? 0L : data.address());
        return s;
    }

    final boolean hasAttr0(int group, long attr) {
        try (Arena arena = Arena.ofConfined()) {
            int rc = ioctlRaw(Ioctls.KVM_HAS_DEVICE_ATTR, deviceAttr(arena, group, attr, null));
            if (rc == -Errno.ENXIO.number()) {
                return false;
            }
            check(Ioctls.KVM_HAS_DEVICE_ATTR, rc, OptionalLong.empty(), attrContext(group, attr));
            return true;
        }
    }

    final long getAttrU64(int group, long attr) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_LONG);
            ioctl(Ioctls.KVM_GET_DEVICE_ATTR, deviceAttr(arena, group, attr, value), OptionalLong.empty(), attrContext(group, attr));
            return value.get(JAVA_LONG, 0);
        }
    }

    final void setAttrU64(int group, long attr, long v) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_LONG);
            value.set(JAVA_LONG, 0, v);
            ioctl(Ioctls.KVM_SET_DEVICE_ATTR, deviceAttr(arena, group, attr, value), OptionalLong.empty(), attrContext(group, attr));
        }
    }

    final int readAttrU32(int group, long attr) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            ioctl(Ioctls.KVM_GET_DEVICE_ATTR, deviceAttr(arena, group, attr, value), OptionalLong.empty(), attrContext(group, attr));
            return value.get(JAVA_INT, 0);
        }
    }

    final void writeAttrU32(int group, long attr, int v) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            value.set(JAVA_INT, 0, v);
            ioctl(Ioctls.KVM_SET_DEVICE_ATTR, deviceAttr(arena, group, attr, value), OptionalLong.empty(), attrContext(group, attr));
        }
    }

    /** KVM_GET_DEVICE_ATTR into {@code data} (native; as many bytes as the attribute has). */
    final void getAttrRaw(int group, long attr, MemorySegment data) {
        try (Arena arena = Arena.ofConfined()) {
            ioctl(Ioctls.KVM_GET_DEVICE_ATTR, deviceAttr(arena, group, attr, data), OptionalLong.empty(), attrContext(group, attr));
        }
    }

    /** KVM_SET_DEVICE_ATTR with {@code data} as the payload ({@code null}: addr = 0, no payload). */
    final void setAttrRaw(int group, long attr, MemorySegment data) {
        try (Arena arena = Arena.ofConfined()) {
            ioctl(Ioctls.KVM_SET_DEVICE_ATTR, deviceAttr(arena, group, attr, data), OptionalLong.empty(), attrContext(group, attr));
        }
    }
}
