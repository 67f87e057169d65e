package org.cpumodel.vmm.vcpu;

import org.cpumodel.host.ThreadSignals;

/**
 * Gets vCPU threads out of KVM_RUN: {@code immediate_exit} plus a thread-directed signal whose
 * handler does nothing ({@link ThreadSignals}).
 *
 * <p>The signal is 40 (glibc's SIGRTMIN + 6), a real-time signal nobody else in the process uses.
 * HotSpot uses SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP for its own traps, SIGUSR2 to suspend
 * and resume threads, SIGQUIT for thread dumps, SIGHUP/SIGINT/SIGTERM for shutdown hooks and
 * ignores SIGPIPE/SIGXFSZ; glibc keeps 32 and 33 for its threads (cancellation, setxid); the JDK's
 * NIO interrupts blocking I/O threads with SIGRTMAX - 2 (62). A handler on 40 disturbs none of
 * them, and 40 stays clear of what other native libraries conventionally take first (SIGRTMIN).
 */
public final class Kicker {

    /** The kick signal (see the class comment for why 40). */
    public static final int SIGNAL = 40;

    private static boolean installed;

    private Kicker() {
    }

    /** Installs the do-nothing handler for {@link #SIGNAL} (process-wide, once). */
    public static synchronized void install() {
        if (!installed) {
            ThreadSignals.installHandler(SIGNAL);
            installed = true;
        }
    }

    /** Makes sure the calling (vCPU) thread can receive the kick, whatever signal mask it inherited. */
    public static void prepareCurrentThread() {
        ThreadSignals.unblockInCurrentThread(SIGNAL);
    }

    /** Sends the kick to a thread of this process. */
    static void signal(int tid) {
        ThreadSignals.signalThread(tid, SIGNAL);
    }
}
