package org.cpumodel.kernel.differential;

import org.cpumodel.profile.FeatureSet;

/**
 * The few KVM operations a trial plan needs, implemented by the reference KVM
 * ({@link ReferenceTarget}) and by real {@code /dev/kvm} (the CLI's lab-trials command). Every
 * refusal is a {@link TargetErrno} naming the errno.
 */
public interface KvmTarget {

    /** Who answers, e.g. "reference" or "kvm". */
    String name();

    Vm createVm();

    /** One VM. */
    interface Vm extends AutoCloseable {

        /** KVM_ENABLE_CAP on the VM fd, no arguments. */
        void enableCap(int cap);

        /** KVM_CREATE_VCPU, KVM_ARM_VCPU_INIT (preferred target, PSCI 0.2 and these features), FINALIZE for SVE. */
        Vcpu createVcpu(int id, FeatureSet features);

        /** KVM_CREATE_DEVICE(VGIC_V3), addresses, KVM_DEV_ARM_VGIC_CTRL_INIT (after the vCPUs). */
        Gic createVgicV3();

        @Override
        void close();
    }

    /** One initialised vCPU. */
    interface Vcpu {

        long getOneReg(long id);

        void setOneReg(long id, long value);

        /** One KVM_RUN of a tiny guest that exits to userspace (the VM has then run). */
        void run();
    }

    /** The vGICv3 CPU interface register ICC_CTLR_EL1 of a vCPU. */
    interface Gic {

        long getIccCtlr(Vcpu vcpu);

        void setIccCtlr(Vcpu vcpu, long value);
    }

    /** A KVM call refused with an errno ({@code name} like EINVAL), with an optional reason. */
    final class TargetErrno extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final String errno;

        public TargetErrno(String errno, String reason) {
            super(errno + (reason == null ? "" : ": " + reason));
            this.errno = errno;
        }

        public String errno() {
            return errno;
        }
    }
}
