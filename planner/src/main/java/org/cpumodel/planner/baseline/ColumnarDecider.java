package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;

/**
 * The columnar {@link BaselineDecider}: each distinct profile is compiled once per feature set
 * ({@link ColumnarBaseline.Host}) and a draft is a {@link ColumnarBaseline.Accumulator}, so adding a
 * host costs O(fields) whatever the pool's size. When a summary cannot be kept exactly the reference
 * decides ({@link ReferenceDecider}, sharing its members). Same answers as the reference.
 */
public final class ColumnarDecider implements BaselineDecider {

    private final ReferenceDecider reference;
    private final Map<String, ColumnarBaseline.Host> compiled = new HashMap<>();

    public ColumnarDecider() {
        this(new ReferenceDecider());
    }

    /** A columnar decider falling back to (and building members with) {@code reference}. */
    public ColumnarDecider(ReferenceDecider reference) {
        this.reference = reference;
    }

    /** The host compiled for a feature set (once per profile id and feature set). */
    public ColumnarBaseline.Host compile(HostProfile p, FeatureSet fs) {
        return compiled.computeIfAbsent(fs + "/" + id(p), k -> ColumnarBaseline.Host.of(p, fs, reference.members(fs)));
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
    public static BaselineVerdict decide(List<ColumnarBaseline.Host> compiled, Collection<HostProfile> profiles, Baseline.Options options) {
        if (compiled.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one host profile");
        }
        ColumnarBaseline.Outcome o = ColumnarBaseline.fold(options.features(), compiled).decide(options.gicWhatIf());
        return o.exact() ? o.verdict() : ReferenceBaseline.decide(profiles, options, null).verdict();
    }

    @Override
    public Draft empty(Baseline.Options options) {
        return new Summaries(new ColumnarBaseline.Accumulator(options.features()), List.of(), options);
    }

    private static String id(HostProfile p) {
        return p.id() != null ? p.id() : ProfileJson.identify(p).id();
    }

    private final class Summaries implements Draft {
        private final ColumnarBaseline.Accumulator sums;
        private final List<HostProfile> hosts;
        private final Baseline.Options options;

        Summaries(ColumnarBaseline.Accumulator sums, List<HostProfile> hosts, Baseline.Options options) {
            this.sums = sums;
            this.hosts = hosts;
            this.options = options;
        }

        @Override
        public Draft with(HostProfile host) {
            List<HostProfile> more = new ArrayList<>(hosts);
            more.add(host);
            return new Summaries(sums.copy().add(compile(host, options.features())), more, options);
        }

        @Override
        public BaselineVerdict verdict() {
            ColumnarBaseline.Outcome o = sums.decide(options.gicWhatIf());
            return o.exact() ? o.verdict() : reference.decide(hosts, options);
        }
    }
}
