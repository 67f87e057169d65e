package org.cpumodel.kernel.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.cpumodel.kernel.differential.TrialPlan.Scenario;
import org.cpumodel.kernel.differential.TrialPlan.Step;
import org.cpumodel.kernel.differential.TrialResults.ScenarioOutcome;
import org.cpumodel.kernel.differential.TrialResults.StepOutcome;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.uapi.KvmCap;

/**
 * Executes a {@link TrialPlan} on a {@link KvmTarget}, the same code for real and reference KVM:
 * per step, read the register, write the value, read it back, and (restore) write the old value
 * back when it changed. Scenario-level answers (capability, vCPU, vGIC, run) are recorded as events.
 */
public final class TrialRunner {

    static final String OK = "OK";

    private TrialRunner() {
    }

    public static TrialResults run(TrialPlan plan, KvmTarget target, Consumer<String> progress) {
        List<ScenarioOutcome> out = new ArrayList<>();
        int done = 0;
        for (Scenario s : plan.scenarios()) {
            out.add(run(s, target));
            done++;
            if (done % 50 == 0) {
                progress.accept("lab-trials: " + done + "/" + plan.scenarios().size() + " scenarios");
            }
        }
        return new TrialResults(target.name(), plan.host(), plan.kernel(), plan.seed(), out);
    }

    static ScenarioOutcome run(Scenario s, KvmTarget target) {
        List<String> events = new ArrayList<>();
        List<StepOutcome> steps = new ArrayList<>();
        try (KvmTarget.Vm vm = target.createVm()) {
            if (s.enableCap239()) {
                events.add("enable-cap-239:" + errnoOf(() -> vm.enableCap(KvmCap.ARM_WRITABLE_IMP_ID_REGS)));
            }
            KvmTarget.Vcpu vcpu;
            try {
                vcpu = vm.createVcpu(0, FeatureSet.parse(s.features()));
                events.add("vcpu:OK");
            } catch (KvmTarget.TargetErrno e) {
                events.add("vcpu:" + e.errno());
                skipAll(s, steps);
                return new ScenarioOutcome(s.id(), events, steps);
            }
            KvmTarget.Gic gic = null;
            if (s.vgic()) {
                try {
                    gic = vm.createVgicV3();
                    events.add("vgic:OK");
                } catch (KvmTarget.TargetErrno e) {
                    events.add("vgic:" + e.errno());
                }
            }
            for (Step st : s.setup()) {
                steps.add(step(st, vcpu, gic));
            }
            if (s.run()) {
                events.add("run:" + errnoOf(vcpu::run));
            }
            for (Step st : s.probes()) {
                steps.add(step(st, vcpu, gic));
            }
        }
        return new ScenarioOutcome(s.id(), events, steps);
    }

    private static void skipAll(Scenario s, List<StepOutcome> steps) {
        for (Step st : s.setup()) {
            steps.add(new StepOutcome(st.trial(), "SKIPPED", null, null, null));
        }
        for (Step st : s.probes()) {
            steps.add(new StepOutcome(st.trial(), "SKIPPED", null, null, null));
        }
    }

    private static StepOutcome step(Step st, KvmTarget.Vcpu vcpu, KvmTarget.Gic gic) {
        if (st.target() == TrialPlan.Target.ICC_CTLR) {
            if (gic == null) {
                return new StepOutcome(st.trial(), "NO_VGIC", null, null, null);
            }
            KvmTarget.Gic g = gic;
            String errno = errnoOf(() -> g.setIccCtlr(vcpu, st.value()));
            String detail = gic instanceof ReferenceTarget.Explained x ? x.lastDetail() : null;
            Long after = read(() -> g.getIccCtlr(vcpu));
            return new StepOutcome(st.trial(), errno, after, null, detail);
        }
        Long before = read(() -> vcpu.getOneReg(st.regId()));
        String errno = errnoOf(() -> vcpu.setOneReg(st.regId(), st.value()));
        String detail = vcpu instanceof ReferenceTarget.Explained x ? x.lastDetail() : null;
        Long after = read(() -> vcpu.getOneReg(st.regId()));
        String restore = null;
        if (st.restore() && before != null && after != null && !after.equals(before)) {
            long b = before;
            restore = errnoOf(() -> vcpu.setOneReg(st.regId(), b));
        }
        return new StepOutcome(st.trial(), errno, after, restore, detail);
    }

    private static String errnoOf(Runnable r) {
        try {
            r.run();
            return OK;
        } catch (KvmTarget.TargetErrno e) {
            return e.errno();
        }
    }

    private static Long read(java.util.function.LongSupplier s) {
        try {
            return s.getAsLong();
        } catch (KvmTarget.TargetErrno e) {
            return null;
        }
    }
}
