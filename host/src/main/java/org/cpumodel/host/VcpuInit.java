package org.cpumodel.host;

import java.util.Arrays;

/**
 * {@code struct kvm_vcpu_init}: the target returned by KVM_ARM_PREFERRED_TARGET and the feature
 * bitmap passed to KVM_ARM_VCPU_INIT (bit n of the 224-bit array = feature n).
 *
 * @param target   the target CPU type (KVM_ARM_TARGET_GENERIC_V8 = 5 on current kernels)
 * @param features 7 words of feature bits (copied; shorter arrays are zero-padded)
 */
public record VcpuInit(int target, int[] features) {

    public static final int TARGET_GENERIC_V8 = 5;

    public static final int FEATURE_POWER_OFF = 0;
    public static final int FEATURE_EL1_32BIT = 1;
    public static final int FEATURE_PSCI_0_2 = 2;
    public static final int FEATURE_PMU_V3 = 3;
    public static final int FEATURE_SVE = 4;
    public static final int FEATURE_PTRAUTH_ADDRESS = 5;
    public static final int FEATURE_PTRAUTH_GENERIC = 6;
    public static final int FEATURE_HAS_EL2 = 7;
    /** Newer kernels only: not in the 6.12 header (value from the KVM arm64 semantics notes). */
    public static final int FEATURE_HAS_EL2_E2H0 = 8;

    /** Number of 32-bit feature words. */
    public static final int FEATURE_WORDS = 7;

    public VcpuInit {
        if (features.length > FEATURE_WORDS) {
            throw new IllegalArgumentException("kvm_vcpu_init has " + FEATURE_WORDS + " feature words, got " + features.length);
        }
        features = Arrays.copyOf(features, FEATURE_WORDS);
    }

    /** A target with no feature bits. */
    public VcpuInit(int target) {
        this(target, new int[FEATURE_WORDS]);
    }

    @Override
    public int[] features() {
        return features.clone();
    }

    /** True if feature bit {@code feature} is set. */
    public boolean hasFeature(int feature) {
        checkFeature(feature);
        return (features[feature / 32] >>> (feature % 32) & 1) != 0;
    }

    /** A copy with feature bit {@code feature} set. */
    public VcpuInit withFeature(int feature) {
        checkFeature(feature);
        int[] f = features.clone();
        f[feature / 32] |= 1 << (feature % 32);
        return new VcpuInit(target, f);
    }

    /** A copy with feature bit {@code feature} cleared. */
    public VcpuInit withoutFeature(int feature) {
        checkFeature(feature);
        int[] f = features.clone();
        f[feature / 32] &= ~(1 << (feature % 32));
        return new VcpuInit(target, f);
    }

    private static void checkFeature(int feature) {
        if (feature < 0 || feature >= FEATURE_WORDS * 32) {
            throw new IllegalArgumentException("feature bit out of range: " + feature);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VcpuInit v && v.target == target && Arrays.equals(v.features, features);
    }

    @Override
    public int hashCode() {
        return 31 * target + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("VcpuInit[target=").append(target).append(", features={");
        String sep = "";
        for (int i = 0; i < FEATURE_WORDS * 32; i++) {
            if (hasFeature(i)) {
                sb.append(sep).append(i);
                sep = ",";
            }
        }
        return sb.append("}]").toString();
    }
}
