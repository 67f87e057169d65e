package org.cpumodel.verify;

import static org.cpumodel.verify.KvmCalls.run;

import org.cpumodel.host.VmFd;

/** The VM phase of a plan on a real VM fd. */
public final class FfmVmSteps implements VmSteps {

    private final VmFd vm;

    public FfmVmSteps(VmFd vm) {
        this.vm = vm;
    }

    @Override
    public void enableCap(int cap) {
        run("KVM_ENABLE_CAP(" + cap + ")", () -> vm.enableCap(cap, 0));
    }

    @Override
    public void setSmcccFilter(long base, int nrFunctions, int action) {
        run("KVM_ARM_VM_SMCCC_FILTER", () -> vm.setSmcccFilter((int) base, nrFunctions, action));
    }
}
