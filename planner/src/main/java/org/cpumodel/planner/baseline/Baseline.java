package org.cpumodel.planner.baseline;

import java.util.Collection;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/**
 * The baseline of a set of hosts for one vCPU feature set: the most capable guest CPU model every
 * member's KVM accepts under that member's own kernel rules and writable masks (see
 * docs/planner.md, "Baseline"). Pure function of the set of profiles: the input order never
 * matters (members are sorted by profile id). It is the reference decision ({@link ReferenceBaseline})
 * explained ({@link BaselineExplanation}), then verified against each member's reference KVM; a
 * refusal there is a planner bug and throws.
 */
public final class Baseline {

    /** What to compute: the vCPU feature set, whether to assume the GIC what-if range, whether to self-check. */
    public record Options(FeatureSet features, boolean gicWhatIf, boolean verify) {
        public static Options of(FeatureSet fs) {
            return new Options(fs, false, true);
        }
    }

    private Baseline() {
    }

    public static GuestCpuModel compute(Collection<HostProfile> hosts, Options options) {
        return compute(hosts, options, null);
    }

    public static GuestCpuModel compute(Collection<HostProfile> hosts, FeatureSet fs) {
        return compute(hosts, Options.of(fs));
    }

    /** {@link #compute} reusing (and filling) a cache of members built for {@code options.features()}, or none. */
    static GuestCpuModel compute(Collection<HostProfile> hosts, Options options, MemberCache memberCache) {
        BaselineDecision d = ReferenceBaseline.decide(hosts, options, memberCache);
        GuestCpuModel model = BaselineExplanation.explain(d);
        if (d.possible() && options.verify()) {
            for (HostProfile p : d.hosts()) {
                ModelCheck.Report rep = ModelCheck.run(model, p);
                if (!rep.accepted()) {
                    throw new IllegalStateException("planner bug: the baseline is refused by the reference KVM of " + p.host().name() + ": "
                            + rep.firstRefusal().map(ModelCheck.Step::explanation).orElse("?"));
                }
            }
        }
        return model;
    }
}
