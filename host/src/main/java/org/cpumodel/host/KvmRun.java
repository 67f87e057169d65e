package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.uapi.KvmSystemEvent;

/**
 * A view of a vCPU's mmapped {@code struct kvm_run}: the exit reason and the MMIO, hypercall
 * and system-event exit data after {@link VcpuFd#run()}. The mapping belongs to the
 * {@link VcpuFd}; after the vCPU is closed every accessor throws {@link IllegalStateException}.
 */
public final class KvmRun {

    private static final long IMMEDIATE_EXIT = Structs.offset(Structs.KVM_RUN, "immediate_exit");
    private static final long EXIT_REASON = Structs.offset(Structs.KVM_RUN, "exit_reason");
    private static final long MMIO_PHYS_ADDR = Structs.offset(Structs.KVM_RUN, "exit", "mmio", "phys_addr");
    private static final long MMIO_DATA = Structs.offset(Structs.KVM_RUN, "exit", "mmio", "data");
    private static final long MMIO_LEN = Structs.offset(Structs.KVM_RUN, "exit", "mmio", "len");
    private static final long MMIO_IS_WRITE = Structs.offset(Structs.KVM_RUN, "exit", "mmio", "is_write");
    private static final long HC_NR = Structs.offset(Structs.KVM_RUN, "exit", "hypercall", "nr");
    private static final long HC_ARGS = Structs.offset(Structs.KVM_RUN, "exit", "hypercall", "args");
    private static final long HC_RET = Structs.offset(Structs.KVM_RUN, "exit", "hypercall", "ret");
    private static final long HC_FLAGS = Structs.offset(Structs.KVM_RUN, "exit", "hypercall", "flags");
    private static final long SE_TYPE = Structs.offset(Structs.KVM_RUN, "exit", "system_event", "type");
    private static final long SE_NDATA = Structs.offset(Structs.KVM_RUN, "exit", "system_event", "ndata");
    private static final long SE_DATA = Structs.offset(Structs.KVM_RUN, "exit", "system_event", "data");

    /** arm64 KVM_EXIT_HYPERCALL flag: the call was an SMC (else HVC). */
    public static final long HYPERCALL_EXIT_SMC = 1L << 0;
    /** arm64 KVM_EXIT_HYPERCALL flag: the call came from a 16-bit immediate other than 0. */
    public static final long HYPERCALL_EXIT_16BIT = 1L << 1;

    private final MemorySegment run;

    KvmRun(MemorySegment run) {
        if (run.byteSize() < Structs.KVM_RUN.byteSize()) {
            throw new IllegalArgumentException("kvm_run mapping too small: " + run.byteSize());
        }
        this.run = run;
    }

    /** {@code exit_reason}; see {@link KvmExit}. */
    public int exitReason() {
        return run.get(JAVA_INT, EXIT_REASON);
    }

    /** Sets {@code immediate_exit}: KVM_RUN returns EINTR at once while it is non-zero. */
    public void setImmediateExit(boolean immediateExit) {
        run.set(JAVA_BYTE, IMMEDIATE_EXIT, (byte) (immediateExit ? 1 : 0));
    }

    /** {@code mmio.phys_addr}: the guest physical address of the access. */
    public long mmioPhysAddr() {
        return run.get(JAVA_LONG, MMIO_PHYS_ADDR);
    }

    /** {@code mmio.len}: access size in bytes (1, 2, 4 or 8). */
    public int mmioLen() {
        return run.get(JAVA_INT, MMIO_LEN);
    }

    /** {@code mmio.is_write}. */
    public boolean mmioIsWrite() {
        return run.get(JAVA_BYTE, MMIO_IS_WRITE) != 0;
    }

    /** {@code mmio.data}: all 8 bytes (only the first {@link #mmioLen()} are meaningful). */
    public byte[] mmioData() {
        return run.asSlice(MMIO_DATA, 8).toArray(JAVA_BYTE);
    }

    /** The first {@link #mmioLen()} bytes of {@code mmio.data} as a little-endian unsigned value. */
    public long mmioValue() {
        int len = Math.min(mmioLen(), 8);
        long v = 0;
        for (int i = len - 1; i >= 0; i--) {
            v = v << 8 | (run.get(JAVA_BYTE, MMIO_DATA + i) & 0xFFL);
        }
        return v;
    }

    /** Answers an MMIO read: writes {@code value} little-endian into {@code mmio.data} before the next run. */
    public void setMmioValue(long value) {
        for (int i = 0; i < 8; i++) {
            run.set(JAVA_BYTE, MMIO_DATA + i, (byte) (value >>> (8 * i)));
        }
    }

    /** {@code hypercall.nr}: on arm64 the SMCCC function id (x0). */
    public long hypercallNr() {
        return run.get(JAVA_LONG, HC_NR);
    }

    /** {@code hypercall.args[0..5]} (not filled by arm64 KVM: read x1.. via ONE_REG core ids). */
    public long[] hypercallArgs() {
        return run.asSlice(HC_ARGS, 6 * 8L).toArray(JAVA_LONG);
    }

    /** {@code hypercall.ret}. */
    public long hypercallRet() {
        return run.get(JAVA_LONG, HC_RET);
    }

    /** {@code hypercall.flags}: {@link #HYPERCALL_EXIT_SMC}, {@link #HYPERCALL_EXIT_16BIT}. */
    public long hypercallFlags() {
        return run.get(JAVA_LONG, HC_FLAGS);
    }

    /** {@code system_event.type}: a {@link KvmSystemEvent} value. */
    public int systemEventType() {
        return run.get(JAVA_INT, SE_TYPE);
    }

    /** {@code system_event.data[0..ndata-1]}. */
    public long[] systemEventData() {
        int n = Math.clamp(run.get(JAVA_INT, SE_NDATA), 0, 16);
        return run.asSlice(SE_DATA, 8L * n).toArray(JAVA_LONG);
    }

    @Override
    public String toString() {
        int reason = exitReason();
        String s = "KvmRun[exit=" + KvmExit.name(reason);
        if (reason == KvmExit.MMIO) {
            s += String.format(java.util.Locale.ROOT, ", %s 0x%x len=%d data=%s", mmioIsWrite() ? "write" : "read",
                    mmioPhysAddr(), mmioLen(), Arrays.toString(mmioData()));
        } else if (reason == KvmExit.HYPERCALL) {
            s += String.format(java.util.Locale.ROOT, ", nr=0x%x flags=0x%x", hypercallNr(), hypercallFlags());
        } else if (reason == KvmExit.SYSTEM_EVENT) {
            s += ", type=" + KvmSystemEvent.name(systemEventType());
        }
        return s + "]";
    }
}
