package org.cpumodel.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.kernel.reference.ReferenceRefusal;
import org.cpumodel.kernel.rules.FeatureCheck;
import org.cpumodel.kernel.rules.PrecheckRule;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.KvmVm;

/**
 * Follows a {@link KvmPlan} on a VM of a {@link KvmSystem} (this host's {@code /dev/kvm}, or the
 * reference KVM of a host profile), phase by phase through {@link PlanPhases} (the applier the VMM
 * uses too), then reads every register back. A refused register does not stop the run (each
 * register is judged on its own); a failed vCPU creation or init does.
 * The KVM says which ioctl failed with which errno; this class says which register and why: the
 * reference KVM's verdict when it refused, else the same plan on the reference KVM of a host profile
 * (its field, rule and sentence); when the reference KVM accepts what the kernel refused, the report
 * says so and names the fields that differ from the fresh vCPU's value.
 */
public final class PlanExecutor {

    /** ICC_CTLR_EL1 bits the vGIC reads back: CBPR, EOImode, PRIbits, IDbits, SEIS, A3V. */
    public static final long ICC_CTLR_READ_MASK = 0xFF03L;

    private PlanExecutor() {
    }

    /** The plan followed on a VM: the report, and the vCPU and vGIC it made (open until {@link #close()}). */
    public record Applied(VerifyReport report, KvmVcpu vcpu, KvmVgic vgic) implements AutoCloseable {
        @Override
        public void close() {
            if (vgic != null) {
                vgic.close();
            }
            if (vcpu != null) {
                vcpu.close();
            }
        }
    }

    /** Runs the plan on the reference KVM of {@code profile}: the offline verdicts (dry run). */
    public static VerifyReport dryRun(KvmPlan plan, HostProfile profile) {
        return execute(plan, new ReferenceKvm(profile), null);
    }

    /**
     * Runs the plan on a scratch VM of {@code kvm}; {@code explainer} (may be null) supplies the host
     * profile whose reference KVM explains refusals, asked only when something is refused.
     */
    public static VerifyReport execute(KvmPlan plan, KvmSystem kvm, Supplier<HostProfile> explainer) {
        try (KvmVm vm = kvm.createVm(); Applied applied = apply(plan, vm, kvm.describe(), explainer)) {
            return applied.report();
        }
    }

    /**
     * Follows the plan on {@code vm} (described as {@code target} in the report) and reads every register
     * back; the vCPU and vGIC stay open for the caller (a guest program may run on them next).
     */
    public static Applied apply(KvmPlan plan, KvmVm vm, String target, Supplier<HostProfile> explainer) {
        Run run = new Run();
        if (PlanPhases.applyVm(plan, vm, run)
                && PlanPhases.create(plan, KvmPlan.Phase.CREATE_VCPUS, run, () -> run.vcpu = vm.createVcpu(0))
                && PlanPhases.applyVcpu(plan, run.vcpu, run)
                && PlanPhases.create(plan, KvmPlan.Phase.CREATE_VGIC, run, () -> run.gic = vm.createVgicV3())) {
            PlanPhases.applyVgic(plan, run.gic, run.vcpu, run);
        }
        Map<String, RegisterResult> reference = null;
        String explainedBy = null;
        if (!run.refused.isEmpty() && explainer != null) {
            HostProfile p = explainer.get();
            if (p != null) {
                reference = new HashMap<>();
                for (RegisterResult r : dryRun(plan, p).registers()) {
                    reference.put(r.register(), r);
                }
                explainedBy = "the reference KVM of host " + p.host().name() + " (" + p.host().kernelRelease() + ")";
            }
        }
        List<RegisterResult> results = run.results(plan, reference);
        return new Applied(new VerifyReport(target, plan.modelId(), plan.modelName(), results, run.failures, explainedBy), run.vcpu, run.gic);
    }

    /** What one pass over the plan's phases answered: the VM's vCPU and vGIC, and every step's outcome. */
    private static final class Run implements StepListener {
        KvmVcpu vcpu;
        KvmVgic gic;
        final List<VerifyReport.StepFailure> failures = new ArrayList<>();
        final Map<Integer, KvmPlan.Step> accepted = new LinkedHashMap<>();
        final Map<Integer, Long> before = new HashMap<>();
        final Map<Integer, KvmIoctlException> refused = new LinkedHashMap<>();

        @Override
        public void before(int number, KvmPlan.Step step, Long prior) {
            before.put(number, prior);
        }

        @Override
        public void accepted(int number, KvmPlan.Step step) {
            accepted.put(number, step);
        }

        @Override
        public void refused(int number, KvmPlan.Step step, KvmIoctlException e) {
            refused.put(number, e);
        }

        /** Recorded; the run stops when there is no vCPU, no initialised one, or no vGIC for the later steps. */
        @Override
        public boolean failed(int number, KvmPlan.Step step, KvmIoctlException e) {
            failures.add(new VerifyReport.StepFailure(number, step.op(), e.errnoName(), e.getMessage()));
            return step instanceof KvmPlan.CreateVcpus || step instanceof KvmPlan.VcpuInit || step instanceof KvmPlan.CreateVgicV3;
        }

