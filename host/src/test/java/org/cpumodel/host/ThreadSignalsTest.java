package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmIoctlException;
import org.junit.jupiter.api.Test;

/**
 * The kick mechanism without KVM: a thread blocked in a system call ({@code ppoll} with a 20 s
 * timeout stands in for KVM_RUN) returns EINTR soon after another thread signals it, and the
 * process survives (the default action of a real-time signal would kill it).
 */
class ThreadSignalsTest {

    /** A real-time signal HotSpot does not use (as the VMM picks). */
    static final int SIGNAL = 40;

    /** ppoll: x86_64 271 (syscall_64.tbl), arm64 73 (asm-generic/unistd.h). */
    static long ppollNumber() {
        return switch (System.getProperty("os.arch")) {
            case "aarch64" -> 73;
            case "amd64", "x86_64" -> 271;
            default -> throw new IllegalStateException("no ppoll number for " + System.getProperty("os.arch"));
        };
    }

    @Test
    void aSignalledThreadLeavesItsBlockingCallWithEintr() throws Exception {
        ThreadSignals.installHandler(SIGNAL);
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<long[]> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("blocked").start(() -> {
            ThreadSignals.unblockInCurrentThread(SIGNAL);
            tid.complete(ThreadSignals.currentThreadId());
            started.countDown();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment timeout = arena.allocate(16, 8);
                timeout.set(ValueLayout.JAVA_LONG, 0, 20); // 20 s
                long t0 = System.nanoTime();
                long rc = LibC.syscall(ppollNumber(), 0, 0, timeout.address(), 0, 8, 0);
                result.complete(new long[] {rc, System.nanoTime() - t0});
            }
        });
        started.await();
        int target = tid.get(5, TimeUnit.SECONDS);
        assertThat(target).isNotEqualTo(ThreadSignals.currentThreadId());
        long[] r = null;
        // the thread may not be inside ppoll yet: signal until it returns
        for (int i = 0; i < 100 && r == null; i++) {
            ThreadSignals.signalThread(target, SIGNAL);
            try {
                r = result.get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet in the call: kick again
            }
        }
        t.join(5000);
        assertThat(r).as("the blocked thread returned").isNotNull();
        assertThat(r[0]).isEqualTo(-Errno.EINTR.number());
        assertThat(r[1]).isLessThan(TimeUnit.SECONDS.toNanos(15));
    }

    @Test
    void signallingAThreadThatDoesNotExistNamesTheErrno() {
        assertThatThrownBy(() -> ThreadSignals.signalThread(Integer.MAX_VALUE, SIGNAL)).isInstanceOf(KvmIoctlException.class)
                .hasMessageContaining("tgkill").hasMessageContaining("ESRCH");
        assertThatThrownBy(() -> ThreadSignals.installHandler(65)).isInstanceOf(IllegalArgumentException.class);
    }
}
