package org.cpumodel.vmm;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.host.DeviceFd;
import org.cpumodel.vmm.cpu.CpuModel;
import org.cpumodel.vmm.device.Ns16550a;
import org.cpumodel.vmm.layout.MemoryMap;
import org.cpumodel.vmm.memory.GuestRam;
import org.cpumodel.vmm.snapshot.MachineState;
import org.cpumodel.vmm.snapshot.VcpuState;
import org.cpumodel.vmm.snapshot.VgicState;
import org.cpumodel.vmm.vcpu.RunEnd;
import org.cpumodel.vmm.vcpu.VcpuRunner;

/**
 * A guest while it runs, as a migration sees it: its RAM (and dirty log), pausing and resuming every
 * vCPU, saving the whole machine while paused, and ending the run once the guest lives elsewhere.
 * Handed out by {@link VirtualMachine#run(VmConfig, java.util.function.Consumer)} once every vCPU
 * runs; valid until the run ends.
 */
public final class RunningVm {

    private final VmConfig config;
    private final GuestRam ram;
    private final List<VcpuRunner> runners;
    private final DeviceFd gic;
    private final Ns16550a uart;
    private final List<Long> mpidrs;
    private final RunEnd end;

    RunningVm(VmConfig config, GuestRam ram, List<VcpuRunner> runners, DeviceFd gic, Ns16550a uart, List<Long> mpidrs, RunEnd end) {
        this.config = config;
        this.ram = ram;
        this.runners = List.copyOf(runners);
        this.gic = gic;
        this.uart = uart;
        this.mpidrs = List.copyOf(mpidrs);
        this.end = end;
    }

    public GuestRam ram() {
        return ram;
    }

    public CpuModel model() {
        return config.model();
    }

    public MemoryMap map() {
        return config.map();
    }

    /** Whether the run has ended (the guest powered off, or it was stopped). */
    public boolean ended() {
        return end.stopping();
    }

    /** Stops every vCPU between two KVM_RUNs (see {@link VcpuRunner#pause}). */
    public void pauseAll() throws InterruptedException {
        for (VcpuRunner r : runners) {
            r.pause();
        }
    }

    /** Lets every vCPU run again. */
    public void resumeAll() {
        for (VcpuRunner r : runners) {
            r.resume();
        }
    }

    /** The whole machine but RAM: every vCPU read on its own thread, then the vGIC and the UART. Every vCPU must be paused. */
    public MachineState save() throws InterruptedException {
        List<VcpuState> vcpus = new ArrayList<>();
        for (VcpuRunner r : runners) {
            vcpus.add(r.onVcpuThread(fd -> VcpuState.save(r.index(), fd)));
        }
        return new MachineState(vcpus, VgicState.save(gic, mpidrs), uart.save());
    }

    /** Ends the run with {@code why} (the VMM then returns it as its outcome); the vCPU threads end. */
    public void stop(VmStop why) {
        end.stop(why);
        resumeAll();
        for (VcpuRunner r : runners) {
            r.kick();
        }
    }

    /** Where the VMM's progress lines go. */
    public void log(String line) {
        config.log().accept(line);
    }
}