        /** Every register step: refused (with its reason), or accepted and read back. */
        List<RegisterResult> results(KvmPlan plan, Map<String, RegisterResult> reference) {
            KnowledgeBase kb = KnowledgeBase.load();
            List<RegisterResult> results = new ArrayList<>();
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
                KvmIoctlException e = refused.get(n);
                if (e != null) {
                    results.add(refusal(kb, reg, id, wanted, prior, e, reference));
                } else if (accepted.containsKey(n)) {
                    results.add(readBack(kb, reg, id, wanted, prior, s instanceof KvmPlan.SetVgicCpuSysreg c ? c.sysreg() : -1));
                }
            }
            return results;
        }

        private static RegisterResult refusal(KnowledgeBase kb, String reg, long id, long wanted, Long prior, KvmIoctlException e,
                                              Map<String, RegisterResult> reference) {
            String field = "-";
            String rule = "kernel";
            String why = e.getMessage();
            if (e instanceof ReferenceRefusal r) {
                Verdict v = r.verdict();
                field = v.field();
                rule = v.rule();
                why = v.explanation();
            }
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
            return new RegisterResult(reg, id, wanted, prior, null, RegisterResult.Status.REFUSED, e.errnoName(), field, rule, why);
        }

        /** Reads an accepted register back ({@code gicSysreg} the vGIC register, or -1 for a ONE_REG one). */
        private RegisterResult readBack(KnowledgeBase kb, String reg, long id, long wanted, Long prior, int gicSysreg) {
            boolean gicReg = gicSysreg >= 0;
            long back;
            try {
                back = gicReg ? gic.getCpuSysreg(vcpu, gicSysreg) : vcpu.getOneReg(id);
            } catch (KvmIoctlException ex) {
                return new RegisterResult(reg, id, wanted, prior, null, RegisterResult.Status.MISMATCH, ex.errnoName(), "-", "read-back",
                        "accepted but cannot be read back: " + ex.getMessage());
            }
            long mask = gicReg ? ICC_CTLR_READ_MASK : -1L;
            if ((back & mask) == (wanted & mask)) {
                return new RegisterResult(reg, id, wanted, prior, back, RegisterResult.Status.ACCEPTED, "OK", "-", "accepted", "reads back as written");
            }
            if (!gicReg && back == 0 && prior != null && prior == 0 && aarch32IdRegister(kb, reg)) {
                // sys_regs.c aa32_id_visibility: without AArch32 at any EL the AArch32 ID registers are RAZ and userspace writes are
                // ignored (REG_RAZ | REG_USER_WI), so the guest reads 0 there whatever the model says; an AArch64-only guest never reads them
                return new RegisterResult(reg, id, wanted, prior, back, RegisterResult.Status.ACCEPTED, "OK", "-", "aarch32-raz-wi",
                        "the host has no AArch32 at EL0: the kernel ignores the write and the register reads 0 (RAZ/WI), as expected");
            }
            SysregField ignored = ignoredHiddenField(reg, back ^ wanted);
            if (!gicReg && ignored != null && ignored.get(back) == 0) {
                // the pre-checks of sys_regs.c (6.10+ MPAM, MPAM_frac; 6.15+ NV): the kernel accepts the host's own value of a field
                // it hides from guests and ignores it, so it reads 0 and the guest sees 0 on this host, as check expects
                return new RegisterResult(reg, id, wanted, prior, back, RegisterResult.Status.ACCEPTED, "OK", ignored.name(), "hidden-field-ignored",
                        "the kernel accepted the host's own " + ignored.name() + ", a field it hides from guests, and ignores it: it reads 0, as expected");
            }
            String f = fieldsOf(kb, reg, (back ^ wanted) & mask);
            return new RegisterResult(reg, id, wanted, prior, back, RegisterResult.Status.MISMATCH, "OK", f, "read-back",
                    String.format("accepted but reads back 0x%016x (%s differ)", back, f));
        }
    }

    /** The hidden field of {@code register} the kernel may ignore on a write (PrecheckRule), if {@code diff} lies within it. */
    private static SysregField ignoredHiddenField(String register, long diff) {
        for (Precheck p : Precheck.values()) {
            SysregField f = PrecheckRule.ignoredField(p);
            if (f != null && f.register().equals(register) && diff != 0 && (diff & ~f.mask()) == 0) {
                return f;
            }
        }
        return null;
    }

    /** An AArch32 ID register (op0 3, op1 0, CRn 0, CRm 1..3; sys_regs.c AA32_ID_SANITISED) of the feature-ID class. */
    private static boolean aarch32IdRegister(KnowledgeBase kb, String register) {
        return kb.find(register).map(r -> {
            var e = r.encoding();
            return e.op0() == 3 && e.op1() == 0 && e.crn() == 0 && e.crm() >= 1 && e.crm() <= 3
                    && r.registerClass() == org.cpumodel.kb.RegisterClass.FEATURE_ID;
        }).orElse(false);
    }

    private static String fieldsOf(KnowledgeBase kb, String register, long bits) {
        return kb.find(register).map(r -> FeatureCheck.fieldsOf(r, bits)).orElse("-");
    }
}
