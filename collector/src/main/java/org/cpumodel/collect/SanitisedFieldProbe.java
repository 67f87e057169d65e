package org.cpumodel.collect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.rules.PrecheckRule;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVm;

/**
 * Measures the host's raw sanitised value of the fields KVM hides but still "accepts and clears" when
 * userspace writes exactly the host's value (set_id_aa64pfr0_el1 MPAM, set_id_aa64pfr1_el1 MPAM_frac,
 * set_id_aa64mmfr2_el1 NV): each non-zero value is written once to one fresh vCPU (the three are
 * different registers, and a refused write changes nothing); the one KVM accepts is the host's. Recorded as the profile fact {@code sanitised.REG.FIELD}, which the reference KVM reads.
 * A refused write is an answer here (KVM_SET_ONE_REG as a question), an error for no other register.
 * (Found by the differential test: qemu-max under 7.3 has NV = 2 in the host, 0 in the guest limit.)
 */
public final class SanitisedFieldProbe {

    private SanitisedFieldProbe() {
    }

    record Target(SysregField field, Precheck precheck) {
        String register() {
            return field.register();
        }
    }

    /** Every "-ignore" pre-check with the field it compares with the host's value ({@link PrecheckRule#ignoredField}). */
    static final List<Target> TARGETS = Arrays.stream(Precheck.values()).filter(p -> PrecheckRule.ignoredField(p) != null)
            .map(p -> new Target(PrecheckRule.ignoredField(p), p)).toList();

    /**
     * The profile with the facts measured on {@code kvm} added and no content id (ProfileJson computes it);
     * unchanged, and KVM not asked, when nothing applies to the profile's kernel.
     */
    public static HostProfile addFacts(HostProfile p, KvmSystem kvm) {
        KnowledgeBase kb = KnowledgeBase.load();
        KernelAbi abi = KernelAbi.of(p.kernel());
        List<Target> applicable = new ArrayList<>();
        for (Target t : TARGETS) {
            if (abi.register(kb.require(t.register())).map(a -> a.prechecks().contains(t.precheck())).orElse(false)) {
                applicable.add(t);
            }
        }
        if (applicable.isEmpty()) {
            return p;
        }
        SortedMap<String, String> facts = new TreeMap<>(p.host().facts());
        try (KvmVm vm = kvm.createVm(); KvmVcpu vcpu = vm.createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of())) {
            for (Target t : applicable) {
                Register reg = kb.require(t.register());
                Field f = reg.field(t.field());
                long id = reg.encoding().oneRegId();
                long limit = vcpu.getOneReg(id);
                long host = 0;
                for (long v = 1; v <= (1L << f.width()) - 1; v++) {
                    if (v != f.get(limit) && vcpu.trySetOneReg(id, f.set(limit, v)) == 0) {
                        host = v;
                        break;
                    }
                }
                facts.put("sanitised." + t.register() + "." + t.field().name(), "0x" + Long.toHexString(host));
            }
        }
        HostInfo h = p.host();
        return new HostProfile(null, new HostInfo(h.name(), h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), facts),
                p.partial(), p.notes(), p.capabilities(), p.masks(), p.gic(), p.featureSets());
    }
}
