package org.cpumodel.planner.pools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.baseline.BaselineDecider;
import org.cpumodel.planner.baseline.BaselineDecision;
import org.cpumodel.planner.baseline.BaselineVerdict;
import org.cpumodel.planner.baseline.ColumnarDecider;
import org.cpumodel.planner.baseline.ReferenceDecider;
import org.cpumodel.planner.rules.Features;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/**
 * Partitions a fleet into migration pools: every pool has a baseline that all its members accept.
 * Objective: few pools, many features; constraints: FEAT_ names every pool must keep
 * ({@code --require}) and a maximum number of pools. The algorithm (docs/planner.md, "Pools") is a
 * deterministic first-fit-decreasing greedy:
 * <ol>
 * <li>hosts are de-duplicated by profile id; each host's baseline alone must be possible and keep the
 * required features, else it fits no pool (with the reason);</li>
 * <li>hosts are ordered by the number of FEAT_ names they offer alone (most first), then by id, so
 * the input order never matters and capable hosts seed pools;</li>
 * <li>each host joins the first pool whose baseline with it stays possible (no blocker: non-writable
 * fields, GIC, kernel ability, feature sets) and keeps every required feature; otherwise it starts a
 * new pool. A pool is thus split only when a blocker or a required feature forces it;</li>
 * <li>with {@code maxPools}, pools beyond the limit are first merged into earlier pools when possible,
 * then the smallest are dropped and their hosts reported as fitting no kept pool;</li>
 * <li>the final baselines are verified against every member's reference KVM.</li>
 * </ol>
 */
public final class Pools {

    private Pools() {
    }

    /**
     * The pools of a fleet, decided with the columnar summaries ({@link ColumnarDecider}: joining folds
     * one more host into a copy of the pool's summaries); the reasons reported for a separate pool and
     * the final, verified baselines come from the reference decision. Same result as
     * {@link #partitionReference}.
     */
    public static Partition partition(Collection<HostProfile> fleet, PoolOptions o) {
        return run(fleet, o, new ColumnarDecider());
    }

    /** The pools computed with the reference decision for every test (the reference for {@link #partition}). */
    public static Partition partitionReference(Collection<HostProfile> fleet, PoolOptions o) {
        return run(fleet, o, new ReferenceDecider());
    }

