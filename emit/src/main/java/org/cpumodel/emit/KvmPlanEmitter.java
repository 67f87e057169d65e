package org.cpumodel.emit;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.SmcccFilter;
import org.cpumodel.uapi.VgicV3;

/**
 * Builds the {@link KvmPlan} of a model: capability 239 before any vCPU when the identity is written,
 * the SMCCC filter that forwards the DISCOVER_IMPL calls, vCPU init with the model's features, SVE
 * finalisation, every register with KVM_SET_ONE_REG in plan order (KVM_ARM_FEATURE_ID_RANGE_IDX),
 * KVM_REG_ARM_VENDOR_HYP_BMAP_2, then the vGIC's ICC_CTLR_EL1 before the APRs and BPR1.
 */
public final class KvmPlanEmitter {

    private KvmPlanEmitter() {
    }

    public static KvmPlan plan(ModelDelta delta) {
        GuestCpuModel m = delta.model();
        List<KvmPlan.Step> steps = new ArrayList<>();
        boolean errata = delta.errataHypercalls();
        if (m.identity().writesIdentity()) {
            steps.add(new KvmPlan.EnableCap(KvmCap.ARM_WRITABLE_IMP_ID_REGS, KvmCap.name(KvmCap.ARM_WRITABLE_IMP_ID_REGS),
                    "on the VM fd before any KVM_CREATE_VCPU: makes MIDR_EL1/REVIDR_EL1/AIDR_EL1 writable (Linux 6.15+)"));
        }
        if (errata) {
            steps.add(new KvmPlan.SmcccFilter(SmcccFilter.DISCOVER_IMPL_VER, 2, SmcccFilter.actionName(SmcccFilter.FWD_TO_USER),
                    "forward DISCOVER_IMPL_VER/_CPUS to userspace as KVM_EXIT_HYPERCALL; answer them from 'hypercalls'"));
        }
        steps.add(new KvmPlan.CreateVcpus("every vCPU of the VM"));
        FeatureSet fs = m.featureSet();
        List<String> names = new ArrayList<>();
        names.add("PSCI_0_2");
        if (fs.has(VcpuFeature.PMU)) {
            names.add("PMU_V3");
        }
        if (fs.has(VcpuFeature.SVE)) {
            names.add("SVE");
        }
        if (fs.has(VcpuFeature.PTRAUTH)) {
            names.add("PTRAUTH_ADDRESS");
            names.add("PTRAUTH_GENERIC");
        }
        if (fs.has(VcpuFeature.EL2)) {
            names.add("HAS_EL2");
        }
        steps.add(new KvmPlan.VcpuInit(fs.initBits(), names, "vCPU features '" + fs + "' on every vCPU, before any register access"));
        if (fs.has(VcpuFeature.SVE)) {
            steps.add(new KvmPlan.FinalizeSve(m.vcpu().sveVectorLengths(), "set KVM_REG_ARM64_SVE_VLS to these lengths (bits), then finalise SVE"));
        }
        for (RegisterDelta d : delta.registers()) {
            steps.add(new KvmPlan.SetOneReg(d.register(), d.oneRegId(), d.modelValue(), why(d)));
        }
        if (errata) {
            steps.add(new KvmPlan.SetOneReg("KVM_REG_ARM_VENDOR_HYP_BMAP_2", KvmRegId.VENDOR_HYP_BMAP_2,
                    KvmRegId.VENDOR_HYP_BMAP_2_DISCOVER_IMPL_VER | KvmRegId.VENDOR_HYP_BMAP_2_DISCOVER_IMPL_CPUS,
                    "advertise DISCOVER_IMPL_VER and _CPUS to the guest (bits 0 and 1)"));
        }
        if (m.gic() != null) {
            steps.add(new KvmPlan.CreateVgicV3("after every vCPU exists: set the distributor/redistributor addresses, then KVM_DEV_ARM_VGIC_CTRL_INIT"));
            steps.add(new KvmPlan.SetVgicCpuSysreg(Sysregs.ICC_CTLR_EL1.NAME, VgicV3.ICC_CTLR_EL1, m.gic().iccCtlr(), String.format(
                    "every vCPU: PRIbits %d and IDbits %d may only be lowered, SEIS %d and A3V %d must equal the host's",
                    m.gic().priBits(), m.gic().idBits(), m.gic().seis(), m.gic().a3v())));
            steps.add(new KvmPlan.RestoreAfter(List.of("ICC_AP0R0_EL1", "ICC_AP0R1_EL1", "ICC_AP0R2_EL1", "ICC_AP0R3_EL1",
                    "ICC_AP1R0_EL1", "ICC_AP1R1_EL1", "ICC_AP1R2_EL1", "ICC_AP1R3_EL1", "ICC_BPR1_EL1"),
                    "when restoring a migrated vCPU: after ICC_CTLR_EL1, whose PRIbits decide the valid APR indexes and whose CBPR decides whether BPR1 is written"));
        }
        List<KvmPlan.HypercallAnswer> calls = new ArrayList<>();
        if (errata) {
            List<GuestCpuModel.ErrataTarget> t = m.identity().errataTargets();
            calls.add(new KvmPlan.HypercallAnswer(SmcccFilter.DISCOVER_IMPL_VER, "DISCOVER_IMPL_VER", null, 0, 0x1_0000L, t.size(), 0));
            for (int i = 0; i < t.size(); i++) {
                calls.add(new KvmPlan.HypercallAnswer(SmcccFilter.DISCOVER_IMPL_CPUS, "DISCOVER_IMPL_CPUS", (long) i, 0, t.get(i).midr(),
                        t.get(i).revidr(), t.get(i).aidr()));
            }
        }
        List<KvmPlan.RegListAction> regList = new ArrayList<>();
        for (GuestCpuModel.RegListEntry e : m.regListDrift()) {
            regList.add(new KvmPlan.RegListAction(e.id(), e.name(), e.action()));
        }
        List<String> notes = new ArrayList<>();
        notes.add("ID registers are VM-scoped: write the same value on every vCPU, before the first KVM_RUN (then they are immutable: EBUSY)");
        if (errata) {
            notes.add("DISCOVER_IMPL_CPUS with an index outside 0.." + (m.identity().errataTargets().size() - 1)
                    + ": answer x0 = INVALID_PARAMETER (-3)");
        }
        notes.addAll(delta.warnings());
        return new KvmPlan(m.id(), m.name(), fs.name(), delta.host() == null ? null : delta.host().host().name(), steps, calls, regList, notes);
    }

    private static String why(RegisterDelta d) {
        if (d.fields().isEmpty()) {
            return d.baseValue() == null ? "the model's value" : "equal to the host's own value";
        }
        List<String> f = d.fields().stream().map(s -> s.field().equals("IMPDEF") ? "value" : s.field() + "=" + s.value()).toList();
        String list = String.join(" ", f);
        return (d.baseValue() == null ? "writable fields: " : "differs from the host: ") + (list.length() > 160 ? list.substring(0, 157) + "..." : list);
    }
}
