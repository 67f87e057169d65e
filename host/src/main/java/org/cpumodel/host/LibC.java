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
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmIoctlException;

/**
 * Every native call of the module: the system calls {@code openat}, {@code close},
 * {@code ioctl}, {@code mmap}, {@code munmap}, {@code getpid}, {@code gettid}, {@code tgkill} and
 * {@code rt_sigprocmask}, made through the C library's {@code syscall(2)} wrapper, and the C
 * library's {@code strerror} and {@code sigaction}.
 *
 * <p>One downcall handle serves every system call (numbers from {@link SyscallNumbers}): each
 * handle costs the FFM linker generated classes and a stub, which dominates a short run where the
 * JVM is emulated (collect on a lab host: three handles cost about 0.4 s of its 2 s). All
 * arguments go as 64-bit integers, pointers as their addresses, which is how the kernel receives
 * them anyway.
 *
 * <p>The call captures {@code errno} with {@link Linker.Option#captureCallState}, so no other
 * native or JVM code can clobber it between the call and the check. The raw methods return the
 * result, or {@code -errno} on failure (kernel style): an ioctl result is never negative on
 * success, so the two cannot be confused. Nothing here throws a KVM exception; the fd classes
 * turn failures into {@link KvmIoctlException}s with their context.
 */
final class LibC {

    /** {@code O_RDWR} (asm-generic, same on arm64 and x86_64). */
    static final int O_RDWR = 2;
    /** {@code O_CLOEXEC} = 02000000 (asm-generic, same on arm64 and x86_64). */
    static final int O_CLOEXEC = 0x80000;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final int MAP_PRIVATE = 2;
    /** {@code MAP_ANONYMOUS} (asm-generic/mman-common.h, same on arm64 and x86_64). */
    static final int MAP_ANONYMOUS = 0x20;
    /** {@code MAP_NORESERVE} (asm-generic/mman.h, same on arm64 and x86_64): no swap reserved up front. */
    static final int MAP_NORESERVE = 0x4000;
    /** {@code SIG_UNBLOCK} for rt_sigprocmask (asm-generic/signal-defs.h). */
    static final int SIG_UNBLOCK = 1;
    /** The kernel's sigset_t: 64 signals, 8 bytes (the size rt_sigprocmask wants, not glibc's 128). */
    static final int KERNEL_SIGSET_BYTES = 8;
    /** {@code AT_FDCWD}: openat relative to the working directory, i.e. open(2). */
    static final long AT_FDCWD = -100;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    /** The system call numbers of this machine's architecture. */
    private static final SyscallNumbers NR = SyscallNumbers.forArch(System.getProperty("os.arch"));

