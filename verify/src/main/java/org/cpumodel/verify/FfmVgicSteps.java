package org.cpumodel.verify;

import static org.cpumodel.verify.KvmCalls.call;
import static org.cpumodel.verify.KvmCalls.run;

import org.cpumodel.host.DeviceFd;
import org.cpumodel.host.VgicV3;

/** The vGIC phase of a plan on a real, initialised vGICv3: the CPU interface of the vCPU with this MPIDR. */
public final class FfmVgicSteps implements VgicSteps {

    private final DeviceFd gic;
    private final long mpidr;

    public FfmVgicSteps(DeviceFd gic, long mpidr) {
        this.gic = gic;
        this.mpidr = mpidr;
    }

    @Override
    public long getIccCtlr() {
        return call("KVM_GET_DEVICE_ATTR(ICC_CTLR_EL1)", () -> gic.vgicV3GetCpuSysreg(mpidr, VgicV3.ICC_CTLR_EL1));
    }

    @Override
    public void setIccCtlr(long value) {
        run("KVM_SET_DEVICE_ATTR(ICC_CTLR_EL1)", () -> gic.vgicV3SetCpuSysreg(mpidr, VgicV3.ICC_CTLR_EL1, value));
    }
}
