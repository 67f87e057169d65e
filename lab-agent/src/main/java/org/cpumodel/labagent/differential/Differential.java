package org.cpumodel.labagent.differential;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.labagent.differential.TrialPlan.Scenario;
import org.cpumodel.labagent.differential.TrialPlan.Step;
import org.cpumodel.labagent.differential.TrialResults.ScenarioOutcome;
import org.cpumodel.labagent.differential.TrialResults.StepOutcome;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;

/**
 * The comparison of the differential test: real KVM's answers against the reference KVM's
 * prediction of the same plan. A trial agrees when errno, read-back value and the restoring
 * write's errno are all equal; scenario events (capability, vCPU, vGIC, run) must agree too.
 */
public final class Differential {

    private Differential() {
    }

    /**
     * The outcome for one host.
     *
     * @param perCategory   trials, agreeing trials and accepted trials per category
     * @param perFeatureSet the same per vCPU feature set of the scenario ("default", "pmu", "sve", "el2", ...)
     */
    public record Report(String host, String kernel, int trials, int agree, int accepted, Map<TrialCategory, int[]> perCategory,
                         Map<String, int[]> perFeatureSet, List<String> disagreements) {

        public boolean allAgree() {
            return disagreements.isEmpty() && agree == trials;
        }

        /** {@code differential <cpu> <kernel>: N trials, N agree, K accepted}. */
        public String summary(String cpu, String kernelName) {
            return "differential " + cpu + " " + kernelName + ": " + trials + " trials, " + agree + " agree, " + accepted + " accepted";
        }
    }

    /** Predicts the plan on the reference KVM of {@code profile}. */
    public static TrialResults predict(TrialPlan plan, HostProfile profile) {
        return TrialRunner.run(plan, new ReferenceKvm(profile), "reference", s -> { });
    }

    public static Report compare(TrialPlan plan, HostProfile profile, TrialResults real, TrialResults predicted) {
        KnowledgeBase kb = KnowledgeBase.load();
        List<String> bad = new ArrayList<>();
        Map<TrialCategory, int[]> cats = new EnumMap<>(TrialCategory.class);
        Map<String, int[]> sets = new java.util.TreeMap<>();
        int trials = 0;
        int agree = 0;
        int accepted = 0;
        if (real.scenarios().size() != plan.scenarios().size() || predicted.scenarios().size() != plan.scenarios().size()) {
            bad.add("scenario count: plan " + plan.scenarios().size() + ", kvm " + real.scenarios().size() + ", reference " + predicted.scenarios().size());
        }
        int n = Math.min(plan.scenarios().size(), Math.min(real.scenarios().size(), predicted.scenarios().size()));
        for (int i = 0; i < n; i++) {
            Scenario s = plan.scenarios().get(i);
            ScenarioOutcome r = real.scenarios().get(i);
            ScenarioOutcome p = predicted.scenarios().get(i);
            if (!r.events().equals(p.events())) {
                bad.add("scenario " + s.id() + " " + describe(s) + ": events kvm " + r.events() + " reference " + p.events());
            }
            List<Step> steps = new ArrayList<>(s.setup());
            steps.addAll(s.probes());
            for (int j = 0; j < steps.size(); j++) {
                Step st = steps.get(j);
                trials++;
                int[] c = cats.computeIfAbsent(st.category(), k -> new int[3]);
                int[] f = sets.computeIfAbsent(s.features(), k -> new int[3]);
                c[0]++;
                f[0]++;
                StepOutcome ro = j < r.steps().size() ? r.steps().get(j) : null;
                StepOutcome po = j < p.steps().size() ? p.steps().get(j) : null;
                if (ro != null && "OK".equals(ro.errno())) {
                    accepted++;
                    c[2]++;
                    f[2]++;
                }
                if (ro != null && po != null && ro.trial() == st.trial() && po.trial() == st.trial() && ro.errno().equals(po.errno())
                        && Objects.equals(ro.readBack(), po.readBack()) && Objects.equals(ro.restore(), po.restore())) {
                    agree++;
                    c[1]++;
                    f[1]++;
                } else {
                    bad.add(disagreement(kb, profile, s, st, ro, po));
                }
            }
        }
        return new Report(profile.host().name(), profile.host().kernelRelease(), trials, agree, accepted, cats, sets, bad);
    }

    private static String describe(Scenario s) {
        return "[features " + s.features() + (s.enableCap239() ? ", cap 239" : "") + (s.finalizeAfterSetup() ? ", SVE finalised after setup" : "") + (s.vgic() ? ", vGIC" : "") + (s.run() ? ", ran after "
                + s.setup().size() + " setup write(s)" : "") + "]";
    }

    private static String disagreement(KnowledgeBase kb, HostProfile profile, Scenario s, Step st, StepOutcome ro, StepOutcome po) {
        String limit = "-";
        String mask = "-";
        if (st.target() == TrialPlan.Target.SVE_VLS) {
            limit = profile.featureSet(FeatureSet.parse(s.features())).map(v -> v.sveVectorLengths().toString() + " (host vector lengths)").orElse("-");
        } else if (st.target() == TrialPlan.Target.ICC_CTLR) {
            limit = profile.gic() == null ? "-" : Bits.hex64(profile.gic().iccCtlr()) + " (host ICC_CTLR_EL1)";
        } else {
            org.cpumodel.kb.Encoding enc = org.cpumodel.kb.Encoding.fromOneRegId(st.regId());
            Register reg = enc == null ? null : kb.byEncoding(enc).orElse(null);
            if (reg != null) {
                var v = profile.featureSet(FeatureSet.parse(s.features()));
                if (v.isPresent() && v.get().value(reg.name()).isPresent()) {
                    limit = Bits.hex64(v.get().value(reg.name()).getAsLong());
                }
                mask = Bits.hex64(TrialGenerator.writableMask(profile, reg));
            }
        }
        return String.format(java.util.Locale.ROOT,
                "trial %d (%s) scenario %d %s: %s field %s value %s limit %s mask %s kernel %s: kvm %s, reference %s",
                st.trial(), st.category(), s.id(), describe(s), st.register(), st.field(), Bits.hex64(st.value()), limit, mask,
                profile.host().kernelRelease(), answer(ro), answer(po));
    }

    private static String answer(StepOutcome o) {
        if (o == null) {
            return "(missing)";
        }
        return o.errno() + " read-back " + (o.readBack() == null ? "-" : Bits.hex64(o.readBack()))
                + (o.restore() == null ? "" : " restore " + o.restore()) + (o.detail() == null ? "" : " {" + o.detail() + "}");
    }
}
