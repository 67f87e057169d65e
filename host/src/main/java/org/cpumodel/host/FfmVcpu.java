package org.cpumodel.host;

import java.util.List;
import java.util.OptionalLong;
import org.cpumodel.uapi.GuestExitException;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVcpuInit;

/**
 * A {@link VcpuFd} as a {@link KvmVcpu}. Its MPIDR_EL1, which addresses it in the vGIC's CPU
 * interface attributes, is read once after {@link #init(int)} (or on first vGIC access for a
 * wrapped vCPU), before any write can change it.
 */
public final class FfmVcpu implements KvmVcpu {

    /** MPIDR_EL1 (3,0,0,0,5). */
    private static final long MPIDR_EL1 = KvmRegId.sysreg(3, 0, 0, 0, 5);
    /** Exits a guest program may take before it is considered stuck. */
    private static final int MAX_EXITS = 1000;

    private final FfmVm vm;
    private final VcpuFd fd;
    private final boolean owned;
    /** kvm_vcpu_init bits the VMM adds to every init of a vCPU it made (0 for the scratch VM's). */
    private final int extraInitBits;
    private OptionalLong mpidr = OptionalLong.empty();

    FfmVcpu(FfmVm vm, VcpuFd fd, boolean owned, int extraInitBits) {
        this.vm = vm;
        this.fd = fd;
        this.owned = owned;
        this.extraInitBits = extraInitBits;
    }

    /** The vCPU descriptor. */
    public VcpuFd fd() {
        return fd;
    }

    @Override
    public int id() {
        return fd.id();
    }

    @Override
    public void init(int features) {
        VcpuInit target = vm.fd().armPreferredTarget();
        fd.init(new VcpuInit(target.target(), new int[] {features | extraInitBits}));
        mpidr = OptionalLong.of(fd.getOneReg(MPIDR_EL1));
    }

    /** The MPIDR_EL1 the vGIC knows this vCPU by. */
    synchronized long mpidr() {
        if (mpidr.isEmpty()) {
            mpidr = OptionalLong.of(fd.getOneReg(MPIDR_EL1));
        }
        return mpidr.getAsLong();
    }

    @Override
    public void finalizeSve(List<Integer> vectorLengths) {
        if (!vectorLengths.isEmpty()) {
            byte[] vls = fd.getOneRegBytes(KvmRegId.SVE_VLS);
            java.util.Arrays.fill(vls, (byte) 0);
            for (int bits : vectorLengths) {
                int vq = bits / 128;
                if (bits % 128 != 0 || vq < 1 || vq > vls.length * 8) {
                    throw new IllegalArgumentException("not an SVE vector length: " + bits + " bits");
                }
                vls[(vq - 1) / 8] |= (byte) (1 << ((vq - 1) % 8));
            }
            fd.setOneRegBytes(KvmRegId.SVE_VLS, vls);
        }
        fd.finalizeFeature(KvmVcpuInit.SVE);
    }

    @Override
    public long getOneReg(long id) {
        return fd.getOneReg(id);
    }

    @Override
    public OptionalLong getOneRegIfPresent(long id) {
        return fd.getOneRegIfPresent(id);
    }

    @Override
    public byte[] getOneRegBytes(long id) {
        return fd.getOneRegBytes(id);
    }

    @Override
    public void setOneReg(long id, long value) {
        fd.setOneReg(id, value);
    }

    @Override
    public int trySetOneReg(long id, long value) {
        return fd.trySetOneReg(id, value);
    }

    @Override
    public void setOneRegBytes(long id, byte[] value) {
        fd.setOneRegBytes(id, value);
    }

    @Override
    public long[] getRegList() {
        return fd.getRegList();
    }

    /** Runs {@link GuestProgram#reading} in the scratch VM's memory and collects its MMIO reports. */
    @Override
    public long[] readSysregsAsGuest(int... sysregEncodings) {
        vm.loadProgram(fd, GuestProgram.reading(sysregEncodings));
        long[] values = new long[sysregEncodings.length];
        int reported = 0;
        for (int i = 0; i < MAX_EXITS; i++) {
            int exit = fd.run();
            KvmRun run = fd.kvmRun();
            if (exit != KvmExit.MMIO || !run.mmioIsWrite()) {
                throw new GuestExitException(exit, run + " after " + reported + " of " + values.length + " registers");
            }
            long offset = run.mmioPhysAddr() - GuestProgram.MMIO_BASE;
            if (offset == GuestProgram.DONE_OFFSET) {
                return values;
            }
            if (offset < 0 || offset % 8 != 0 || offset / 8 >= values.length) {
                throw new GuestExitException(exit, "a store outside the report window: " + run);
            }
            values[(int) (offset / 8)] = run.mmioValue();
            reported++;
        }
        throw new GuestExitException(KvmExit.MMIO, "the guest did not finish after " + MAX_EXITS + " exits");
    }

    @Override
    public void close() {
        if (owned) {
            fd.close();
        }
    }
}
