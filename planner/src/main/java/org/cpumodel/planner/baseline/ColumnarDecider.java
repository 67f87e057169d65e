package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;

/**
 * The columnar {@link BaselineDecider}: each distinct profile is compiled once per feature set
 * ({@link ColumnarHost}) and a draft is a {@link ColumnarAccumulator}, so adding a
 * host costs O(fields) whatever the pool's size. When a summary cannot be kept exactly the reference
 * decides ({@link ReferenceDecider}, sharing its members). Same answers as the reference.
 */
public final class ColumnarDecider implements BaselineDecider {

    private final ReferenceDecider reference;
    private final Map<String, ColumnarHost> compiled = new java.util.concurrent.ConcurrentHashMap<>();

    public ColumnarDecider() {
        this(new ReferenceDecider());
    }

    /** A columnar decider falling back to (and building members with) {@code reference}. */
    public ColumnarDecider(ReferenceDecider reference) {
        this.reference = reference;
    }

    /** The host compiled for a feature set (once per profile id and feature set). */
    public ColumnarHost compile(HostProfile p, FeatureSet fs) {
        return compiled.computeIfAbsent(fs + "/" + id(p), k -> ColumnarHost.of(p, fs, reference.members(fs)));
    }

    @Override
    public ReferenceDecider reference() {
        return reference;
    }

    @Override
    public BaselineVerdict decide(Collection<HostProfile> hosts, Baseline.Options options) {
        Map<String, HostProfile> byId = new TreeMap<>();
        for (HostProfile p : hosts) {
            byId.putIfAbsent(id(p), p);
        }
        return BaselineDecider.super.decide(byId.values(), options);
    }

    /**
     * The verdict for hosts compiled beforehand (distinct profiles; {@code profiles}, the same hosts,
     * for the reference when a summary is inexact): for callers that keep compiled hosts themselves.
     */
    public static BaselineVerdict decide(List<ColumnarHost> compiled, Collection<HostProfile> profiles, Baseline.Options options) {
        if (compiled.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one host profile");
        }
        ColumnarBaseline.Outcome o = ColumnarBaseline.fold(options.features(), compiled).decide(options.gicWhatIf());
        return o.exact() ? o.verdict() : ReferenceBaseline.decide(profiles, options, null).verdict();
    }

    @Override
    public Draft empty(Baseline.Options options) {
        return new Summaries(new ColumnarAccumulator(options.features()), null, options);
    }

    private static String id(HostProfile p) {
        return p.id() != null ? p.id() : ProfileJson.identify(p).id();
    }

    /** The hosts of a draft, newest first, shared between drafts (joining a pool copies nothing but the summaries). */
    private record Folded(HostProfile host, Folded before) {
        List<HostProfile> list() {
            List<HostProfile> out = new ArrayList<>();
            for (Folded f = this; f != null; f = f.before) {
                out.add(f.host);
            }
            return out.reversed();
        }
    }

    private final class Summaries implements Draft {
        private final ColumnarAccumulator sums;
        private final Folded hosts;
        private final Baseline.Options options;

        Summaries(ColumnarAccumulator sums, Folded hosts, Baseline.Options options) {
            this.sums = sums;
            this.hosts = hosts;
            this.options = options;
        }

        @Override
        public Draft with(HostProfile host) {
            return new Summaries(sums.copy().add(compile(host, options.features())), new Folded(host, hosts), options);
        }

        @Override
        public boolean certainlyRefuses(HostProfile host) {
            return sums.certainlyRefuses(compile(host, options.features()));
        }

        @Override
        public BaselineVerdict verdict() {
            if (hosts == null) {
                throw new IllegalArgumentException("a baseline needs at least one host profile");
            }
            ColumnarBaseline.Outcome o = sums.decide(options.gicWhatIf());
            return o.exact() ? o.verdict() : reference.decide(hosts.list(), options);
        }
    }
}
