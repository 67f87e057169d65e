package org.cpumodel.host;

import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVgic;

/** A vGICv3 {@link DeviceFd} as a {@link KvmVgic}: CPU interface registers addressed by the vCPU's MPIDR_EL1. */
public final class FfmVgic implements KvmVgic {

    private final DeviceFd gic;
    private final boolean owned;

    FfmVgic(DeviceFd gic, boolean owned) {
        this.gic = gic;
        this.owned = owned;
    }

    /** The device descriptor. */
    public DeviceFd fd() {
        return gic;
    }

    @Override
    public long getCpuSysreg(KvmVcpu vcpu, int sysreg) {
        return gic.vgicV3GetCpuSysreg(mpidr(vcpu), sysreg);
    }

    @Override
    public void setCpuSysreg(KvmVcpu vcpu, int sysreg, long value) {
        gic.vgicV3SetCpuSysreg(mpidr(vcpu), sysreg, value);
    }

    private static long mpidr(KvmVcpu vcpu) {
        if (!(vcpu instanceof FfmVcpu f)) {
            throw new IllegalArgumentException("not a vCPU of this host's KVM: " + vcpu);
        }
        return f.mpidr();
    }

    @Override
    public void close() {
        if (owned) {
            gic.close();
        }
    }
}
