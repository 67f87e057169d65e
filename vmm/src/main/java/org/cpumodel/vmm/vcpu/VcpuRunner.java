package org.cpumodel.vmm.vcpu;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.cpumodel.host.FfmVcpu;
import org.cpumodel.host.FfmVm;
import org.cpumodel.host.KvmRun;
import org.cpumodel.host.ThreadSignals;
import org.cpumodel.host.VcpuFd;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmSystemEvent;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.vmm.VmStop;
import org.cpumodel.vmm.boot.BootRegisters;
import org.cpumodel.vmm.cpu.CpuModel;
import org.cpumodel.vmm.device.MmioBus;
import org.cpumodel.vmm.layout.MemoryMap;

/**
 * One vCPU on its own platform thread, which makes every ioctl of the vCPU (KVM wants them from
 * the thread that created it): KVM_CREATE_VCPU and the model's vCPU phase, then, once the VMM has
 * initialised the vGIC ({@link #release}), the PMU and the boot registers, then, once every vCPU is
 * ready ({@code go}), the KVM_RUN loop. The loop serves MMIO exits from the {@link MmioBus},
 * answers the forwarded errata hypercalls from the model, and ends at a system event (the guest's
 * PSCI SYSTEM_OFF or SYSTEM_RESET), at an exit it cannot handle, or when another thread stops the VM
 * and {@link #kick kicks} it.
 */
public final class VcpuRunner {

    static final long MPIDR_EL1 = KvmRegId.sysreg(3, 0, 0, 0, 5);

    private final int index;
    private final FfmVm vm;
    private final CpuModel model;
    private final MmioBus bus;
    private final RunEnd end;
    private final CompletableFuture<Void> go;
    private final Consumer<String> log;
    private final CompletableFuture<Long> created = new CompletableFuture<>();
    private final CompletableFuture<BootState> release = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<ExitCounts> finished = new CompletableFuture<>();
    /** The vCPU as the KVM interface sees it, set before {@link #created} completes. */
    private volatile FfmVcpu vcpu;
    /** The vCPU's descriptor, for tasks run on this thread while paused. */
    private volatile VcpuFd ownFd;
    private Thread thread;
    // guarded by this: the kicker must not touch a closed vCPU or a dead thread
    private int tid;
    private KvmRun run;
    private boolean exited;
    // guarded by pauseLock: a pause asked for, the loop parked, the tasks to run on this thread while parked
    private final Object pauseLock = new Object();
    private boolean pauseWanted;
    private boolean paused;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    /**
     * A runner for vCPU {@code index} of {@code vm} (the VMM's VM wrapped as the KVM interface);
     * {@code log} (null for none) gets every register of the model as this vCPU reads it back.
     */
    public VcpuRunner(int index, FfmVm vm, CpuModel model, MmioBus bus, RunEnd end, CompletableFuture<Void> go,
                      Consumer<String> log) {
        this.log = log;
        this.index = index;
        this.vm = vm;
        this.model = model;
        this.bus = bus;
        this.end = end;
        this.go = go;
    }

    /** Starts the thread: it creates the vCPU and applies the model; {@link #created()} completes with its MPIDR_EL1. */
    public void start() {
        thread = Thread.ofPlatform().name("vcpu-" + index).start(this::body);
    }

    public int index() {
        return index;
    }

    /** MPIDR_EL1 as KVM set it, once the vCPU exists and the model's vCPU phase succeeded. */
    public CompletableFuture<Long> created() {
        return created;
    }

    /** The vCPU, wrapped as the KVM interface (for the model's vGIC phase), once {@link #created()} completed. */
    public KvmVcpu vcpu() {
        return vcpu;
    }

    /** Completed by the VMM when the vGIC is initialised (exceptionally to abandon the boot). */
    public CompletableFuture<BootState> release() {
        return release;
    }

    /** Completes when the PMU and the boot registers are set: the vCPU may run. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Completes with the loop's counts when the thread ends. */
    public CompletableFuture<ExitCounts> finished() {
        return finished;
    }

