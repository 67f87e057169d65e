package org.cpumodel.collect;

import java.util.OptionalLong;
import org.cpumodel.host.DeviceFd;
import org.cpumodel.host.Kvm;
import org.cpumodel.host.VcpuFd;
import org.cpumodel.host.VcpuInit;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.uapi.VgicV3;
import org.cpumodel.host.VmFd;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.VcpuFeature;

/** {@link KvmProbe} on this host's {@code /dev/kvm} through the FFM binding. */
public final class FfmKvmProbe implements KvmProbe {

    /** Guest physical bases of the vGICv3 distributor and redistributor (QEMU virt's layout). */
    static final long GIC_DIST_BASE = 0x0800_0000L;
    static final long GIC_REDIST_BASE = 0x080A_0000L;

    private final Kvm kvm;

    private FfmKvmProbe(Kvm kvm) {
        this.kvm = kvm;
    }

    /** Opens {@code /dev/kvm}; throws {@link org.cpumodel.host.KvmUnavailableException} when it cannot be used. */
    public static FfmKvmProbe open() {
        return new FfmKvmProbe(Kvm.open());
    }

    @Override
    public long checkExtension(int cap) {
        return kvm.checkExtension(cap);
    }

    @Override
    public Vm createVm() {
        return new FfmVm(kvm.createVm());
    }

    @Override
    public void close() {
        kvm.close();
    }

    private static final class FfmVm implements Vm {
        private final VmFd vm;

        FfmVm(VmFd vm) {
            this.vm = vm;
        }

        @Override
        public Vcpu createVcpu(int id, FeatureSet features) {
            VcpuFd vcpu = vm.createVcpu(id);
            try {
                VcpuInit target = vm.armPreferredTarget();
                vcpu.init(new VcpuInit(target.target(), new int[] {features.initBits()}));
                if (features.has(VcpuFeature.SVE)) {
                    vcpu.finalizeFeature(KvmVcpuInit.SVE);
                }
                return new FfmVcpu(vcpu);
            } catch (RuntimeException e) {
                vcpu.close();
                throw e;
            }
        }

        @Override
        public long[] writableMasks() {
            return vm.getRegWritableMasks(KvmRegId.FEATURE_ID_RANGE);
        }

        @Override
        public OptionalLong iccCtlr(long mpidr) {
            if (!vm.supportsDevice(VgicV3.DEVICE_TYPE)) {
                return OptionalLong.empty();
            }
            try (DeviceFd gic = vm.createDevice(VgicV3.DEVICE_TYPE)) {
                gic.vgicV3Setup(GIC_DIST_BASE, GIC_REDIST_BASE);
                return OptionalLong.of(gic.vgicV3GetCpuSysreg(mpidr, VgicV3.ICC_CTLR_EL1));
            }
        }

        @Override
        public void close() {
            vm.close();
        }
    }

    private static final class FfmVcpu implements Vcpu {
        private final VcpuFd vcpu;

        FfmVcpu(VcpuFd vcpu) {
            this.vcpu = vcpu;
        }

        @Override
        public OptionalLong getOneReg(long id) {
            return vcpu.getOneRegIfPresent(id);
        }

        @Override
        public byte[] getOneRegBytes(long id) {
            return vcpu.getOneRegBytes(id);
        }

        @Override
        public long[] regList() {
            return vcpu.getRegList();
        }

        @Override
        public void close() {
            vcpu.close();
        }
    }
}
