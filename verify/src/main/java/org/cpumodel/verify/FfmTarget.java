package org.cpumodel.verify;

import static org.cpumodel.verify.KvmCalls.call;
import static org.cpumodel.verify.KvmCalls.run;

import java.util.List;
import org.cpumodel.host.DeviceFd;
import org.cpumodel.host.Kvm;
import org.cpumodel.host.KvmRegId;
import org.cpumodel.host.VcpuFd;
import org.cpumodel.host.VgicV3;
import org.cpumodel.host.VmFd;

/**
 * A scratch VM on this host's real {@code /dev/kvm} (through the FFM binding of host/), taking the
 * plan's steps through the same {@link FfmVmSteps}, {@link FfmVcpuSteps} and {@link FfmVgicSteps}
 * the VMM uses. Opening it throws {@link org.cpumodel.host.KvmUnavailableException} when this is
 * not an arm64 KVM host.
 */
public final class FfmTarget implements PlanTarget {

    /** Guest-physical addresses of the scratch VM's vGICv3 (outside its memory). */
    public static final long GIC_DIST = 0x0800_0000L;
    public static final long GIC_REDIST = 0x080A_0000L;
    private static final long MPIDR_ID = KvmRegId.sysreg(3, 0, 0, 0, 5);

    private final Kvm kvm;
    private final VmFd vm;
    private final FfmVmSteps vmSteps;
    private VcpuFd vcpu;
    private FfmVcpuSteps vcpuSteps;
    private DeviceFd gic;
    private FfmVgicSteps gicSteps;

    public FfmTarget() {
        this.kvm = Kvm.open();
        VmFd v;
        try {
            v = kvm.createVm();
        } catch (RuntimeException e) {
            kvm.close();
            throw e;
        }
        this.vm = v;
        this.vmSteps = new FfmVmSteps(vm);
    }

    public VmFd vm() {
        return vm;
    }

    /** The vCPU (after {@link #createVcpu()}), for running a guest program on it. */
    public VcpuFd vcpu() {
        return vcpu;
    }

    @Override
    public String describe() {
        return "this host's /dev/kvm (Linux " + System.getProperty("os.version") + ")";
    }

    @Override
    public void enableCap(int cap) {
        vmSteps.enableCap(cap);
    }

    @Override
    public void setSmcccFilter(long base, int nrFunctions, int action) {
        vmSteps.setSmcccFilter(base, nrFunctions, action);
    }

    @Override
    public void createVcpu() {
        vcpu = call("KVM_CREATE_VCPU", () -> vm.createVcpu(0));
        vcpuSteps = new FfmVcpuSteps(vm, vcpu, 0);
    }

    @Override
    public void init(int features0) {
        vcpuSteps.init(features0);
    }

    @Override
    public void finalizeSve(List<Integer> vectorLengthsBits) {
        vcpuSteps.finalizeSve(vectorLengthsBits);
    }

    @Override
    public long getOneReg(long id) {
        return vcpuSteps.getOneReg(id);
    }

    @Override
    public void setOneReg(long id, long value) {
        vcpuSteps.setOneReg(id, value);
    }

    @Override
    public void createVgicV3() {
        gic = call("KVM_CREATE_DEVICE(VGIC_V3)", () -> vm.createDevice(VgicV3.DEVICE_TYPE));
        run("KVM_DEV_ARM_VGIC_CTRL_INIT", () -> gic.vgicV3Setup(GIC_DIST, GIC_REDIST));
        gicSteps = new FfmVgicSteps(gic, call("KVM_GET_ONE_REG(MPIDR_EL1)", () -> vcpu.getOneReg(MPIDR_ID)));
    }

    @Override
    public long getIccCtlr() {
        return gicSteps.getIccCtlr();
    }

    @Override
    public void setIccCtlr(long value) {
        gicSteps.setIccCtlr(value);
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {gic, vcpu, vm, kvm}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a descriptor cannot fail in a way that changes the verdict
                }
            }
        }
    }
}
