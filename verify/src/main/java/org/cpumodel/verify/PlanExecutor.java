package org.cpumodel.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kernel.rules.FeatureCheck;
import org.cpumodel.profile.HostProfile;

/**
 * Follows a {@link KvmPlan} on a {@link PlanTarget}, phase by phase through {@link PlanPhases} (the
 * code the VMM applies models with), then reads every register back.
 * A refused register does not stop the run (each register is judged on its own); a failed vCPU
 * creation or init does. Refusals are explained by the same plan on the reference KVM of a host
 * profile (its field, rule and sentence); when the reference KVM accepts what the kernel refused,
 * the report says so and names the fields that differ from the fresh vCPU's value.
 */
public final class PlanExecutor {

    /** ICC_CTLR_EL1 bits the vGIC reads back: CBPR, EOImode, PRIbits, IDbits, SEIS, A3V. */
    public static final long ICC_CTLR_READ_MASK = 0xFF03L;

    private PlanExecutor() {
    }

    /** Runs the plan on the reference KVM of {@code profile}: the offline verdicts (dry run). */
    public static VerifyReport dryRun(KvmPlan plan, HostProfile profile) {
        try (ReferenceTarget t = new ReferenceTarget(profile)) {
            return execute(plan, t, null);
        }
    }

    /**
     * Runs the plan; {@code explainer} (may be null) supplies the host profile whose reference KVM
     * explains refusals, asked only when something is refused.
     */
    public static VerifyReport execute(KvmPlan plan, PlanTarget t, Supplier<HostProfile> explainer) {
        List<RegisterResult> results = new ArrayList<>();
        List<VerifyReport.StepFailure> failures = new ArrayList<>();
        Map<Integer, KvmPlan.Step> accepted = new LinkedHashMap<>();
        Map<Integer, Long> before = new HashMap<>();
        Map<Integer, TargetException> refused = new LinkedHashMap<>();
        StepListener record = new StepListener() {
            @Override
            public void before(int number, KvmPlan.Step step, Long prior) {
                before.put(number, prior);
            }

            @Override
            public void accepted(int number, KvmPlan.Step step) {
                accepted.put(number, step);
            }

            @Override
            public void refused(int number, KvmPlan.Step step, TargetException e) {
                refused.put(number, e);
            }

            @Override
            public boolean failed(int number, KvmPlan.Step step, TargetException e) {
                failures.add(new VerifyReport.StepFailure(number, step.op(), e.errno(), e.getMessage()));
                // without a vCPU, an initialised one or a vGIC, the later steps cannot run
                return step instanceof KvmPlan.CreateVcpus || step instanceof KvmPlan.VcpuInit || step instanceof KvmPlan.CreateVgicV3;
            }
        };
        if (PlanPhases.applyVm(plan, t, record)
                && PlanPhases.create(plan, KvmPlan.Phase.CREATE_VCPUS, record, t::createVcpu)
                && PlanPhases.applyVcpu(plan, t, record)
                && PlanPhases.create(plan, KvmPlan.Phase.CREATE_VGIC, record, t::createVgicV3)) {
            PlanPhases.applyVgic(plan, t, record);
        }
        Map<String, RegisterResult> reference = null;
        String explainedBy = null;
        if (!refused.isEmpty() && explainer != null) {
            HostProfile p = explainer.get();
            if (p != null) {
                VerifyReport ref = dryRun(plan, p);
                reference = new HashMap<>();
                for (RegisterResult r : ref.registers()) {
                    reference.put(r.register(), r);
                }
                explainedBy = "the reference KVM of host " + p.host().name() + " (" + p.host().kernelRelease() + ")";
            }
        }
        KnowledgeBase kb = KnowledgeBase.load();
        int n = 0;
        for (KvmPlan.Step s : plan.steps()) {
            n++;
            String reg;
            long id;
            long wanted;
            if (s instanceof KvmPlan.SetOneReg c) {
                reg = c.register();
                id = c.id();
                wanted = c.value();
            } else if (s instanceof KvmPlan.SetVgicCpuSysreg c) {
                reg = c.register();
                id = c.sysreg();
                wanted = c.value();
            } else {
                continue;
            }
            Long prior = before.get(n);
            TargetException e = refused.get(n);
            if (e != null) {
                String field = e.field();
                String rule = e.rule();
                String why = e.explanation();
                RegisterResult ref = reference == null ? null : reference.get(reg);
                if (ref != null && ref.status() == RegisterResult.Status.REFUSED) {
                    field = ref.field();
                    rule = ref.rule();
                    why = ref.explanation();
                } else if (reference != null && prior != null) {
                    field = fieldsOf(kb, reg, wanted ^ prior);
                    why = "refused by this kernel, but the reference KVM accepts it (a gap in cpumodel's kernel model); fields differing from the fresh vCPU: "
                            + field;
                } else if (field.equals("-") && prior != null) {
                    field = fieldsOf(kb, reg, wanted ^ prior);
                }
                results.add(new RegisterResult(reg, id, wanted, prior, null, RegisterResult.Status.REFUSED, e.errno(), field, rule, why));
                continue;
            }
            if (!accepted.containsKey(n)) {
                continue; // not reached (aborted run)
            }
            Long back;
            boolean gic = s instanceof KvmPlan.SetVgicCpuSysreg;
            try {
                back = gic ? t.getIccCtlr() : t.getOneReg(id);
            } catch (TargetException ex) {
                results.add(new RegisterResult(reg, id, wanted, prior, null, RegisterResult.Status.MISMATCH, ex.errno(), "-", "read-back",
                        "accepted but cannot be read back: " + ex.getMessage()));
                continue;
            }
            long mask = gic ? ICC_CTLR_READ_MASK : -1L;
            if ((back & mask) == (wanted & mask)) {
                results.add(new RegisterResult(reg, id, wanted, prior, back, RegisterResult.Status.ACCEPTED, "OK", "-", "accepted", "reads back as written"));
            } else {
                String f = fieldsOf(kb, reg, (back ^ wanted) & mask);
                results.add(new RegisterResult(reg, id, wanted, prior, back, RegisterResult.Status.MISMATCH, "OK", f, "read-back",
                        String.format("accepted but reads back 0x%016x (%s differ)", back, f)));
            }
        }
        return new VerifyReport(t.describe(), plan.modelId(), plan.modelName(), results, failures, explainedBy);
    }

    private static String fieldsOf(KnowledgeBase kb, String register, long bits) {
        return kb.find(register).map(r -> FeatureCheck.fieldsOf(r, bits)).orElse("-");
    }
}
