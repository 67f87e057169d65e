package org.cpumodel.profile;

import java.util.Locale;

/**
 * The KVM_ARM_VCPU_INIT features that change what KVM lets a guest see (uapi asm/kvm.h feature bits).
 * A vCPU "feature set" is a combination of these; the empty set is called {@code default}.
 */
public enum VcpuFeature {
    /** KVM_ARM_VCPU_PMU_V3 (bit 3). */
    PMU("pmu", 1 << 3),
    /** KVM_ARM_VCPU_SVE (bit 4); needs KVM_ARM_VCPU_FINALIZE. */
    SVE("sve", 1 << 4),
    /** KVM_ARM_VCPU_PTRAUTH_ADDRESS and _GENERIC (bits 5 and 6), always requested together. */
    PTRAUTH("ptrauth", 1 << 5 | 1 << 6),
    /** KVM_ARM_VCPU_HAS_EL2 (bit 7): nested virtualisation. */
    EL2("el2", 1 << 7);

    /** KVM_ARM_VCPU_PSCI_0_2 (bit 2): always requested. */
    public static final int PSCI_0_2_BIT = 1 << 2;

    private final String id;
    private final int initBits;

    VcpuFeature(String id, int initBits) {
        this.id = id;
        this.initBits = initBits;
    }

    public String id() {
        return id;
    }

    /** Bits of kvm_vcpu_init.features[0]. */
    public int initBits() {
        return initBits;
    }

    public static VcpuFeature parse(String s) {
        for (VcpuFeature f : values()) {
            if (f.id.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown vCPU feature '" + s + "' (known: default, pmu, sve, ptrauth, el2)");
    }
}
