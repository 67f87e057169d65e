package org.cpumodel.host;

import java.util.OptionalLong;
import org.cpumodel.uapi.KvmIoctlException;

/**
 * Thread-directed signals, the mechanism a VMM uses to get a vCPU thread out of a blocking
 * {@code KVM_RUN}: set {@code kvm_run.immediate_exit} ({@link KvmRun#setImmediateExit}), then send
 * the thread a signal. A signal that arrives while the thread is inside KVM_RUN makes it return
 * EINTR; one that arrives just before is harmless, and immediate_exit makes the next KVM_RUN return
 * EINTR at once, so no kick is lost.
 *
 * <p>The handler installed is a harmless native function (see {@link #installHandler}); which
 * signal to use is the caller's choice (policy), so this class takes the number.
 * {@link #signalThread} is {@code tgkill(2)}, the system call behind {@code pthread_kill}, made
 * through the module's one {@code syscall} downcall: a kernel thread id from {@link #currentThreadId}
 * names the thread, so no {@code pthread_t} (and no extra downcall handle) is needed. The caller
 * must only signal threads that are still alive (a VMM joins its vCPU threads after kicking them).
 */
public final class ThreadSignals {

    /** {@code SA_RESTART}: other system calls of the signalled thread restart instead of failing with EINTR. */
    public static final int SA_RESTART = 0x1000_0000;

    private ThreadSignals() {
    }

    /**
     * {@code sigaction(signal, ...)} with a handler that does nothing (the C library's
     * {@code getpid}, which ignores its argument and is async-signal-safe) and {@code SA_RESTART}:
     * from then on {@code signal} interrupts KVM_RUN (EINTR) but kills nothing and leaves other
     * blocking calls of the thread to restart. Process-wide; installing it twice is harmless.
     */
    public static void installHandler(int signal) {
        checkSignal(signal);
        int rc = LibC.sigactionNoopHandler(signal, SA_RESTART);
        if (rc < 0) {
            throw new KvmIoctlException("sigaction", -rc, OptionalLong.empty(), "signal " + signal);
        }
    }

    /** Unblocks {@code signal} in the calling thread ({@code rt_sigprocmask(SIG_UNBLOCK)}), whatever mask it inherited. */
    public static void unblockInCurrentThread(int signal) {
        checkSignal(signal);
        int rc = LibC.unblockSignal(signal);
        if (rc < 0) {
            throw new KvmIoctlException("rt_sigprocmask", -rc, OptionalLong.empty(), "signal " + signal);
        }
    }

    /** The calling thread's kernel thread id ({@code gettid}), to be passed to {@link #signalThread} by another thread. */
    public static int currentThreadId() {
        return LibC.gettid();
    }

    /** {@code tgkill(getpid(), tid, signal)}: sends {@code signal} to one thread of this process. */
    public static void signalThread(int tid, int signal) {
        checkSignal(signal);
        int rc = LibC.tgkill(LibC.getpid(), tid, signal);
        if (rc < 0) {
            throw new KvmIoctlException("tgkill", -rc, OptionalLong.empty(), "thread " + tid + ", signal " + signal);
        }
    }

    private static void checkSignal(int signal) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("signal number out of range 1..64: " + signal);
        }
    }
}
