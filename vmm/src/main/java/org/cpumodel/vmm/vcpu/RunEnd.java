package org.cpumodel.vmm.vcpu;

import java.util.concurrent.CompletableFuture;
import org.cpumodel.vmm.VmStop;

/** The first reason to stop the VM wins; every vCPU loop checks {@link #stopping()} before it enters KVM_RUN again. */
public final class RunEnd {

    private final CompletableFuture<VmStop> stop = new CompletableFuture<>();
    private volatile boolean stopping;

    /** Records why the VM stops (ignored when a reason is already recorded). */
    public void stop(VmStop s) {
        stopping = true;
        stop.complete(s);
    }

    public boolean stopping() {
        return stopping;
    }

    /** Completes with the first reason. */
    public CompletableFuture<VmStop> future() {
        return stop;
    }
}
