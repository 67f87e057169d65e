package org.cpumodel.planner.baseline;

import java.util.Collection;
import org.cpumodel.profile.HostProfile;

/**
 * Decides whether a set of hosts has a baseline, and its register values: the question the pool
 * search asks for every tentative pool. Two implementations give the same answers (FastPathsTest,
 * ColumnarBaselineTest, PlannerProperties prove it): {@link ReferenceDecider}, the reference decision
 * itself, and {@link ColumnarDecider}, which folds per-field summaries so that adding a host costs
 * O(fields). A decider may cache what it builds per profile; use one per search.
 */
public interface BaselineDecider {

    /** A set of hosts being folded (a pool under construction). Immutable: {@link #with} returns a new draft. */
    interface Draft {

        /** This draft with one more host. */
        Draft with(HostProfile host);

        /** The verdict for the hosts folded so far (at least one). */
        BaselineVerdict verdict();

        /**
         * True only when this draft with {@code host} certainly has no baseline, found cheaply (the
         * pool search skips such a pool); false says nothing, {@link #with} and {@link #verdict} decide.
         */
        default boolean certainlyRefuses(HostProfile host) {
            return false;
        }
    }

    /** The reference decision behind this decider: the blockers and models that explain its verdicts, built with the same members. */
    ReferenceDecider reference();

    /** A draft without hosts, for these options. */
    Draft empty(Baseline.Options options);

    /** The verdict for {@code hosts} (at least one; duplicates by profile id count once). */
    default BaselineVerdict decide(Collection<HostProfile> hosts, Baseline.Options options) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one host profile");
        }
        Draft d = empty(options);
        for (HostProfile p : hosts) {
            d = d.with(p);
        }
        return d.verdict();
    }
}
