package org.cpumodel.uapi;

import java.util.List;

/** A VM of a {@link KvmSystem}. Closing it closes nothing it made: close its vCPUs and vGIC first. */
public interface KvmVm extends AutoCloseable {

    /** KVM_ENABLE_CAP on the VM fd with no arguments (e.g. {@link KvmCap#ARM_WRITABLE_IMP_ID_REGS}, before any vCPU). */
    void enableCap(int cap);

    /**
     * KVM_SET_DEVICE_ATTR({@link SmcccFilter#GRP_SMCCC_CTRL}, {@link SmcccFilter#ATTR_FILTER}): the SMCCC
     * calls {@code base .. base+nrFunctions-1} get {@code action} ({@link SmcccFilter#FWD_TO_USER}: they
     * exit to userspace). Before the VM runs.
     */
    void setSmcccFilter(int base, int nrFunctions, int action);

    /** KVM_CREATE_VCPU: a vCPU that still needs {@link KvmVcpu#init(int)}. */
    KvmVcpu createVcpu(int id);

    /**
     * KVM_CREATE_VCPU, KVM_ARM_VCPU_INIT with these {@code features[0]} bits ({@link KvmVcpuInit}) and,
     * when they include SVE, KVM_ARM_VCPU_FINALIZE with these vector lengths (empty: KVM's default
     * set). The vCPU is closed again when a step fails.
     */
    default KvmVcpu createVcpu(int id, int features, List<Integer> sveVectorLengths) {
        KvmVcpu vcpu = createVcpu(id);
        try {
            vcpu.init(features);
            if (KvmVcpuInit.has(features, KvmVcpuInit.SVE)) {
                vcpu.finalizeSve(sveVectorLengths);
            }
            return vcpu;
        } catch (RuntimeException e) {
            vcpu.close();
            throw e;
        }
    }

    /**
     * KVM_ARM_GET_REG_WRITABLE_MASKS for {@code range} (only {@link KvmRegId#FEATURE_ID_RANGE} exists):
     * {@link KvmRegId#FEATURE_ID_RANGE_SIZE} masks indexed by {@link KvmRegId#featureIdRangeIndex(long)},
     * 0 for registers userspace may not change. Linux 6.7+ ({@link KvmCap#ARM_SUPPORTED_REG_MASK_RANGES}).
     */
    long[] getRegWritableMasks(int range);

    /**
     * KVM_CREATE_DEVICE({@link VgicV3#DEVICE_TYPE}), its distributor and redistributor at
     * {@link ScratchVm}'s addresses, and KVM_DEV_ARM_VGIC_CTRL_INIT: after every vCPU exists. ENODEV when
     * the host has no GICv3 to virtualise.
     */
    KvmVgic createVgicV3();

    @Override
    void close();
}
