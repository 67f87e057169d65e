package org.cpumodel.vmm;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.cpumodel.host.FfmVm;
import org.cpumodel.host.Kvm;
import org.cpumodel.host.VmFd;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.vmm.boot.ArmImage;
import org.cpumodel.vmm.boot.BootRegisters;
import org.cpumodel.vmm.device.ConsoleInput;
import org.cpumodel.vmm.device.ConsoleOutput;
import org.cpumodel.vmm.device.IrqLine;
import org.cpumodel.vmm.device.MmioBus;
import org.cpumodel.vmm.device.Ns16550a;
import org.cpumodel.vmm.fdt.DeviceTree;
import org.cpumodel.vmm.fdt.MachineDescription;
import org.cpumodel.vmm.gic.GicV3;
import org.cpumodel.vmm.layout.BootLayout;
import org.cpumodel.vmm.layout.MemoryMap;
import org.cpumodel.vmm.memory.GuestRam;
import org.cpumodel.vmm.snapshot.MachineState;
import org.cpumodel.vmm.snapshot.VcpuState;
import org.cpumodel.vmm.vcpu.BootState;
import org.cpumodel.vmm.vcpu.ExitCounts;
import org.cpumodel.vmm.vcpu.Kicker;
import org.cpumodel.vmm.vcpu.RunEnd;
import org.cpumodel.vmm.vcpu.VcpuRunner;

/**
 * Boots a {@link VmConfig} and runs it until the guest stops, in the order KVM requires:
 * <ol>
 * <li>the VM, and the model's VM phase (capability 239, SMCCC filter) before any vCPU;</li>
 * <li>guest RAM (memory slot 0), the kernel and initramfs in it;</li>
 * <li>one thread per vCPU: KVM_CREATE_VCPU and the model's vCPU phase there (secondaries powered off);</li>
 * <li>the vGIC once every vCPU exists, and the model's vGIC phase (ICC_CTLR_EL1) for each;</li>
 * <li>the device tree (each vCPU's MPIDR from KVM) at the top of RAM; PMU and boot registers on
 * each vCPU's thread; then every vCPU enters KVM_RUN.</li>
 * </ol>
 * The first vCPU to see a system event (or an error) stops the VM; the others are kicked out of
 * KVM_RUN and every descriptor is closed before this returns.
 */
public final class VirtualMachine {

    private VirtualMachine() {
    }

    /**
     * Runs the guest to its end. Bad input (a file that is not an Image, too little RAM) throws
     * {@link IllegalArgumentException}; no usable KVM {@link org.cpumodel.host.KvmUnavailableException};
     * a model this host's KVM refuses {@link org.cpumodel.vmm.cpu.ModelRefusedException}.
     */
    public static VmOutcome run(VmConfig c) throws IOException, InterruptedException {
        return run(c, vm -> {
        });
    }

    /**
     * A migrated guest's arrival, as the VMM sees it: the RAM pages while the source still runs,
     * then the rest of the machine; once it is restored the source must say go.
     */
    public interface Incoming {
        /** Receives guest RAM into {@code ram} until the source stops its guest, then returns the rest of its state. */
        MachineState receive(GuestRam ram) throws IOException;

        /** The guest is restored and not running: tells the source, and returns once the source says go (throws otherwise). */
        void restored() throws IOException;

        /** The guest runs here. */
        void running();
    }

    /** How the vCPUs start: a fresh boot from the kernel, or a migrated guest's saved state. */
    private sealed interface Start {
    }

    private record Fresh(BootLayout layout) implements Start {
    }

    private record Restore(Incoming incoming) implements Start {
    }

