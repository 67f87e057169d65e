package org.cpumodel.collect;

import java.util.OptionalLong;
import org.cpumodel.profile.FeatureSet;

/**
 * The few KVM operations a collection needs, one level above the ioctls: the real host
 * ({@link FfmKvmProbe}) and, in tests, the reference KVM implement it. Errors other than the
 * ones named here propagate as the implementation's exceptions.
 */
public interface KvmProbe extends AutoCloseable {

    /** KVM_CHECK_EXTENSION on the system fd. */
    long checkExtension(int cap);

    /** KVM_CREATE_VM with the default type. */
    Vm createVm();

    @Override
    void close();

    /** One VM. */
    interface Vm extends AutoCloseable {

        /** KVM_CREATE_VCPU, KVM_ARM_VCPU_INIT with the preferred target and these features, and KVM_ARM_VCPU_FINALIZE for SVE. */
        Vcpu createVcpu(int id, FeatureSet features);

        /** KVM_ARM_GET_REG_WRITABLE_MASKS range 0: 192 masks by feature-ID range index. */
        long[] writableMasks();

        /**
         * ICC_CTLR_EL1 of the vCPU with this MPIDR through a fresh vGICv3 (addresses set, initialised);
         * empty when the host cannot create a vGICv3.
         */
        OptionalLong iccCtlr(long mpidr);

        @Override
        void close();
    }

    /** One initialised vCPU. */
    interface Vcpu extends AutoCloseable {

        /** KVM_GET_ONE_REG of a register of at most 8 bytes; empty when KVM answers ENOENT. */
        OptionalLong getOneReg(long id);

        /** KVM_GET_ONE_REG of a register of any size, as little-endian bytes. */
        byte[] getOneRegBytes(long id);

        /** KVM_GET_REG_LIST. */
        long[] regList();

        @Override
        void close();
    }
}
