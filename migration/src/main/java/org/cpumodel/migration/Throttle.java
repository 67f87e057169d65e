package org.cpumodel.migration;

import org.cpumodel.vmm.RunningVm;

/**
 * Auto-converge: in every period of {@link #PERIOD_MS} ms the vCPUs are paused for the throttle's
 * share of it, so a guest that dirties memory faster than the link moves it slows down enough for
 * pre-copy to finish. The percentage comes from {@link PrecopyPolicy#nextThrottle}.
 */
final class Throttle implements AutoCloseable {

    static final int PERIOD_MS = 100;

    private final RunningVm vm;
    private volatile int percent;
    private volatile boolean stop;
    private Thread thread;

    Throttle(RunningVm vm) {
        this.vm = vm;
    }

    int percent() {
        return percent;
    }

    void set(int percent) {
        this.percent = percent;
        if (percent > 0 && thread == null) {
            thread = Thread.ofPlatform().daemon().name("migration-throttle").start(this::loop);
        }
    }

    private void loop() {
        try {
            while (!stop) {
                int p = percent;
                if (p > 0) {
                    vm.pauseAll();
                    Thread.sleep(PERIOD_MS * p / 100);
                    vm.resumeAll();
                }
                Thread.sleep(PERIOD_MS * (100 - p) / 100 + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            vm.resumeAll();
        }
    }

    /** Stops throttling; the vCPUs run freely (until the caller pauses them). */
    @Override
    public void close() {
        stop = true;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