    /** Gets the thread out of KVM_RUN (immediate_exit, then the kick signal); harmless once it has ended. */
    public synchronized void kick() {
        if (exited || run == null) {
            return;
        }
        run.setImmediateExit(true);
        Kicker.signal(tid);
    }

    /**
     * Stops the vCPU between two KVM_RUNs and returns once it is parked (a pending MMIO read
     * completed by a KVM_RUN with immediate_exit, as KVM's API asks before state is read), or once
     * the vCPU has ended. The parked thread runs {@link #onVcpuThread} tasks until {@link #resume}.
     */
    public void pause() throws InterruptedException {
        synchronized (pauseLock) {
            pauseWanted = true;
        }
        kick();
        synchronized (pauseLock) {
            while (!paused && !finished.isDone()) {
                pauseLock.wait(50);
            }
        }
    }

    /** Lets a paused vCPU enter KVM_RUN again. */
    public void resume() {
        synchronized (pauseLock) {
            pauseWanted = false;
            pauseLock.notifyAll();
        }
    }

    /** Runs {@code task} with the vCPU's descriptor on the vCPU's own thread; the vCPU must be {@link #pause paused}. */
    public <T> T onVcpuThread(Function<VcpuFd, T> task) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        synchronized (pauseLock) {
            if (!paused) {
                throw new IllegalStateException("vCPU " + index + " is not paused");
            }
            tasks.add(() -> {
                try {
                    result.complete(task.apply(ownFd));
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
            pauseLock.notifyAll();
        }
        try {
            return result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The parked state: complete any pending MMIO, then run tasks until resumed or stopped. */
    private void park(VcpuFd fd, KvmRun r) {
        r.setImmediateExit(true);
        fd.tryRun(); // returns at once; completes an MMIO read or hypercall answer left from the last exit
        synchronized (pauseLock) {
            paused = true;
            pauseLock.notifyAll();
            try {
                while (true) {
                    Runnable t = tasks.poll();
                    if (t != null) {
                        t.run();
                        continue;
                    }
                    if (!pauseWanted || end.stopping()) {
                        break;
                    }
                    pauseLock.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                paused = false;
                r.setImmediateExit(false);
            }
        }
    }

    private boolean pauseWanted() {
        synchronized (pauseLock) {
            return pauseWanted;
        }
    }

    public void join() throws InterruptedException {
        if (thread != null) {
            thread.join();
        }
    }

    private void body() {
        VcpuFd fd = null;
        long mmio = 0;
        long hypercalls = 0;
        long interrupted = 0;
        long other = 0;
        long runNanos = 0;
        long userNanos = 0;
        try {
            Kicker.prepareCurrentThread();
            fd = vm.fd().createVcpu(index);
            FfmVcpu wrapped = vm.vcpu(fd, index > 0 ? KvmVcpuInit.bit(KvmVcpuInit.POWER_OFF) : 0);
            Map<String, Long> readBack = model.applyVcpu(wrapped);
            long mpidr = fd.getOneReg(MPIDR_EL1);
            if (log != null) {
                log.accept(String.format("vm: vcpu %d MPIDR_EL1 = 0x%016x", index, mpidr));
                readBack.forEach((reg, v) -> log.accept(String.format("vm: vcpu %d %s = 0x%016x", index, reg, v)));
            }
            KvmRun r = fd.kvmRun();
            synchronized (this) {
                tid = ThreadSignals.currentThreadId();
                run = r;
            }
            vcpu = wrapped;
            created.complete(mpidr);
            BootState boot = release.join();
            if (boot.pmu()) {
                fd.pmuV3SetIrq(MemoryMap.PMU_INTID);
                fd.pmuV3Init();
            }
            BootRegisters regs = boot.bootRegisters();
            if (regs != null) {
                fd.setOneReg(KvmRegId.CORE_PSTATE, regs.pstate());
                fd.setOneReg(KvmRegId.coreX(0), regs.x0());
                for (int x = 1; x <= 3; x++) {
                    fd.setOneReg(KvmRegId.coreX(x), 0);
                }
                fd.setOneReg(KvmRegId.CORE_PC, regs.pc());
            }
            if (boot.restore() != null) {
                boot.restore().accept(fd);
            }
            ownFd = fd;
            ready.complete(null);
            go.join();
            long t = System.nanoTime();
            while (!end.stopping()) {
                if (pauseWanted()) {
                    park(fd, r);
                    t = System.nanoTime();
                    continue;
                }
                int err = fd.tryRun();
                long back = System.nanoTime();
                runNanos += back - t;
                if (err == Errno.EINTR.number() || err == Errno.EAGAIN.number()) {
                    interrupted++;
                    if (!pauseWanted() && !end.stopping()) {
                        r.setImmediateExit(false); // a kick that raced with a resume
                    }
                } else if (err != 0) {
                    end.stop(new VmStop(VmStop.Reason.ERROR, index, "KVM_RUN failed: " + Errno.symbolicName(err)));
                } else {
                    switch (r.exitReason()) {
                        case KvmExit.MMIO -> {
                            mmio++;
                            mmio(r);
                        }
                        case KvmExit.HYPERCALL -> {
                            hypercalls++;
                            hypercall(fd, r);
                        }
                        case KvmExit.SYSTEM_EVENT -> {
                            other++;
                            end.stop(systemEvent(r));
                        }
                        default -> {
                            other++;
                            end.stop(new VmStop(VmStop.Reason.ERROR, index, "unexpected exit: " + r));
                        }
                    }
                }
                t = System.nanoTime();
                userNanos += t - back;
            }
        } catch (CompletionException e) {
            // the VMM abandoned the boot: nothing to report from here
        } catch (RuntimeException | Error e) {
            created.completeExceptionally(e);
            ready.completeExceptionally(e);
            end.stop(new VmStop(VmStop.Reason.ERROR, index, "vCPU " + index + ": " + e.getMessage()));
        } finally {
            synchronized (this) {
                exited = true;
            }
            if (fd != null) {
                fd.close();
            }
            finished.complete(new ExitCounts(index, mmio, hypercalls, interrupted, other, runNanos, userNanos));
        }
    }

    private void mmio(KvmRun r) {
        long gpa = r.mmioPhysAddr();
        int len = r.mmioLen();
        if (r.mmioIsWrite()) {
            bus.write(gpa, len, r.mmioValue());
        } else {
            r.setMmioValue(bus.read(gpa, len));
        }
    }

    /** A forwarded SMCCC call: the function id in hypercall.nr, its arguments in x1..; the answer goes to x0..x3. */
    private void hypercall(VcpuFd fd, KvmRun r) {
        long[] answer = model.hypercallAnswer(r.hypercallNr(), fd.getOneReg(KvmRegId.coreX(1)));
        for (int x = 0; x < 4; x++) {
            fd.setOneReg(KvmRegId.coreX(x), answer[x]);
        }
    }

    private VmStop systemEvent(KvmRun r) {
        int type = r.systemEventType();
        return switch (type) {
            case KvmSystemEvent.SHUTDOWN -> new VmStop(VmStop.Reason.SHUTDOWN, index, "the guest powered off (PSCI SYSTEM_OFF)");
            case KvmSystemEvent.RESET -> new VmStop(VmStop.Reason.RESET, index,
                    "the guest asked for a reset (PSCI SYSTEM_RESET; a kernel panic with panic=-1 does this); this VMM does not reboot");
            case KvmSystemEvent.CRASH -> new VmStop(VmStop.Reason.CRASH, index, "the guest reported a crash (PSCI SYSTEM_EVENT CRASH)");
            default -> new VmStop(VmStop.Reason.ERROR, index, "unhandled system event " + KvmSystemEvent.name(type));
        };
    }
}
