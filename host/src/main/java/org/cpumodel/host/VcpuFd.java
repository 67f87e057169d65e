package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.uapi.MpState;
import org.cpumodel.uapi.VcpuAttr;

/**
 * A vCPU descriptor, made by {@link VmFd#createVcpu(int)}.
 *
 * <p>On arm64 almost everything needs {@link #init(VcpuInit)} first (ONE_REG calls fail with
 * ENOEXEC before it). The {@code struct kvm_run} page is mmapped on first use of
 * {@link #run()} or {@link #kvmRun()} and unmapped by {@link #close()}.
 */
public final class VcpuFd extends KvmFd {

    /** {@code struct kvm_one_reg} member offsets, looked up once (ONE_REG calls are the hot path). */
    private static final long ONE_REG_ID = Structs.offset(Structs.KVM_ONE_REG, "id");
    private static final long ONE_REG_ADDR = Structs.offset(Structs.KVM_ONE_REG, "addr");

    private final int id;
    private final int mmapSize;
    private Arena runArena;
    private KvmRun kvmRun;

    VcpuFd(int fd, int id, int mmapSize) {
        super(fd);
        this.id = id;
        this.mmapSize = mmapSize;
    }

    /** The vCPU id given to KVM_CREATE_VCPU. */
    public int id() {
        return id;
    }

