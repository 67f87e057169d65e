package org.cpumodel.service.fleet;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.baseline.ColumnarBaseline;
import org.cpumodel.planner.baseline.ColumnarDecider;
import org.cpumodel.planner.baseline.ColumnarHost;
import org.cpumodel.planner.check.CompiledHost;
import org.cpumodel.planner.check.FastCheck;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;

/**
 * The planner's compiled forms and verdicts, cached. Every key is content-addressed (profile ids,
 * model ids), so an entry is never stale; entries of profiles that left the fleet are dropped at the
 * next reload, and the model-keyed caches are bounded. Every verdict comes from the planner's own
 * functions ({@link FastCheck}, {@link Baseline}, {@link ColumnarBaseline}).
 */
public final class Planning {

    private static final int MAX_MODELS = 10_000;
    private static final int MAX_VERDICTS = 2_000_000;

    private record HostKey(String profileId, FeatureSet features) {
    }

    private record OwnKey(String profileId, FeatureSet features, boolean gicWhatIf) {
    }

    private record VerdictKey(String modelId, String profileId) {
    }

    private final Map<HostKey, CompiledHost> compiledHosts = new ConcurrentHashMap<>();
    private final Map<HostKey, ColumnarHost> columnarHosts = new ConcurrentHashMap<>();
    private final Map<String, FastCheck.CompiledModel> compiledModels = new ConcurrentHashMap<>();
    private final Map<VerdictKey, Boolean> verdicts = new ConcurrentHashMap<>();
    private final Map<OwnKey, GuestCpuModel> ownModels = new ConcurrentHashMap<>();

    Planning() {
    }

    /** Whether {@code p}'s KVM accepts model {@code m} ({@link FastCheck#accepts}, the answer of {@code ModelCheck}). */
    public boolean accepts(GuestCpuModel m, DistinctProfile p) {
        if (m.id() == null) {
            throw new IllegalArgumentException("model without an id");
        }
        VerdictKey k = new VerdictKey(m.id(), p.id());
        Boolean v = verdicts.get(k);
        if (v != null) {
            return v;
        }
        if (compiledModels.size() > MAX_MODELS) {
            compiledModels.clear();
        }
        FastCheck.CompiledModel cm = compiledModels.computeIfAbsent(m.id(), id -> FastCheck.compile(m));
        CompiledHost ch = compiledHosts.computeIfAbsent(new HostKey(p.id(), m.featureSet()), hk -> CompiledHost.of(p.profile(), hk.features()));
        boolean ok = FastCheck.accepts(cm, ch);
        if (verdicts.size() > MAX_VERDICTS) {
            verdicts.clear();
        }
        verdicts.put(k, ok);
        return ok;
    }

    /**
     * The model of a host running alone: what a VM started there with cpumodel's model sees, and so
     * what its destination must accept. {@link Baseline#compute} of the one profile, verified.
     */
    public GuestCpuModel ownModel(DistinctProfile p, FeatureSet fs, boolean gicWhatIf) {
        return ownModels.computeIfAbsent(new OwnKey(p.id(), fs, gicWhatIf),
                k -> Baseline.compute(List.of(p.profile()), new Baseline.Options(fs, gicWhatIf, true)));
    }

    /** The profile compiled for {@link ColumnarDecider#decide(List, java.util.Collection, Baseline.Options)}. */
    public ColumnarHost columnar(DistinctProfile p, FeatureSet fs) {
        return columnarHosts.computeIfAbsent(new HostKey(p.id(), fs), k -> ColumnarHost.of(p.profile(), fs));
    }

    /** Whether the profiles can share a pool (a possible baseline) under today's KVM or the GIC what-if range. */
    public boolean canShare(List<DistinctProfile> ps, FeatureSet fs, boolean gicWhatIf) {
        List<ColumnarHost> compiled = ps.stream().map(p -> columnar(p, fs)).toList();
        return ColumnarDecider.decide(compiled, ps.stream().map(DistinctProfile::profile).toList(), new Baseline.Options(fs, gicWhatIf, false))
                .possible();
    }

    void retainProfiles(Set<String> ids) {
        compiledHosts.keySet().removeIf(k -> !ids.contains(k.profileId()));
        columnarHosts.keySet().removeIf(k -> !ids.contains(k.profileId()));
        ownModels.keySet().removeIf(k -> !ids.contains(k.profileId()));
        verdicts.keySet().removeIf(k -> !ids.contains(k.profileId()));
    }
}
