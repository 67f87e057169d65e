package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * Every native call of the module: {@code open}, {@code close}, {@code ioctl}, {@code mmap},
 * {@code munmap} and {@code strerror} from the C library, bound once with the FFM linker.
 *
 * <p>System calls capture {@code errno} with {@link Linker.Option#captureCallState}, so no
 * other native or JVM code can clobber it between the call and the check. The raw methods
 * return the result, or {@code -errno} on failure (kernel style): an ioctl result is never
 * negative on success, so the two cannot be confused. Nothing here throws a KVM exception;
 * the fd classes turn failures into {@link KvmIoctlException}s with their context.
 */
final class LibC {

    /** {@code O_RDWR} (asm-generic, same on arm64 and x86_64). */
    static final int O_RDWR = 2;
    /** {@code O_CLOEXEC} = 02000000 (asm-generic, same on arm64 and x86_64). */
    static final int O_CLOEXEC = 0x80000;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    // int open(const char *path, int flags, ...): mode passed as the (unused) variadic argument
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), ERRNO);
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
    // int ioctl(int fd, unsigned long request, ...): two shapes of the variadic argument
    private static final MethodHandle IOCTL_VALUE = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2), ERRNO);
    private static final MethodHandle IOCTL_POINTER = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2), ERRNO);
    // void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO);
    private static final MethodHandle MUNMAP = downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);
    private static final MethodHandle STRERROR = downcall("strerror",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private LibC() {
    }

    @SuppressWarnings("restricted") // this class is the module's only native boundary
    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("C library symbol not found: " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    private static int errno(MemorySegment capture) {
        return capture.get(JAVA_INT, ERRNO_OFFSET);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    /** {@code open(path, flags)}: the fd, or {@code -errno}. */
    static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(capture, arena.allocateFrom(path), flags, 0);
            return fd >= 0 ? fd : -errno(capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code close(fd)}: 0 or {@code -errno}. */
    static int close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int rc = (int) CLOSE.invokeExact(capture, fd);
            return rc == 0 ? 0 : -errno(capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, value)} with an integer argument: the result, or {@code -errno}. */
    static int ioctl(int fd, long request, long value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int rc = (int) IOCTL_VALUE.invokeExact(capture, fd, request, value);
            return rc >= 0 ? rc : -errno(capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, pointer)}: the result, or {@code -errno}. */
    static int ioctl(int fd, long request, MemorySegment pointer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int rc = (int) IOCTL_POINTER.invokeExact(capture, fd, request, pointer);
            return rc >= 0 ? rc : -errno(capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0)}, returned as a segment
     * of {@code length} bytes whose lifetime is {@code arena}: closing the arena munmaps it, and
     * any later access throws instead of touching unmapped memory. Throws
     * {@link KvmIoctlException} named {@code mmap} on failure.
     */
    @SuppressWarnings("restricted") // the kernel guarantees `length` bytes at the returned address
    static MemorySegment mmapShared(int fd, long length, Arena arena, String context) {
        MemorySegment p;
        int errno;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = call.allocate(CAPTURE);
            p = (MemorySegment) MMAP.invokeExact(capture, MemorySegment.NULL, length,
                    PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0L);
            errno = errno(capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (p.address() == -1L) { // MAP_FAILED
            throw new KvmIoctlException("mmap", errno, java.util.OptionalLong.empty(), context);
        }
        return p.reinterpret(length, arena, s -> munmap(s, length));
    }

    /** {@code munmap(address, length)}: 0 or {@code -errno}. */
    static int munmap(MemorySegment address, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE);
            int rc = (int) MUNMAP.invokeExact(capture, address, length);
            return rc == 0 ? 0 : -errno(capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The C library's text for an errno value (glibc's strerror is thread-safe since 2.32). */
    @SuppressWarnings("restricted") // strerror returns a NUL-terminated string
    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "errno " + errno : s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