    /**
     * The pools of a fleet with {@code decider} answering "does this tentative pool have a baseline,
     * and which?" (use a fresh decider per call: it caches per profile); blockers and the final,
     * verified baselines come from its {@link BaselineDecider#reference() reference}.
     */
    public static Partition run(Collection<HostProfile> fleet, PoolOptions o, BaselineDecider decider) {
        ReferenceDecider reference = decider.reference();
        Baseline.Options decide = new Baseline.Options(o.features(), o.gicWhatIf(), false);
        Map<String, HostProfile> byId = new TreeMap<>();
        for (HostProfile p : fleet) {
            byId.putIfAbsent(p.id(), p);
        }
        List<String> notes = new ArrayList<>();
        if (byId.size() < fleet.size()) {
            notes.add((fleet.size() - byId.size()) + " duplicate profile(s) ignored (same content hash)");
        }
        frozenHosts(byId.values()).forEach(notes::add);
        List<Unplaced> unplaced = new ArrayList<>();
        Map<String, Integer> featureCount = new TreeMap<>();
        List<HostProfile> candidates = new ArrayList<>();
        BaselineDecider.Draft none = decider.empty(decide);
        // each host alone (independent decisions, which also build every member and compiled host: in parallel)
        List<HostProfile> distinct = List.copyOf(byId.values());
        List<Alone> alones = parallel(distinct, p -> Alone.of(none.with(p).verdict()));
        for (int i = 0; i < distinct.size(); i++) {
            HostProfile p = distinct.get(i);
            BaselineVerdict alone = alones.get(i).verdict();
            if (!alone.possible()) {
                unplaced.add(new Unplaced(p.id(), p.host().name(), "cannot run the model even alone: "
                        + describe(certainFirst(reference.decision(List.of(p), decide).blockers()).get(0))));
                continue;
            }
            SortedSet<String> missing = missing(alone.registers(), o.require());
            if (!missing.isEmpty()) {
                unplaced.add(new Unplaced(p.id(), p.host().name(), "lacks required " + String.join(", ", missing) + " even alone"));
                continue;
            }
            featureCount.put(p.id(), alones.get(i).features());
            candidates.add(p);
        }
        candidates.sort(Comparator.comparingInt((HostProfile p) -> -featureCount.get(p.id())).thenComparing(HostProfile::id));
        List<List<HostProfile>> groups = new ArrayList<>();
        List<BaselineDecider.Draft> drafts = new ArrayList<>();
        Map<String, List<Separation>> separate = new TreeMap<>();
        for (HostProfile p : candidates) {
            boolean placed = false;
            for (int i = 0; i < groups.size(); i++) {
                if (drafts.get(i).certainlyRefuses(p)) {
                    continue;
                }
                BaselineDecider.Draft joined = drafts.get(i).with(p);
                if (fits(joined.verdict(), o)) {
                    groups.get(i).add(p);
                    drafts.set(i, joined);
                    placed = true;
                    break;
                }
            }
            if (!placed) {
                // why not with each pool formed before: the reference decision's own blockers (independent decisions: in parallel)
                List<Separation> reasons = parallel(groups, g -> {
                    BaselineDecision m = reference.decision(concat(g, p), decide);
                    SortedSet<String> lost = m.possible() ? missing(m.registers(), o.require()) : new TreeSet<>();
                    return new Separation(g.stream().map(h -> h.host().name()).toList(), m.possible() ? List.of() : certainFirst(m.blockers()),
                            List.copyOf(lost));
                });
                List<HostProfile> g = new ArrayList<>();
                g.add(p);
                groups.add(g);
                drafts.add(none.with(p));
                separate.put(p.id(), reasons);
            }
        }
        if (o.maxPools() > 0 && groups.size() > o.maxPools()) {
            // merge late pools into earlier ones where possible
            for (int i = groups.size() - 1; i >= 0 && groups.size() > o.maxPools(); i--) {
                List<HostProfile> g = groups.get(i);
                for (int j = 0; j < i; j++) {
                    BaselineDecider.Draft joined = drafts.get(j);
                    for (HostProfile p : g) {
                        joined = joined.with(p);
                    }
                    if (fits(joined.verdict(), o)) {
                        groups.get(j).addAll(g);
                        groups.remove(i);
                        drafts.set(j, joined);
                        drafts.remove(i);
                        break;
                    }
                }
            }
            if (groups.size() > o.maxPools()) {
                List<List<HostProfile>> ranked = new ArrayList<>(groups);
                ranked.sort(Comparator.comparingInt((List<HostProfile> g) -> -g.size()).thenComparingInt(groups::indexOf));
                List<List<HostProfile>> keep = ranked.subList(0, o.maxPools());
                for (List<HostProfile> g : ranked.subList(o.maxPools(), ranked.size())) {
                    for (HostProfile p : g) {
                        BaselineDecision with = reference.decision(concat(keep.get(0), p), decide);
                        String why = with.possible() ? "joining the largest kept pool would lose required " + String.join(", ", missing(with.registers(), o.require()))
                                : "fits none of the " + o.maxPools() + " kept pools (--max-pools); e.g. with the largest: " + describe(with.blockers().get(0));
                        unplaced.add(new Unplaced(p.id(), p.host().name(), why));
                    }
                }
                groups.retainAll(keep);
            }
        }
        List<Pool> pools = new ArrayList<>();
        groups.sort(Comparator.comparingInt((List<HostProfile> g) -> -g.size()).thenComparing(g -> g.stream().map(HostProfile::id).sorted().findFirst().orElse("")));
        Baseline.Options verified = new Baseline.Options(o.features(), o.gicWhatIf(), true);
        List<List<HostProfile>> sortedGroups = groups.stream().map(g -> g.stream().sorted(Comparator.comparing(HostProfile::id)).toList()).toList();
        List<GuestCpuModel> baselines = parallel(sortedGroups, sorted -> reference.model(sorted, verified));
        for (int i = 0; i < groups.size(); i++) {
            pools.add(new Pool(i + 1, sortedGroups.get(i), baselines.get(i), separate.getOrDefault(groups.get(i).get(0).id(), List.of())));
        }
        unplaced.sort(Comparator.comparing(Unplaced::profileId));
        return new Partition(o, pools, unplaced, notes);
    }

