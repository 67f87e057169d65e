package org.cpumodel.planner.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.TreeSet;
import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;

/**
 * {@code pools --json}: the options, every pool with its members, separations (every blocker as
 * data) and verified baseline model, the hosts that fit no pool, and the notes (keys in this order).
 * {@code gicWhatIf} is the option (a boolean) or, when the what-if report was asked for, that report
 * in its place.
 */
public record PoolsDocument(String featureSet, List<String> require, int maxPools, Object gicWhatIf, List<Pool> pools, List<Unplaced> unplaced,
                            List<String> notes) {

    public record Pool(int number, List<Member> members, String baselineId, List<String> separateBecause, List<Separation> separations,
                       List<String> features, JsonNode baseline) {
    }

    public record Member(String profileId, String name, String kernelRelease, List<String> featuresLost) {
    }

    /** Why the pool's seed host could not join an earlier pool: every blocker (model "blockers" items), or the required features it would lose. */
    public record Separation(List<String> notWith, List<JsonNode> blockers, long unverifiedBlockers, List<String> wouldLose) {
    }

    public record Unplaced(String profileId, String name, String why) {
    }

    public static PoolsDocument of(Partition r, GicWhatIf.Report whatIf) {
        List<Pool> pools = r.pools().stream().map(p -> new Pool(p.number(),
                p.members().stream().map(h -> member(p, h)).toList(), p.baseline().id(), p.separateBecause(),
                p.separations().stream().map(x -> new Separation(x.notWith(), x.blockers().stream().map(b -> (JsonNode) ModelJson.blocker(b)).toList(),
                        x.unverified(), x.wouldLose())).toList(),
                List.copyOf(Pools.features(p.baseline())), ModelJson.toTree(p.baseline()))).toList();
        return new PoolsDocument(r.options().features().name(), List.copyOf(new TreeSet<>(r.options().require())), r.options().maxPools(),
                whatIf == null ? (Object) r.options().gicWhatIf() : GicWhatIfDocument.of(whatIf), pools,
                r.unplaced().stream().map(u -> new Unplaced(u.profileId(), u.name(), u.why())).toList(), r.notes());
    }

    private static Member member(org.cpumodel.planner.pools.Pool p, HostProfile h) {
        return new Member(h.id(), h.host().name(), h.host().kernelRelease(), p.baseline().loss(h.id()).map(l -> l.lost()).orElse(List.of()));
    }
}
