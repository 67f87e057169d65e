package org.cpumodel.host;

import java.util.Arrays;
import org.cpumodel.uapi.KvmVcpuInit;

/**
 * {@code struct kvm_vcpu_init}: the target returned by KVM_ARM_PREFERRED_TARGET and the feature
 * bitmap passed to KVM_ARM_VCPU_INIT (bit n of the 224-bit array = feature n).
 *
 * @param target   the target CPU type ({@link KvmVcpuInit#TARGET_GENERIC_V8} on current kernels)
 * @param features {@link KvmVcpuInit#FEATURE_WORDS} words of feature bits ({@link KvmVcpuInit}'s numbers; copied,
 *                 shorter arrays are zero-padded)
 */
public record VcpuInit(int target, int[] features) {

    public VcpuInit {
        if (features.length > KvmVcpuInit.FEATURE_WORDS) {
            throw new IllegalArgumentException("kvm_vcpu_init has " + KvmVcpuInit.FEATURE_WORDS + " feature words, got " + features.length);
        }
        features = Arrays.copyOf(features, KvmVcpuInit.FEATURE_WORDS);
    }

    /** A target with no feature bits. */
    public VcpuInit(int target) {
        this(target, new int[KvmVcpuInit.FEATURE_WORDS]);
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
        if (feature < 0 || feature >= KvmVcpuInit.FEATURE_WORDS * 32) {
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
        for (int i = 0; i < KvmVcpuInit.FEATURE_WORDS * 32; i++) {
            if (hasFeature(i)) {
                sb.append(sep).append(i);
                sep = ",";
            }
        }
        return sb.append("}]").toString();
    }
}