    /** A host's verdict alone and, when possible, the number of FEAT_ names it keeps (the order hosts seed pools in). */
    private record Alone(BaselineVerdict verdict, int features) {
        static Alone of(BaselineVerdict v) {
            return new Alone(v, v.possible() ? Features.of(v.registers()).size() : 0);
        }
    }

    /** {@code f} over every item, in order, computed in parallel (both deciders and their drafts are safe to share). */
    private static <T, R> List<R> parallel(List<T> items, java.util.function.Function<T, R> f) {
        return items.parallelStream().map(f).toList();
    }

    /** Whether a tentative pool fits: it has a baseline that keeps every required feature. */
    private static boolean fits(BaselineVerdict v, PoolOptions o) {
        return v.possible() && missing(v.registers(), o.require()).isEmpty();
    }

    private static List<HostProfile> concat(List<HostProfile> g, HostProfile p) {
        List<HostProfile> out = new ArrayList<>(g);
        out.add(p);
        return out;
    }

    /** The FEAT_ names a model's register values imply. */
    public static SortedSet<String> features(GuestCpuModel m) {
        Map<String, Long> regs = new TreeMap<>();
        m.registers().forEach(r -> regs.put(r.register(), r.value()));
        return Features.of(regs);
    }

    private static SortedSet<String> missing(Map<String, Long> registers, Set<String> require) {
        if (require.isEmpty()) {
            return new TreeSet<>();
        }
        SortedSet<String> have = Features.of(registers);
        SortedSet<String> out = new TreeSet<>(require);
        out.removeAll(have);
        return out;
    }

    /**
     * One note per kernel release without writable ID registers (before 6.7: 5.10, 5.15, 6.1 ...): its
     * hosts cannot take a guest model, so each pools only with hosts whose guest view is identical.
     */
    static List<String> frozenHosts(Collection<HostProfile> hosts) {
        Map<String, List<String>> byKernel = new TreeMap<>();
        for (HostProfile p : hosts) {
            boolean frozen;
            try {
                frozen = !org.cpumodel.kernel.abi.KernelAbi.of(p.kernel()).writableIdRegisters();
            } catch (org.cpumodel.kernel.abi.KernelTooOldException e) {
                frozen = true;
            }
            if (frozen) {
                byKernel.computeIfAbsent(p.kernel().toString(), k -> new ArrayList<>()).add(p.host().name());
            }
        }
        List<String> out = new ArrayList<>();
        byKernel.forEach((k, names) -> out.add("Linux " + k + " cannot write ID registers (writable from 6.7), so its hosts cannot take a guest model"
                + " and pool only with hosts whose guest view is identical: " + String.join(", ", names)));
        return out;
    }

    /** Blockers on verified rules first (stable otherwise). */
    public static List<GuestCpuModel.Blocker> certainFirst(List<GuestCpuModel.Blocker> in) {
        List<GuestCpuModel.Blocker> out = new ArrayList<>(in);
        out.sort(Comparator.comparing(GuestCpuModel.Blocker::unverified));
        return out;
    }

    public static String describe(GuestCpuModel.Blocker b) {
        String where = b.register().equals("-") ? "" : b.register() + (b.field().equals("-") ? "" : "." + b.field()) + ": ";
        String vals = b.otherHost().equals("-") ? "" : " (" + b.host() + " " + b.value() + ", " + b.otherHost() + " " + b.otherValue() + ")";
        return where + b.why() + vals;
    }
}
