package org.cpumodel.verify;

import java.util.List;
import java.util.function.Supplier;
import org.cpumodel.host.DeviceFd;
import org.cpumodel.host.Kvm;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.host.VcpuFd;
import org.cpumodel.host.VcpuInit;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.uapi.VgicV3;
import org.cpumodel.host.VmFd;

/**
 * A scratch VM on this host's real {@code /dev/kvm} (through the FFM binding of host/). Opening it
 * throws {@link org.cpumodel.host.KvmUnavailableException} when this is not an arm64 KVM host.
 */
public final class FfmTarget implements PlanTarget {

    /** Guest-physical addresses of the scratch VM's vGICv3 (outside its memory). */
    public static final long GIC_DIST = 0x0800_0000L;
    public static final long GIC_REDIST = 0x080A_0000L;
    private static final long MPIDR_ID = KvmRegId.sysreg(3, 0, 0, 0, 5);

    private final Kvm kvm;
    private final VmFd vm;
    private VcpuFd vcpu;
    private DeviceFd gic;
    private long mpidr;

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

    private static <T> T call(String ioctl, Supplier<T> s) {
        try {
            return s.get();
        } catch (KvmIoctlException e) {
            throw new TargetException(ioctl, e.errnoName(), "-", "kernel", e.getMessage());
        }
    }

    private static void run(String ioctl, Runnable r) {
        call(ioctl, () -> {
            r.run();
            return null;
        });
    }

    @Override
    public void enableCap(int cap) {
        run("KVM_ENABLE_CAP(" + cap + ")", () -> vm.enableCap(cap, 0));
    }

    @Override
    public void setSmcccFilter(long base, int nrFunctions, int action) {
        run("KVM_ARM_VM_SMCCC_FILTER", () -> vm.setSmcccFilter((int) base, nrFunctions, action));
    }

    @Override
    public void createVcpu() {
        vcpu = call("KVM_CREATE_VCPU", () -> vm.createVcpu(0));
    }

    @Override
    public void init(int features0) {
        run("KVM_ARM_VCPU_INIT", () -> {
            VcpuInit target = vm.armPreferredTarget();
            vcpu.init(new VcpuInit(target.target(), new int[] {features0}));
        });
        mpidr = call("KVM_GET_ONE_REG(MPIDR_EL1)", () -> vcpu.getOneReg(MPIDR_ID));
    }

    @Override
    public void finalizeSve(List<Integer> vectorLengthsBits) {
        run("KVM_SET_ONE_REG(SVE_VLS)", () -> {
            byte[] vls = vcpu.getOneRegBytes(0x6060_0000_0015_ffffL);
            java.util.Arrays.fill(vls, (byte) 0);
            for (int bits : vectorLengthsBits) {
                int bit = bits / 128 - 1;
                vls[bit / 8] |= (byte) (1 << (bit % 8));
            }
            vcpu.setOneRegBytes(0x6060_0000_0015_ffffL, vls);
        });
        run("KVM_ARM_VCPU_FINALIZE", () -> vcpu.finalizeFeature(KvmVcpuInit.SVE));
    }

    @Override
    public long getOneReg(long id) {
        return call("KVM_GET_ONE_REG", () -> vcpu.getOneReg(id));
    }

    @Override
    public void setOneReg(long id, long value) {
        run("KVM_SET_ONE_REG", () -> vcpu.setOneReg(id, value));
    }

    @Override
    public void createVgicV3() {
        gic = call("KVM_CREATE_DEVICE(VGIC_V3)", () -> vm.createDevice(VgicV3.DEVICE_TYPE));
        run("KVM_DEV_ARM_VGIC_CTRL_INIT", () -> gic.vgicV3Setup(GIC_DIST, GIC_REDIST));
    }

    @Override
    public long getIccCtlr() {
        return call("KVM_GET_DEVICE_ATTR(ICC_CTLR_EL1)", () -> gic.vgicV3GetCpuSysreg(mpidr, VgicV3.ICC_CTLR_EL1));
    }

    @Override
    public void setIccCtlr(long value) {
        run("KVM_SET_DEVICE_ATTR(ICC_CTLR_EL1)", () -> gic.vgicV3SetCpuSysreg(mpidr, VgicV3.ICC_CTLR_EL1, value));
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
