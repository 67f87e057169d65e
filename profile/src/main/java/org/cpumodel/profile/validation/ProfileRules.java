package org.cpumodel.profile.validation;

import java.util.Map;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileFormatException;

/**
 * A host profile's consistency, checked after its leaves: a named host, ID registers in every
 * feature set of a complete profile, and writable masks only for registers of the feature-ID range
 * (arch/arm64/kvm/sys_regs.c kvm_vm_ioctl_get_reg_writable_masks() fills KVM_ARM_FEATURE_ID_RANGE
 * only).
 */
public final class ProfileRules {

    private ProfileRules() {
    }

    public static void check(String src, HostProfile p) {
        if (p.host().name().isBlank()) {
            throw new ProfileFormatException(src, "$.host.name", "is empty (name the host)");
        }
        for (Map.Entry<String, FeatureSetView> e : p.featureSets().entrySet()) {
            boolean any = e.getValue().registers().values().stream().anyMatch(v -> v != null);
            if (!any && !p.partial()) {
                throw new ProfileFormatException(src, "$.featureSets." + e.getKey() + ".registers",
                        "no register values: a complete host profile lists the ID registers its kernel showed (collect it again, or mark it \"partial\": true)");
            }
        }
        if (p.masks() != null) {
            KnowledgeBase kb = KnowledgeBase.load();
            for (Map.Entry<String, Long> e : p.masks().values().entrySet()) {
                Register r = kb.require(e.getKey());
                if (!r.inFeatureIdRange()) {
                    throw new ProfileFormatException(src, "$.masks.values." + e.getKey(), r.name() + " is outside the feature-ID range"
                            + " (op0 3, op1 0-7, CRn 0), the only registers KVM_ARM_GET_REG_WRITABLE_MASKS reports a mask for; remove it");
                }
            }
        }
    }
}
