package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.uapi.ScratchVm;
import org.cpumodel.uapi.VgicV3;

/**
 * A {@link VmFd} as a {@link KvmVm}. Either a scratch VM made by {@link FfmKvm} (it owns its
 * descriptors, and maps guest memory for {@link FfmVcpu#readSysregsAsGuest}), or a VM a VMM made
 * itself, {@linkplain #wrap(VmFd) wrapped} to apply a guest CPU model through the same interface:
 * then closing the wrapper closes nothing of the VMM's, and {@link #vcpu(VcpuFd)} and
 * {@link #vgic(DeviceFd)} wrap the VMM's vCPUs and vGIC the same way.
 */
public final class FfmVm implements KvmVm {

    private final VmFd vm;
    private final boolean scratch;
    /** The scratch VM's guest memory for programs (slot 0 at {@link GuestProgram#CODE_BASE}), mapped on first use. */
    private Arena codeArena;
    private MemorySegment code;

    FfmVm(VmFd vm, boolean scratch) {
        this.vm = vm;
        this.scratch = scratch;
    }

    /** A VM made elsewhere (a VMM's): the seam over it, which closes nothing of it. */
    public static FfmVm wrap(VmFd vm) {
        return new FfmVm(vm, false);
    }

    /** A vCPU of this VM made elsewhere (initialised or not), which the wrapper does not close. */
    public FfmVcpu vcpu(VcpuFd vcpu) {
        return vcpu(vcpu, 0);
    }

    /**
     * As {@link #vcpu(VcpuFd)}, with {@code extraInitBits} added to every KVM_ARM_VCPU_INIT made
     * through the wrapper: bits of the VMM's own, not the guest CPU model's (e.g.
     * {@code KvmVcpuInit.bit(KvmVcpuInit.POWER_OFF)} for secondary vCPUs that PSCI starts later).
     */
    public FfmVcpu vcpu(VcpuFd vcpu, int extraInitBits) {
        return new FfmVcpu(this, vcpu, false, extraInitBits);
    }

    /** A vGICv3 of this VM made and initialised elsewhere, which the wrapper does not close. */
    public FfmVgic vgic(DeviceFd gic) {
        if (gic.type() != VgicV3.DEVICE_TYPE) {
            throw new IllegalArgumentException("not a vGICv3 device (type " + gic.type() + ")");
        }
        return new FfmVgic(gic, false);
    }

    /** The VM descriptor. */
    public VmFd fd() {
        return vm;
    }

    @Override
    public void enableCap(int cap) {
        vm.enableCap(cap, 0);
    }

    @Override
    public void setSmcccFilter(int base, int nrFunctions, int action) {
        vm.setSmcccFilter(base, nrFunctions, action);
    }

    @Override
    public FfmVcpu createVcpu(int id) {
        return new FfmVcpu(this, vm.createVcpu(id), true, 0);
    }

    @Override
    public long[] getRegWritableMasks(int range) {
        return vm.getRegWritableMasks(range);
    }

    @Override
    public FfmVgic createVgicV3() {
        DeviceFd gic = vm.createDevice(VgicV3.DEVICE_TYPE);
        try {
            gic.vgicV3Setup(ScratchVm.GIC_DIST_BASE, ScratchVm.GIC_REDIST_BASE);
        } catch (RuntimeException e) {
            gic.close();
            throw e;
        }
        return new FfmVgic(gic, true);
    }

    /**
     * Puts {@code instructions} at {@link GuestProgram#CODE_BASE} and points the vCPU's PC at them: the
     * first time maps the region (slot 0), later times rewrite it in place.
     */
    synchronized void loadProgram(VcpuFd vcpu, int[] instructions) {
        if (!scratch) {
            throw new IllegalStateException("running a guest program needs a scratch VM made by FfmKvm: it maps its own guest memory");
        }
        if (code == null) {
            Arena arena = Arena.ofShared();
            try {
                code = GuestCode.load(vm, vcpu, arena, GuestProgram.CODE_BASE, instructions);
            } catch (RuntimeException e) {
                arena.close();
                throw e;
            }
            codeArena = arena;
            return;
        }
        if (instructions.length * 4L > code.byteSize()) {
            throw new IllegalArgumentException(instructions.length + " instructions do not fit in " + code.byteSize() + " bytes");
        }
        MemorySegment.copy(instructions, 0, code, JAVA_INT, 0, instructions.length);
        vcpu.setOneReg(KvmRegId.CORE_PC, GuestProgram.CODE_BASE);
    }

    @Override
    public synchronized void close() {
        if (scratch) {
            vm.close();
            if (codeArena != null) {
                codeArena.close(); // after the VM: the kernel no longer maps it
                codeArena = null;
                code = null;
            }
        }
    }
}
