package org.cpumodel.uapi;

/**
 * An initialised vGICv3 of a {@link KvmVm} ({@link KvmVm#createVgicV3()}): its CPU interface system
 * registers per vCPU (KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, attribute from the vCPU's MPIDR_EL1).
 */
public interface KvmVgic extends AutoCloseable {

    /** KVM_GET_DEVICE_ATTR of a CPU interface register (e.g. {@link VgicV3#ICC_CTLR_EL1}) of {@code vcpu}. */
    long getCpuSysreg(KvmVcpu vcpu, int sysreg);

    /** KVM_SET_DEVICE_ATTR of a CPU interface register of {@code vcpu}. */
    void setCpuSysreg(KvmVcpu vcpu, int sysreg, long value);

    @Override
    void close();
}
