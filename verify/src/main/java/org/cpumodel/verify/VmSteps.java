package org.cpumodel.verify;

/** What the {@link org.cpumodel.emit.KvmPlan.Phase#VM VM phase} of a plan does: calls on the VM fd before any vCPU exists. */
public interface VmSteps {

    /** KVM_ENABLE_CAP on the VM fd (no arguments). */
    void enableCap(int cap);

    /** KVM_ARM_VM_SMCCC_FILTER: the calls {@code base .. base+nrFunctions-1} get {@code action}. */
    void setSmcccFilter(long base, int nrFunctions, int action);
}
