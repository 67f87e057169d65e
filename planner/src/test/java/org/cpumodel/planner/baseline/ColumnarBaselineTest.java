package org.cpumodel.planner.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cpumodel.planner.check.FastPathsTest;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The columnar baseline ({@link ColumnarBaseline}, {@link ColumnarDecider}) gives the reference decision's verdict ({@link Baseline#compute}, {@link ReferenceDecider}) (possible
 * or not, and every register value) on the real hosts: every single host and every pair, for each
 * vCPU feature set the fleet offers (and one it does not), with and without the GIC what-if range,
 * and seeded random subsets folded in random order; and {@link Pools#partition} (columnar) gives
 * exactly {@link Pools#partitionReference}'s result. Simulated fleets are covered in the bench module.
 */
class ColumnarBaselineTest {

    private static final List<FeatureSet> FEATURE_SETS = List.of(FeatureSet.DEFAULT, FeatureSet.parse("pmu"), FeatureSet.parse("sve"),
            FeatureSet.parse("ptrauth"), FeatureSet.parse("pmu+sve+ptrauth"));

    /** Checks one set of hosts; returns whether its baseline is possible. */
    static boolean assertSame(List<HostProfile> hosts, FeatureSet fs, boolean whatIf, Random order) {
        GuestCpuModel slow = Baseline.compute(hosts, new Baseline.Options(fs, whatIf, false));
        List<HostProfile> shuffled = new ArrayList<>(hosts.stream().collect(java.util.stream.Collectors.toMap(HostProfile::id, p -> p, (a, b) -> a,
                LinkedHashMap::new)).values());
        Collections.shuffle(shuffled, order);
        ColumnarAccumulator acc = new ColumnarAccumulator(fs);
        for (HostProfile p : shuffled) {
            acc = acc.copy().add(ColumnarHost.of(p, fs));
        }
        ColumnarBaseline.Outcome outcome = acc.decide(whatIf);
        String what = fs + (whatIf ? " what-if" : "") + " of " + hosts.stream().map(p -> p.host().name()).toList() + ": " + slow.blockers();
        // exact on every real subset, also where a kernel hides a field (MPAM, NV) another member shows (ReferenceBaseline.decideHidden)
        assertThat(outcome.exact()).as("summaries exact for %s", what).isTrue();
        BaselineVerdict fast = outcome.verdict();
        assertThat(fast.possible()).as(what).isEqualTo(slow.possible());
        Map<String, Long> regs = new LinkedHashMap<>();
        slow.registers().forEach(r -> regs.put(r.register(), r.value()));
        assertThat(fast.registers()).as(what).containsExactlyEntriesOf(regs);
        BaselineVerdict entry = new ColumnarDecider().decide(hosts, new Baseline.Options(fs, whatIf, false));
        assertThat(entry).isEqualTo(fast);
        assertThat(new ReferenceDecider().decide(hosts, new Baseline.Options(fs, whatIf, false))).isEqualTo(fast);
        return slow.possible();
    }

    @Test
    void everySingleHostAndEveryPairOfRealHosts() {
        List<HostProfile> hosts = FastPathsTest.hosts();
        Assumptions.assumeFalse(hosts.isEmpty(), "no real host data");
        Random order = new Random(5);
        int[] seen = new int[2];
        int checked = 0;
        for (FeatureSet fs : FEATURE_SETS) {
            for (int i = 0; i < hosts.size(); i++) {
                for (int j = i; j < hosts.size(); j++) {
                    List<HostProfile> set = i == j ? List.of(hosts.get(i)) : List.of(hosts.get(i), hosts.get(j));
                    boolean whatIf = (i + j) % 3 == 0;
                    seen[assertSame(set, fs, whatIf, order) ? 1 : 0]++;
                    checked++;
                }
            }
        }
        assertThat(seen[0]).as("impossible baselines seen").isPositive();
        assertThat(seen[1]).as("possible baselines seen").isPositive();
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void seededRandomSubsetsOfRealHosts() {
        List<HostProfile> hosts = FastPathsTest.hosts();
        Assumptions.assumeFalse(hosts.isEmpty(), "no real host data");
        Random rnd = new Random(17);
        int[] seen = new int[2];
        for (int k = 0; k < 300; k++) {
            List<HostProfile> pool = new ArrayList<>(hosts);
            if (rnd.nextBoolean()) {
                // one kernel's hosts: subsets whose baselines are often possible
                String rel = hosts.get(rnd.nextInt(hosts.size())).host().kernelRelease();
                pool.removeIf(p -> !p.host().kernelRelease().equals(rel));
            }
            Collections.shuffle(pool, rnd);
            List<HostProfile> set = pool.subList(0, 1 + rnd.nextInt(pool.size()));
            FeatureSet fs = FEATURE_SETS.get(rnd.nextInt(FEATURE_SETS.size()));
            seen[assertSame(set, fs, rnd.nextInt(4) == 0, rnd) ? 1 : 0]++;
        }
        assertThat(seen[0]).isPositive();
        assertThat(seen[1]).isPositive();
    }

    @Test
    void poolsAreIdenticalToTheReferenceSearch() {
        List<HostProfile> hosts = FastPathsTest.hosts();
        Assumptions.assumeFalse(hosts.isEmpty(), "no real host data");
        List<PoolOptions> options = List.of(PoolOptions.of(FeatureSet.DEFAULT), PoolOptions.of(FeatureSet.parse("pmu")),
                new PoolOptions(FeatureSet.DEFAULT, Set.of(), 0, true), new PoolOptions(FeatureSet.DEFAULT, Set.of("FEAT_LSE"), 0, false),
                new PoolOptions(FeatureSet.DEFAULT, Set.of(), 3, false), new PoolOptions(FeatureSet.parse("sve"), Set.of(), 2, true));
        for (PoolOptions o : options) {
            assertSamePools(hosts, o);
            List<HostProfile> only73 = hosts.stream().filter(p -> p.host().kernelRelease().startsWith("7.3")).toList();
            if (!only73.isEmpty()) {
                assertSamePools(only73, o);
            }
        }
    }

    static void assertSamePools(List<HostProfile> hosts, PoolOptions o) {
        Partition fast = Pools.partition(hosts, o);
        Partition slow = Pools.partitionReference(hosts, o);
        assertThat(fast.pools().stream().map(p -> p.members().stream().map(HostProfile::id).toList()).toList())
                .isEqualTo(slow.pools().stream().map(p -> p.members().stream().map(HostProfile::id).toList()).toList());
        assertThat(fast.pools().stream().map(p -> p.baseline().id()).toList()).isEqualTo(slow.pools().stream().map(p -> p.baseline().id()).toList());
        assertThat(fast.pools().stream().map(Pool::separations).toList()).isEqualTo(slow.pools().stream().map(Pool::separations).toList());
        assertThat(fast.unplaced()).isEqualTo(slow.unplaced());
        assertThat(fast.notes()).isEqualTo(slow.notes());
        assertThat(fast).isEqualTo(slow);
    }
}
