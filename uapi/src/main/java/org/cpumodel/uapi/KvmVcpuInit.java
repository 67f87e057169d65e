package org.cpumodel.uapi;

/**
 * {@code struct kvm_vcpu_init} facts (arch/arm64/include/uapi/asm/kvm.h): the generic target and
 * the {@code KVM_ARM_VCPU_*} feature bit numbers of {@code features[0]} (bit n of the 224-bit
 * array = feature n).
 */
public final class KvmVcpuInit {

    private KvmVcpuInit() {
    }

    /** KVM_ARM_TARGET_GENERIC_V8: what KVM_ARM_PREFERRED_TARGET answers on current kernels. */
    public static final int TARGET_GENERIC_V8 = 5;
    /** Number of 32-bit feature words of kvm_vcpu_init. */
    public static final int FEATURE_WORDS = 7;

    public static final int POWER_OFF = 0;
    public static final int EL1_32BIT = 1;
    public static final int PSCI_0_2 = 2;
    public static final int PMU_V3 = 3;
    /** Needs KVM_ARM_VCPU_FINALIZE(SVE) before the vCPU's registers are complete. */
    public static final int SVE = 4;
    /** Address and generic pointer authentication: KVM requires both or neither. */
    public static final int PTRAUTH_ADDRESS = 5;
    public static final int PTRAUTH_GENERIC = 6;
    /** Nested virtualisation (needs KVM_CAP_ARM_EL2). */
    public static final int HAS_EL2 = 7;
    /** Newer kernels only: not in the 6.12 header (value from the KVM arm64 semantics notes). */
    public static final int HAS_EL2_E2H0 = 8;

    /** The features[0] bit of a feature number, e.g. {@code bit(SVE) == 0x10}. */
    public static int bit(int feature) {
        if (feature < 0 || feature > 31) {
            throw new IllegalArgumentException("not a features[0] bit: " + feature);
        }
        return 1 << feature;
    }

    /** True if {@code features0} has the bit of {@code feature}. */
    public static boolean has(int features0, int feature) {
        return (features0 & bit(feature)) != 0;
    }
}
