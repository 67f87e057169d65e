package org.cpumodel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cpumodel.bench.sim.FleetSimulator;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.baseline.BaselineVerdict;
import org.cpumodel.planner.baseline.ColumnarAccumulator;
import org.cpumodel.planner.baseline.ColumnarBaseline;
import org.cpumodel.planner.baseline.ColumnarDecider;
import org.cpumodel.planner.baseline.ColumnarHost;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.junit.jupiter.api.Test;

/**
 * On seeded simulated fleets the columnar baseline gives {@link Baseline#compute}'s verdict (possible
 * or not, every register value) for every pair and for random subsets folded in random order, and the
 * columnar pool search gives exactly the reference search's pools (members, baselines, reasons).
 */
class SimulatedColumnarTest {

    private static final List<HostProfile> REAL = FleetSimulator.exampleFleet();

    /** How often the quick refusal fired (the soundness check above must have been exercised). */
    private static final int[] REFUSED = new int[1];

    private static boolean assertSame(List<HostProfile> hosts, Map<String, ColumnarHost> compiled, boolean whatIf, Random rnd) {
        GuestCpuModel slow = Baseline.compute(hosts, new Baseline.Options(FeatureSet.DEFAULT, whatIf, false));
        List<HostProfile> distinct = new ArrayList<>(hosts.stream().collect(java.util.stream.Collectors.toMap(HostProfile::id, p -> p, (a, b) -> a,
                LinkedHashMap::new)).values());
        Collections.shuffle(distinct, rnd);
        ColumnarAccumulator acc = new ColumnarAccumulator(FeatureSet.DEFAULT);
        for (HostProfile p : distinct) {
            if (p == distinct.get(distinct.size() - 1) && acc.size() > 0 && acc.certainlyRefuses(compiled.get(p.id()))) {
                // the pool search's quick refusal must be sound: the reference finds no baseline either
                assertThat(slow.possible()).as("certainlyRefuses %s joining %s", p.host().name(), distinct.stream().map(h -> h.host().name()).toList()).isFalse();
                REFUSED[0]++;
            }
            acc.add(compiled.get(p.id()));
        }
        ColumnarBaseline.Outcome outcome = acc.decide(whatIf);
        BaselineVerdict fast = outcome.exact() ? outcome.verdict() : null;
        String what = hosts.stream().map(p -> p.host().name()).toList() + (whatIf ? " what-if" : "") + ": " + slow.blockers();
        assertThat(outcome.exact()).as("summaries exact for %s", what).isTrue();
        assertThat(fast.possible()).as(what).isEqualTo(slow.possible());
        Map<String, Long> regs = new LinkedHashMap<>();
        slow.registers().forEach(r -> regs.put(r.register(), r.value()));
        assertThat(fast.registers()).as(what).containsExactlyEntriesOf(regs);
        return slow.possible();
    }

    @Test
    void columnarVerdictEqualsBaselineOnSimulatedFleets() {
        Random rnd = new Random(20261126);
        int[] seen = new int[2];
        for (long seed : new long[] {1, 2, 3}) {
            List<HostProfile> hosts = FleetSimulator.grow(REAL, FleetSimulator.Options.of(seed, 40, 40).withSeisVaries(seed == 3)).profiles();
            Map<String, ColumnarHost> compiled = new LinkedHashMap<>();
            hosts.forEach(h -> compiled.put(h.id(), ColumnarHost.of(h, FeatureSet.DEFAULT)));
            for (int i = 0; i < hosts.size(); i++) {
                for (int j = i + 1; j < hosts.size(); j++) {
                    seen[assertSame(List.of(hosts.get(i), hosts.get(j)), compiled, (i + j) % 4 == 0, rnd) ? 1 : 0]++;
                }
            }
            for (int k = 0; k < 60; k++) {
                List<HostProfile> pool = new ArrayList<>(hosts);
                if (rnd.nextBoolean()) {
                    String rel = hosts.get(rnd.nextInt(hosts.size())).host().kernelRelease();
                    pool.removeIf(p -> !p.host().kernelRelease().equals(rel));
                }
                Collections.shuffle(pool, rnd);
                seen[assertSame(pool.subList(0, 1 + rnd.nextInt(pool.size())), compiled, rnd.nextInt(4) == 0, rnd) ? 1 : 0]++;
            }
        }
        assertThat(seen[0]).as("impossible").isPositive();
        assertThat(seen[1]).as("possible").isPositive();
        assertThat(REFUSED[0]).as("quick refusals checked against the reference").isPositive();
    }

    @Test
    void compatibleFleetBaselineIsTheSame() {
        List<HostProfile> hosts = Inputs.compatibleFleet(11, 300).profiles();
        Map<String, ColumnarHost> compiled = new LinkedHashMap<>();
        hosts.forEach(h -> compiled.put(h.id(), ColumnarHost.of(h, FeatureSet.DEFAULT)));
        assertThat(assertSame(hosts, compiled, false, new Random(1))).isTrue();
    }

    @Test
    void columnarPoolsEqualReferencePoolsOnSimulatedFleets() {
        List<PoolOptions> options = List.of(PoolOptions.of(FeatureSet.DEFAULT), new PoolOptions(FeatureSet.DEFAULT, Set.of(), 0, true),
                new PoolOptions(FeatureSet.DEFAULT, Set.of("FEAT_AES"), 0, false), new PoolOptions(FeatureSet.DEFAULT, Set.of(), 4, false));
        int k = 0;
        for (long seed : new long[] {1, 2, 3}) {
            FleetSimulator.Fleet f = FleetSimulator.grow(REAL, FleetSimulator.Options.of(seed, 300, 60).withSeisVaries(seed == 2));
            PoolOptions o = options.get(k++ % options.size());
            assertSamePools(f.hosts(), o);
            if (seed == 1) {
                assertSamePools(f.hosts(), options.get(3));
            }
        }
    }

    private static void assertSamePools(List<HostProfile> hosts, PoolOptions o) {
        Partition fast = Pools.partition(hosts, o);
        Partition slow = Pools.partitionReference(hosts, o);
        assertThat(fast.pools()).isNotEmpty();
        assertThat(fast.pools().stream().map(p -> p.members().stream().map(HostProfile::id).toList()).toList())
                .isEqualTo(slow.pools().stream().map(p -> p.members().stream().map(HostProfile::id).toList()).toList());
        assertThat(fast.pools().stream().map(p -> p.baseline().id()).toList()).isEqualTo(slow.pools().stream().map(p -> p.baseline().id()).toList());
        assertThat(fast).isEqualTo(slow);
    }
}
