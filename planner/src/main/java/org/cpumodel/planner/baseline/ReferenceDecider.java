package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/**
 * The reference {@link BaselineDecider}: every verdict is {@link ReferenceBaseline}'s full decision
 * of the hosts. It also gives the decision with its blockers ({@link #decision}) and the verified
 * model ({@link #model}) with the same members, built once per profile for this decider's feature set
 * (pure caching: one decider per search).
 */
public final class ReferenceDecider implements BaselineDecider {

    /**
     * Members built per feature set name, then per profile (identity); safe to share between threads
     * (the pool search decides its separations and final models in parallel; a member is read-only).
     */
    private final Map<String, MemberCache> members = new java.util.concurrent.ConcurrentHashMap<>();

    /** The full decision: possible, register values and every blocker. */
    public BaselineDecision decision(Collection<HostProfile> hosts, Baseline.Options options) {
        return ReferenceBaseline.decide(hosts, options, members(options.features()));
    }

    /** {@link Baseline#compute} with this decider's members. */
    public GuestCpuModel model(Collection<HostProfile> hosts, Baseline.Options options) {
        return Baseline.compute(hosts, options, members(options.features()));
    }

    /** The members built for a feature set (shared with the columnar decider of the same search). */
    MemberCache members(FeatureSet fs) {
        return members.computeIfAbsent(fs.toString(), k -> new MemberCache(fs));
    }

    @Override
    public ReferenceDecider reference() {
        return this;
    }

    @Override
    public BaselineVerdict decide(Collection<HostProfile> hosts, Baseline.Options options) {
        return decision(hosts, options).verdict();
    }

    @Override
    public Draft empty(Baseline.Options options) {
        return new HostList(List.of(), options);
    }

    private final class HostList implements Draft {
        private final List<HostProfile> hosts;
        private final Baseline.Options options;

        HostList(List<HostProfile> hosts, Baseline.Options options) {
            this.hosts = hosts;
            this.options = options;
        }

        @Override
        public Draft with(HostProfile host) {
            List<HostProfile> more = new ArrayList<>(hosts);
            more.add(host);
            return new HostList(more, options);
        }

        @Override
        public BaselineVerdict verdict() {
            return decide(hosts, options);
        }
    }
}
