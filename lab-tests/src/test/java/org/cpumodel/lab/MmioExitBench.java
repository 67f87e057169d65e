package org.cpumodel.lab;

import java.lang.foreign.Arena;
import java.util.Locale;
import org.cpumodel.host.GuestCode;
import org.cpumodel.host.Kvm;
import org.cpumodel.host.KvmRun;
import org.cpumodel.host.VcpuFd;
import org.cpumodel.host.VcpuInit;
import org.cpumodel.host.VmFd;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.vmm.device.MmioBus;
import org.cpumodel.vmm.device.Ns16550a;
import org.cpumodel.vmm.layout.MemoryMap;

/**
 * Runs in a lab host (copied into the share, like ProofCli): the cost of one MMIO exit round trip
 * as the VMM pays it. A tiny guest writes the UART's scratch register N times in a loop
 * ({@code strb w0, [x1, #7]; subs x2, x2, #1; b.ne}); the loop below serves each exit through the
 * VMM's own {@link MmioBus} and {@link Ns16550a}, as the vCPU loop does, and the wall time over N
 * exits is the round trip: KVM_RUN's exit to userspace, the handling, and the re-entry. Prints
 * {@code mmio-exits N}, {@code mmio-exit-us X} and {@code mmio-scr V} (the register's last value).
 */
public final class MmioExitBench {

    static final long CODE = MemoryMap.RAM_BASE;

    private MmioExitBench() {
    }

    /** The guest: x1 = UART base, x2 = n; n byte stores to SCR; then a store to UART+0x100 (no device) says done. */
    static int[] program(int n) {
        if (n <= 0 || n > 0xFFFF) {
            throw new IllegalArgumentException("n must be 1..65535");
        }
        return new int[] {
            0xD2A00000 | (int) (MemoryMap.UART_BASE >>> 16) << 5 | 1, // movz x1, #(UART_BASE >> 16), lsl #16
            0xD2800000 | n << 5 | 2,                                  // movz x2, #n
            0x52800000 | 0x5A << 5,                                   // movz w0, #0x5a
            0x39001C20,                                               // loop: strb w0, [x1, #7]
            0xF1000442,                                               // subs x2, x2, #1
            0x54FFFFC1,                                               // b.ne loop
            0xF9008020 | 31,                                          // str xzr, [x1, #0x100]
            0x14000000,                                               // b .
        };
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        MmioBus bus = new MmioBus();
        Ns16550a uart = new Ns16550a(b -> { }, level -> { });
        bus.add(MemoryMap.UART_BASE, MemoryMap.UART_SIZE, uart);
        try (Kvm kvm = Kvm.open(); VmFd vm = kvm.createVm(); Arena arena = Arena.ofConfined()) {
            VcpuFd vcpu = vm.createVcpu(0);
            VcpuInit target = vm.armPreferredTarget();
            vcpu.init(new VcpuInit(target.target()));
            GuestCode.load(vm, vcpu, arena, CODE, program(n));
            KvmRun run = vcpu.kvmRun();
            long exits = 0;
            long t0 = 0;
            while (true) {
                int err = vcpu.tryRun();
                if (err != 0) {
                    throw new IllegalStateException("KVM_RUN: " + Errno.symbolicName(err));
                }
                if (run.exitReason() != KvmExit.MMIO) {
                    throw new IllegalStateException("unexpected exit " + run);
                }
                long gpa = run.mmioPhysAddr();
                if (gpa == MemoryMap.UART_BASE + 0x100) {
                    break;
                }
                if (exits == 0) {
                    t0 = System.nanoTime(); // from the first exit: the guest's start-up (stage-2 faults) does not count
                }
                exits++;
                if (run.mmioIsWrite()) {
                    bus.write(gpa, run.mmioLen(), run.mmioValue());
                } else {
                    run.setMmioValue(bus.read(gpa, run.mmioLen()));
                }
            }
            double us = (System.nanoTime() - t0) / 1e3 / (exits - 1);
            System.out.println("mmio-exits " + exits);
            System.out.println(String.format(Locale.ROOT, "mmio-exit-us %.1f", us));
            System.out.println(String.format(Locale.ROOT, "mmio-scr 0x%x", uart.read(7, 1)));
            vcpu.close();
        }
    }
}
