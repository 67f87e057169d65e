package org.cpumodel.profile;

import java.util.Locale;
import org.cpumodel.uapi.KvmVcpuInit;

/**
 * The KVM_ARM_VCPU_INIT features that change what KVM lets a guest see (uapi asm/kvm.h feature bits).
 * A vCPU "feature set" is a combination of these; the empty set is called {@code default}.
 */
public enum VcpuFeature {
    /** KVM_ARM_VCPU_PMU_V3. */
    PMU("pmu", KvmVcpuInit.bit(KvmVcpuInit.PMU_V3)),
    /** KVM_ARM_VCPU_SVE; needs KVM_ARM_VCPU_FINALIZE. */
    SVE("sve", KvmVcpuInit.bit(KvmVcpuInit.SVE)),
    /** KVM_ARM_VCPU_PTRAUTH_ADDRESS and _GENERIC, always requested together (KVM refuses one without the other). */
    PTRAUTH("ptrauth", KvmVcpuInit.bit(KvmVcpuInit.PTRAUTH_ADDRESS) | KvmVcpuInit.bit(KvmVcpuInit.PTRAUTH_GENERIC)),
    /** KVM_ARM_VCPU_HAS_EL2: nested virtualisation. */
    EL2("el2", KvmVcpuInit.bit(KvmVcpuInit.HAS_EL2));

    /** KVM_ARM_VCPU_PSCI_0_2: always requested. */
    public static final int PSCI_0_2_BIT = KvmVcpuInit.bit(KvmVcpuInit.PSCI_0_2);

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