    // long syscall(long number, ...): the six argument registers, all passed
    private static final MethodHandle SYSCALL = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    /**
     * glibc's {@code sigaction} and the handler installed through it, bound on first use (only a
     * VMM that kicks vCPU threads needs them). The C library's wrapper, not the raw system call:
     * it supplies the signal-return trampoline ({@code sa_restorer}) x86_64 requires.
     */
    static final class Sigaction {
        /** glibc's {@code struct sigaction} on 64-bit Linux (x86_64 and aarch64 alike): handler, 128-byte mask, flags, restorer. */
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                ADDRESS.withName("sa_handler"),
                MemoryLayout.sequenceLayout(128, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("sa_mask"),
                JAVA_INT.withName("sa_flags"),
                MemoryLayout.paddingLayout(4),
                ADDRESS.withName("sa_restorer")).withName("sigaction");
        static final MethodHandle SIGACTION = downcall("sigaction", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS),
                Linker.Option.captureCallState("errno"));
        /**
         * The handler: the C library's {@code getpid}, a function that takes no argument (it ignores
         * the signal number in the first argument register), touches no memory and is
         * async-signal-safe. Its only job is to exist, so the signal interrupts a blocking system
         * call (KVM_RUN returns EINTR) instead of being discarded (SIG_IGN) or killing the process
         * (SIG_DFL of a real-time signal). Java code cannot run in a signal handler (an upcall there
         * is not safe), so the handler must be native.
         */
        static final MemorySegment HANDLER = symbol("getpid");
    }

    /** strerror, bound on first use (only an errno {@link Errno} does not name needs it). */
    private static final class Strerror {
        static final MethodHandle STRERROR = downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /**
     * Each thread's errno capture buffer, reused by all its calls (a call and its errno check run on
     * one thread); an automatic arena frees it with the thread. Saves an arena per ioctl, which
     * shows where the JVM runs emulated: collect makes about 500 calls.
     */
    private static final ThreadLocal<MemorySegment> CAPTURE_BUFFER = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private LibC() {
    }

    @SuppressWarnings("restricted") // this class is the module's only native boundary
    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("C library symbol not found: " + name));
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

    /** {@code syscall(nr, a0..a5)}: the result, or {@code -errno} (glibc returns -1 and sets errno). Package-private for tests. */
    static long syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
        MemorySegment capture = CAPTURE_BUFFER.get();
        long rc;
        try {
            rc = (long) SYSCALL.invokeExact(capture, nr, a0, a1, a2, a3, a4, a5);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return rc == -1 ? -capture.get(JAVA_INT, ERRNO_OFFSET) : rc;
    }

    /** {@code open(path, flags)} (as {@code openat(AT_FDCWD, ...)}): the fd, or {@code -errno}. */
    static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) syscall(NR.openat(), AT_FDCWD, arena.allocateFrom(path).address(), flags, 0, 0, 0);
        }
    }

    /** {@code close(fd)}: 0 or {@code -errno}. */
    static int close(int fd) {
        return (int) syscall(NR.close(), fd, 0, 0, 0, 0, 0);
    }

    /** {@code ioctl(fd, request, value)} with an integer argument: the result, or {@code -errno}. */
    static int ioctl(int fd, long request, long value) {
        return (int) syscall(NR.ioctl(), fd, request, value, 0, 0, 0);
    }

    /** {@code ioctl(fd, request, pointer)} with a native segment: the result, or {@code -errno}. */
    static int ioctl(int fd, long request, MemorySegment pointer) {
        if (!pointer.isNative()) {
            throw new IllegalArgumentException("ioctl needs a native segment, not a heap one (its address would be an offset)");
        }
        return ioctl(fd, request, pointer.address());
    }

    /**
     * {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0)}, returned as a segment
     * of {@code length} bytes whose lifetime is {@code arena}: closing the arena munmaps it, and
     * any later access throws instead of touching unmapped memory. Throws
     * {@link KvmIoctlException} named {@code mmap} on failure.
     */
    @SuppressWarnings("restricted") // the kernel guarantees `length` bytes at the returned address
    static MemorySegment mmapShared(int fd, long length, Arena arena, String context) {
        long p = syscall(NR.mmap(), 0, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (p < 0 && p >= -4095) { // MAP_FAILED: -errno
            throw new KvmIoctlException("mmap", (int) -p, java.util.OptionalLong.empty(), context);
        }
        return MemorySegment.ofAddress(p).reinterpret(length, arena, s -> munmap(s, length));
    }

    /**
     * {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)}:
     * zero-filled memory whose pages the kernel supplies on first touch, as a segment of
     * {@code length} bytes whose lifetime is {@code arena} (closing it munmaps). Throws
     * {@link KvmIoctlException} named {@code mmap} on failure.
     */
    @SuppressWarnings("restricted") // the kernel guarantees `length` bytes at the returned address
    static MemorySegment mmapAnonymous(long length, Arena arena) {
        long p = syscall(NR.mmap(), 0, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p < 0 && p >= -4095) {
            throw new KvmIoctlException("mmap", (int) -p, java.util.OptionalLong.empty(), "anonymous, " + length + " bytes");
        }
        return MemorySegment.ofAddress(p).reinterpret(length, arena, s -> munmap(s, length));
    }

    /** {@code munmap(address, length)}: 0 or {@code -errno}. */
    static int munmap(MemorySegment address, long length) {
        return (int) syscall(NR.munmap(), address.address(), length, 0, 0, 0, 0);
    }

    /** {@code getpid()}: the process id (the thread group id). */
    static int getpid() {
        return (int) syscall(NR.getpid(), 0, 0, 0, 0, 0, 0);
    }

    /** {@code gettid()}: the calling thread's kernel thread id. */
    static int gettid() {
        return (int) syscall(NR.gettid(), 0, 0, 0, 0, 0, 0);
    }

    /** {@code tgkill(tgid, tid, signal)}: 0 or {@code -errno}. */
    static int tgkill(int tgid, int tid, int signal) {
        return (int) syscall(NR.tgkill(), tgid, tid, signal, 0, 0, 0);
    }

    /** {@code rt_sigprocmask(SIG_UNBLOCK, {signal}, NULL, 8)} for the calling thread: 0 or {@code -errno}. */
    static int unblockSignal(int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(KERNEL_SIGSET_BYTES, 8);
            set.set(JAVA_LONG, 0, 1L << (signal - 1));
            return (int) syscall(NR.rtSigprocmask(), SIG_UNBLOCK, set.address(), 0, KERNEL_SIGSET_BYTES, 0, 0);
        }
    }

    /**
     * {@code sigaction(signal, {handler = getpid, mask empty, flags}, NULL)}: installs the harmless
     * native handler described at {@link Sigaction#HANDLER} for the whole process. 0 or {@code -errno}.
     */
    static int sigactionNoopHandler(int signal, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment act = arena.allocate(Sigaction.LAYOUT);
            act.set(ADDRESS, Sigaction.LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sa_handler")), Sigaction.HANDLER);
            act.set(JAVA_INT, Sigaction.LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sa_flags")), flags);
            MemorySegment capture = CAPTURE_BUFFER.get();
            int rc = (int) Sigaction.SIGACTION.invokeExact(capture, signal, act, MemorySegment.NULL);
            return rc == -1 ? -capture.get(JAVA_INT, ERRNO_OFFSET) : rc;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The C library's text for an errno value (glibc's strerror is thread-safe since 2.32). */
    @SuppressWarnings("restricted") // strerror returns a NUL-terminated string
    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) Strerror.STRERROR.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "errno " + errno : s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