    /**
     * Receives a migrated guest ({@code c} has the source's model, vCPUs and RAM size; no kernel)
     * and runs it like {@link #run(VmConfig, Consumer)}. The guest never runs here before the whole
     * state is restored and the source has said go: any failure before that closes everything.
     */
    public static VmOutcome incoming(VmConfig c, Incoming in, Consumer<RunningVm> onRunning) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Kicker.install();
        c.log().accept(String.format(Locale.ROOT, "vm: incoming guest: %s, %d vCPU(s), %d MiB", c.model().describe(), c.map().cpus(),
                c.map().ramSize() / MemoryMap.MIB));
        GuestRam ram = null;
        try (Kvm kvm = Kvm.open(); VmFd vm = kvm.createVm()) {
            FfmVm seam = FfmVm.wrap(vm);
            c.model().applyVm(seam);
            ram = GuestRam.create(vm, c.map().ramSize(), 0);
            return boot(c, seam, ram, new Restore(in), t0, onRunning);
        } finally {
            if (ram != null) {
                ram.close();
            }
        }
    }

    /**
     * Boots and runs like {@link #run(VmConfig)}; once every vCPU runs, {@code onRunning} gets the
     * running guest (for the control socket's migration).
     */
    public static VmOutcome run(VmConfig c, Consumer<RunningVm> onRunning) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        MemoryMap map = c.map();
        ArmImage image = readImage(c);
        long initrdSize = c.initrd() == null ? 0 : Files.size(c.initrd());
        BootLayout layout = BootLayout.place(map, image, initrdSize);
        Kicker.install();
        c.log().accept(String.format(Locale.ROOT, "vm: %s, %d vCPU(s), %d MiB; kernel %s (%d MiB)%s; %s", c.model().describe(), map.cpus(),
                map.ramSize() / MemoryMap.MIB, c.kernel().getFileName(), image.fileSize() / MemoryMap.MIB,
                c.initrd() == null ? "" : String.format(Locale.ROOT, ", initramfs %s (%d KiB)", c.initrd().getFileName(), initrdSize / 1024),
                c.bootargs()));
        GuestRam ram = null;
        try (Kvm kvm = Kvm.open(); VmFd vm = kvm.createVm()) {
            int maxVcpus = vm.checkExtension(KvmCap.MAX_VCPUS);
            if (maxVcpus > 0 && map.cpus() > maxVcpus) {
                throw new IllegalArgumentException(map.cpus() + " vCPUs asked, this host's KVM allows " + maxVcpus);
            }
            FfmVm seam = FfmVm.wrap(vm);
            c.model().applyVm(seam);
            ram = GuestRam.create(vm, map.ramSize(), 0);
            ram.load(layout.kernel(), c.kernel());
            if (layout.hasInitrd()) {
                ram.load(layout.initrd(), c.initrd());
            }
            step(c, t0, "guest RAM mapped, kernel and initramfs loaded");
            return boot(c, seam, ram, new Fresh(layout), t0, onRunning);
        } finally {
            if (ram != null) {
                ram.close(); // after the VM fd: no vCPU can touch it any more
            }
        }
    }

    private static ArmImage readImage(VmConfig c) throws IOException {
        try {
            return ArmImage.read(c.kernel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(c.kernel() + ": " + e.getMessage(), e);
        }
    }

    private static VmOutcome boot(VmConfig c, FfmVm vm, GuestRam ram, Start start, long t0, Consumer<RunningVm> onRunning)
            throws InterruptedException, IOException {
        MemoryMap map = c.map();
        MmioBus bus = new MmioBus();
        IrqLine[] uartIrq = new IrqLine[1];
        ConsoleOutput console = new ConsoleOutput(c.console());
        Ns16550a uart = new Ns16550a(console, level -> uartIrq[0].set(level));
        bus.add(MemoryMap.UART_BASE, MemoryMap.UART_SIZE, uart);
        RunEnd end = new RunEnd();
        CompletableFuture<Void> go = new CompletableFuture<>();
        List<VcpuRunner> runners = new ArrayList<>();
        for (int i = 0; i < map.cpus(); i++) {
            VcpuRunner r = new VcpuRunner(i, vm, c.model(), bus, end, go, c.verbose() ? c.log() : null);
            runners.add(r);
            r.start();
        }
        GicV3 gic = null;
        List<Long> mpidrs = new ArrayList<>();
        try {
            for (VcpuRunner r : runners) {
                mpidrs.add(await(r.created()));
            }
            step(c, t0, map.cpus() + " vCPU thread(s): vCPUs created, model applied and read back");
            gic = GicV3.create(vm.fd(), map);
            uartIrq[0] = gic.spi(MemoryMap.UART_INTID);
            KvmVgic vgic = vm.vgic(gic.device());
            for (VcpuRunner r : runners) {
                c.model().applyVgic(vgic, r.vcpu());
            }
            if (start instanceof Fresh(BootLayout layout)) {
                byte[] dtb = DeviceTree.build(new MachineDescription(map, mpidrs, c.bootargs(), layout, c.model().pmu()));
                if (dtb.length > BootLayout.DTB_MAX) {
                    throw new IllegalArgumentException("the device tree takes " + dtb.length + " bytes, more than the 2 MiB the boot protocol allows");
                }
                ram.write(layout.dtb(), dtb);
                step(c, t0, "vGIC initialised, model's vGIC phase applied, device tree written (" + dtb.length + " bytes)");
                for (VcpuRunner r : runners) {
                    r.release().complete(new BootState(r.index() == 0 ? new BootRegisters(layout.kernel(), layout.dtb()) : null, c.model().pmu()));
                }
                for (VcpuRunner r : runners) {
                    await(r.ready());
                }
            } else if (start instanceof Restore(Incoming in)) {
                // the vCPUs and the vGIC exist (set up while the source was still sending): now the RAM and the state
                step(c, t0, "vCPUs and vGIC ready; receiving guest RAM");
                MachineState state = in.receive(ram);
                step(c, t0, "guest RAM and machine state received");
                if (state.vcpus().size() != map.cpus()) {
                    throw new IllegalArgumentException("the source's state has " + state.vcpus().size() + " vCPUs, its offer " + map.cpus());
                }
                if (!mpidrs.equals(state.mpidrs())) {
                    throw new IllegalArgumentException("the source's vCPUs have MPIDRs " + hex(state.mpidrs()) + ", these " + hex(mpidrs));
                }
                for (VcpuRunner r : runners) {
                    VcpuState saved = state.vcpus().get(r.index());
                    r.release().complete(new BootState(null, c.model().pmu(), saved::restore));
                }
                for (VcpuRunner r : runners) {
                    await(r.ready());
                }
                state.vgic().restore(gic.device());
                uart.restore(state.uart());
                step(c, t0, "vCPUs, vGIC and UART restored");
                in.restored();
            }
        } catch (Throwable e) {
            abandon(runners, go, e);
            closeQuietly(gic, console);
            throw e;
        }
        if (c.input() != null) {
            ConsoleInput.start(c.input(), uart);
        }
        long tRun = System.nanoTime();
        long sinceJvm = ProcessHandle.current().info().startInstant().map(s -> Duration.between(s, Instant.now()).toNanos()).orElse(-1L);
        c.log().accept(String.format(Locale.ROOT, "vm: running after %.0f ms of VMM start-up (%.0f ms since the JVM started)", (tRun - t0) / 1e6,
                sinceJvm / 1e6));
        go.complete(null);
        if (start instanceof Restore(Incoming in)) {
            in.running();
        }
        onRunning.accept(new RunningVm(c, ram, runners, gic.device(), uart, mpidrs, end));
        VmStop stop;
        try {
            stop = end.future().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            for (VcpuRunner r : runners) {
                r.kick();
            }
            for (VcpuRunner r : runners) {
                r.join();
            }
        }
        long tEnd = System.nanoTime();
        List<ExitCounts> counts = new ArrayList<>();
        for (VcpuRunner r : runners) {
            counts.add(r.finished().join());
        }
        closeQuietly(gic, null);
        console.close();
        return new VmOutcome(stop, tRun - t0, sinceJvm, tEnd - tRun, counts, console.written(), bus.unclaimedAccesses(), bus.firstUnclaimed());
    }

    private static String hex(List<Long> values) {
        return values.stream().map(v -> "0x" + Long.toHexString(v)).toList().toString();
    }

    /** A verbose progress line: milliseconds since {@link #run} began. */
    private static void step(VmConfig c, long t0, String what) {
        if (c.verbose()) {
            c.log().accept(String.format(Locale.ROOT, "vm: +%.0f ms: %s", (System.nanoTime() - t0) / 1e6, what));
        }
    }

    /** The future's value, or its cause rethrown as is (a vCPU thread's failure). */
    private static <T> T await(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A failed boot: release every vCPU thread with the failure so it closes its vCPU and ends. */
    private static void abandon(List<VcpuRunner> runners, CompletableFuture<Void> go, Throwable why) throws InterruptedException {
        for (VcpuRunner r : runners) {
            r.release().completeExceptionally(why);
        }
        go.completeExceptionally(why);
        for (VcpuRunner r : runners) {
            r.kick();
            r.join();
        }
    }

    private static void closeQuietly(GicV3 gic, ConsoleOutput console) {
        if (gic != null) {
            gic.close();
        }
        if (console != null) {
            try {
                console.close();
            } catch (RuntimeException e) {
                // the boot failed already; that failure is the one to report
            }
        }
    }
}
