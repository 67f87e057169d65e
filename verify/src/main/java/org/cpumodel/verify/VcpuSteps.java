package org.cpumodel.verify;

import java.util.List;

/**
 * What the {@link org.cpumodel.emit.KvmPlan.Phase#VCPU vCPU phase} of a plan does on one vCPU (a
 * VMM calls these from the thread that created the vCPU).
 */
public interface VcpuSteps {

    /** KVM_ARM_VCPU_INIT with {@code features[0] = features0} (an implementation may add bits of its own, e.g. POWER_OFF). */
    void init(int features0);

    /** KVM_REG_ARM64_SVE_VLS set to these vector lengths, then KVM_ARM_VCPU_FINALIZE(SVE). */
    void finalizeSve(List<Integer> vectorLengthsBits);

    long getOneReg(long id);

    void setOneReg(long id, long value);
}