    /** KVM_ARM_VCPU_INIT. */
    public void init(VcpuInit init) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_VCPU_INIT);
            s.set(JAVA_INT, Structs.offset(Structs.KVM_VCPU_INIT, "target"), init.target());
            MemorySegment.copy(init.features(), 0, s, JAVA_INT, Structs.offset(Structs.KVM_VCPU_INIT, "features"), KvmVcpuInit.FEATURE_WORDS);
            ioctl(Ioctls.KVM_ARM_VCPU_INIT, s, OptionalLong.empty(), init.toString());
        }
    }

    /**
     * Each thread's buffer for small ONE_REG reads: {@code struct kvm_one_reg} at 0, the value at
     * 16. A read is a few hundred ioctls in a row (collect), and an arena for each costs more than
     * the ioctl where the JVM runs emulated.
     */
    private static final ThreadLocal<MemorySegment> READ_BUFFER = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(32, 16));
    private static final long READ_VALUE = 16;

    /**
     * KVM_GET_ONE_REG for a register of at most 8 bytes (size from the id: U8, U16, U32, U64),
     * zero-extended to a long. E.g. a DEMUX CCSIDR id ({@link KvmRegId#ccsidr}) reads 32 bits.
     */
    public long getOneReg(long id) {
        return getOneRegIfPresent(id).orElseThrow(
                () -> new KvmIoctlException(Ioctls.KVM_GET_ONE_REG.name(), Errno.ENOENT.number(), OptionalLong.of(id), null));
    }

    /**
     * {@link #getOneReg(long)} where KVM may not have the register: empty on ENOENT (without an
     * exception, since probes like the CCSIDR levels expect several), other errors thrown.
     */
    public OptionalLong getOneRegIfPresent(long id) {
        MemorySegment buf = READ_BUFFER.get();
        int rc = readSmall(buf, id);
        if (rc == -Errno.ENOENT.number()) {
            return OptionalLong.empty();
        }
        if (rc < 0) {
            throw new KvmIoctlException(Ioctls.KVM_GET_ONE_REG.name(), -rc, OptionalLong.of(id), null);
        }
        return OptionalLong.of(smallValue(buf, id));
    }

    private int readSmall(MemorySegment buf, long id) {
        int size = KvmRegId.sizeBytes(id);
        if (size > 8) {
            throw new IllegalArgumentException("register " + KvmRegId.hex(id) + " is " + size + " bytes: use getOneRegBytes");
        }
        buf.set(JAVA_LONG, READ_VALUE, 0L); // KVM writes `size` bytes
        buf.set(JAVA_LONG, ONE_REG_ID, id);
        buf.set(JAVA_LONG, ONE_REG_ADDR, buf.address() + READ_VALUE);
        return ioctlRaw(Ioctls.KVM_GET_ONE_REG, buf);
    }

    private static long smallValue(MemorySegment buf, long id) {
        return switch (KvmRegId.sizeBytes(id)) {
            case 1 -> buf.get(JAVA_BYTE, READ_VALUE) & 0xFFL;
            case 2 -> buf.get(java.lang.foreign.ValueLayout.JAVA_SHORT, READ_VALUE) & 0xFFFFL;
            case 4 -> buf.get(JAVA_INT, READ_VALUE) & 0xFFFF_FFFFL;
            default -> buf.get(JAVA_LONG, READ_VALUE);
        };
    }

    /** KVM_GET_ONE_REG for a register of any size (FP/SIMD U128, SVE), as raw little-endian bytes. */
    public byte[] getOneRegBytes(long id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(KvmRegId.sizeBytes(id), 16);
            getOneReg(arena, id, value);
            return value.toArray(JAVA_BYTE);
        }
    }

    private void getOneReg(Arena arena, long id, MemorySegment value) {
        ioctl(Ioctls.KVM_GET_ONE_REG, oneReg(arena, id, value), OptionalLong.of(id), null);
    }

    /**
     * KVM_SET_ONE_REG for a register of at most 8 bytes; {@code value} must fit in the
     * register's size.
     */
    public void setOneReg(long id, long value) {
        int errno = trySetOneReg(id, value);
        if (errno != 0) {
            throw new KvmIoctlException(Ioctls.KVM_SET_ONE_REG.name(), errno, OptionalLong.of(id), null);
        }
    }

    /**
     * KVM_SET_ONE_REG as a question: 0 when KVM accepts {@code value}, else the errno. For probes
     * that expect refusals, which would otherwise each cost an exception and its stack trace.
     */
    public int trySetOneReg(long id, long value) {
        int size = KvmRegId.sizeBytes(id);
        if (size > 8) {
            throw new IllegalArgumentException("register " + KvmRegId.hex(id) + " is " + size + " bytes: use setOneRegBytes");
        }
        if (size < 8 && (value >>> (8 * size)) != 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "value 0x%x does not fit the %d-byte register %s", value, size, KvmRegId.hex(id)));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(JAVA_LONG);
            buf.set(JAVA_LONG, 0, value); // little-endian: the low `size` bytes come first
            int rc = ioctlRaw(Ioctls.KVM_SET_ONE_REG, oneReg(arena, id, buf));
            return rc < 0 ? -rc : 0;
        }
    }

    /** KVM_SET_ONE_REG with raw little-endian bytes; the length must equal the id's size. */
    public void setOneRegBytes(long id, byte[] value) {
        if (value.length != KvmRegId.sizeBytes(id)) {
            throw new IllegalArgumentException("register " + KvmRegId.hex(id) + " is " + KvmRegId.sizeBytes(id)
                    + " bytes, got " + value.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(value.length, 16);
            MemorySegment.copy(value, 0, buf, JAVA_BYTE, 0, value.length);
            ioctl(Ioctls.KVM_SET_ONE_REG, oneReg(arena, id, buf), OptionalLong.of(id), null);
        }
    }

    private static MemorySegment oneReg(Arena arena, long id, MemorySegment value) {
        MemorySegment s = arena.allocate(Structs.KVM_ONE_REG);
        s.set(JAVA_LONG, ONE_REG_ID, id);
        s.set(JAVA_LONG, ONE_REG_ADDR, value.address());
        return s;
    }

    /**
     * KVM_GET_REG_LIST: every ONE_REG id of this vCPU. Asks with {@code n = 0} first; KVM answers
     * E2BIG and writes the needed count into {@code n}; then asks again with a buffer that big.
     */
    public long[] getRegList() {
        long n = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment list = arena.allocate(Structs.KVM_REG_LIST.byteSize() + 8 * n, 8);
                list.set(JAVA_LONG, 0, n);
                int rc = ioctlRaw(Ioctls.KVM_GET_REG_LIST, list);
                long got = list.get(JAVA_LONG, 0);
                if (rc >= 0) {
                    return list.asSlice(Structs.KVM_REG_LIST.byteSize(), 8 * got).toArray(JAVA_LONG);
                }
                if (rc != -Errno.E2BIG.number() || got <= n) {
                    throw new KvmIoctlException(Ioctls.KVM_GET_REG_LIST.name(), -rc, OptionalLong.empty(), "n=" + n);
                }
                n = got;
            }
        }
        throw new IllegalStateException("KVM_GET_REG_LIST: register count kept growing (last n=" + n + ")");
    }

    /**
     * KVM_ARM_VCPU_FINALIZE of a feature ({@link KvmVcpuInit#SVE}) after configuring it. Named so
     * as not to be mistaken for {@code Object.finalize}.
     */
    public void finalizeFeature(int feature) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment what = arena.allocate(JAVA_INT);
            what.set(JAVA_INT, 0, feature);
            ioctl(Ioctls.KVM_ARM_VCPU_FINALIZE, what, OptionalLong.empty(), "feature " + feature);
        }
    }

    /**
     * KVM_RUN: runs the vCPU until an exit to userspace and returns {@code kvm_run.exit_reason}
     * ({@link KvmExit}); details are in {@link #kvmRun()}. A pending signal makes it throw
     * {@link KvmIoctlException} with EINTR.
     */
    public int run() {
        KvmRun view = kvmRun();
        ioctl(Ioctls.KVM_RUN, 0L);
        return view.exitReason();
    }

    /**
     * KVM_RUN as a question: 0 when the vCPU exited to userspace (the reason is in
     * {@link #kvmRun()}), else the errno, e.g. EINTR when a signal or {@code immediate_exit}
     * stopped it ({@link ThreadSignals}). For a run loop that expects to be kicked.
     */
    public int tryRun() {
        kvmRun();
        int rc = ioctlRaw(Ioctls.KVM_RUN, 0L);
        return rc < 0 ? -rc : 0;
    }

    /** KVM_GET_MP_STATE: {@link MpState#RUNNABLE}, {@link MpState#STOPPED} or {@link MpState#SUSPENDED}. */
    public int getMpState() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_MP_STATE);
            ioctl(Ioctls.KVM_GET_MP_STATE, s, OptionalLong.empty(), "vcpu " + id);
            return s.get(JAVA_INT, 0);
        }
    }

    /** KVM_SET_MP_STATE (arm64 accepts RUNNABLE, STOPPED and, with KVM_CAP_ARM_SYSTEM_SUSPEND, SUSPENDED). */
    public void setMpState(int mpState) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_MP_STATE);
            s.set(JAVA_INT, 0, mpState);
            ioctl(Ioctls.KVM_SET_MP_STATE, s, OptionalLong.empty(), "vcpu " + id + ", " + MpState.name(mpState));
        }
    }

    /** {@code kvm_vcpu_events} offsets, computed on first use (collect, which loads this class too, never needs them). */
    private static final class Ev {
        static final long SERROR_PENDING = Structs.offset(Structs.KVM_VCPU_EVENTS, "exception", "serror_pending");
        static final long SERROR_HAS_ESR = Structs.offset(Structs.KVM_VCPU_EVENTS, "exception", "serror_has_esr");
        static final long EXT_DABT_PENDING = Structs.offset(Structs.KVM_VCPU_EVENTS, "exception", "ext_dabt_pending");
        static final long SERROR_ESR = Structs.offset(Structs.KVM_VCPU_EVENTS, "exception", "serror_esr");
    }

    /** KVM_GET_VCPU_EVENTS. */
    public VcpuEvents getVcpuEvents() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_VCPU_EVENTS);
            ioctl(Ioctls.KVM_GET_VCPU_EVENTS, s, OptionalLong.empty(), "vcpu " + id);
            return new VcpuEvents(s.get(JAVA_BYTE, Ev.SERROR_PENDING) != 0, s.get(JAVA_BYTE, Ev.SERROR_HAS_ESR) != 0,
                    s.get(JAVA_BYTE, Ev.EXT_DABT_PENDING) != 0, s.get(JAVA_LONG, Ev.SERROR_ESR));
        }
    }

    /** KVM_SET_VCPU_EVENTS (the reserved words zero, as KVM requires). */
    public void setVcpuEvents(VcpuEvents events) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_VCPU_EVENTS);
            s.set(JAVA_BYTE, Ev.SERROR_PENDING, (byte) (events.serrorPending() ? 1 : 0));
            s.set(JAVA_BYTE, Ev.SERROR_HAS_ESR, (byte) (events.serrorHasEsr() ? 1 : 0));
            s.set(JAVA_BYTE, Ev.EXT_DABT_PENDING, (byte) (events.extDabtPending() ? 1 : 0));
            s.set(JAVA_LONG, Ev.SERROR_ESR, events.serrorEsr());
            ioctl(Ioctls.KVM_SET_VCPU_EVENTS, s, OptionalLong.empty(), "vcpu " + id + ", " + events);
        }
    }

    /** KVM_HAS_DEVICE_ATTR on the vCPU fd ({@link VcpuAttr} groups): false if KVM answers ENXIO. */
    public boolean hasDeviceAttr(int group, long attr) {
        return hasAttr0(group, attr);
    }

    /** KVM_SET_DEVICE_ATTR on the vCPU fd with {@code data} as the payload ({@code null}: no payload). */
    public void setDeviceAttr(int group, long attr, MemorySegment data) {
        setAttrRaw(group, attr, data);
    }

    /** KVM_ARM_VCPU_PMU_V3_CTRL / KVM_ARM_VCPU_PMU_V3_IRQ: the PMU overflow interrupt (an INTID, the same PPI on every vCPU). */
    public void pmuV3SetIrq(int intid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, intid);
            setAttrRaw(VcpuAttr.PMU_V3_CTRL, VcpuAttr.PMU_V3_IRQ, v);
        }
    }

    /** KVM_ARM_VCPU_PMU_V3_CTRL / KVM_ARM_VCPU_PMU_V3_INIT: after the vGIC is initialised and {@link #pmuV3SetIrq}. */
    public void pmuV3Init() {
        setAttrRaw(VcpuAttr.PMU_V3_CTRL, VcpuAttr.PMU_V3_INIT, null);
    }

    /** The mmapped {@code struct kvm_run} of this vCPU (mapped on first call). */
    public synchronized KvmRun kvmRun() {
        int fd = fd();
        if (kvmRun == null) {
            Arena arena = Arena.ofShared();
            MemorySegment mapped;
            try {
                mapped = LibC.mmapShared(fd, mmapSize, arena, "vcpu " + id + " kvm_run, " + mmapSize + " bytes");
            } catch (RuntimeException e) {
                arena.close();
                throw e;
            }
            runArena = arena;
            kvmRun = new KvmRun(mapped);
        }
        return kvmRun;
    }

    @Override
    synchronized void beforeClose() {
        if (runArena != null) {
            runArena.close(); // munmap; later KvmRun accesses throw IllegalStateException
            runArena = null;
            kvmRun = null;
        }
    }
}
