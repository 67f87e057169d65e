package org.cpumodel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cpumodel.bench.sim.FleetSimulator;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.CompiledHost;
import org.cpumodel.planner.check.FastCheck;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.compare.FastCompare;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.junit.jupiter.api.Test;

/**
 * The simulator is deterministic per seed, and on simulated fleets (seeded) the fast paths give the
 * slow paths' answers: {@link FastCheck} = {@link ModelCheck}, {@link FastCompare} = {@link Compare}.
 */
class SimulatedFleetTest {

    private static final List<HostProfile> REAL = FleetSimulator.exampleFleet();

    @Test
    void theSameSeedGrowsTheSameFleet() {
        FleetSimulator.Fleet a = FleetSimulator.grow(REAL, FleetSimulator.Options.of(42, 300, 40));
        FleetSimulator.Fleet b = FleetSimulator.grow(REAL, FleetSimulator.Options.of(42, 300, 40));
        assertThat(a.profiles().stream().map(HostProfile::id).toList()).isEqualTo(b.profiles().stream().map(HostProfile::id).toList());
        assertThat(a.profileOf()).isEqualTo(b.profileOf());
        assertThat(a.profiles()).hasSize(40);
        assertThat(a.hosts()).hasSize(300);
        assertThat(a.hosts().stream().map(HostProfile::id).distinct().count()).isEqualTo(40);
        FleetSimulator.Fleet c = FleetSimulator.grow(REAL, FleetSimulator.Options.of(43, 300, 40));
        assertThat(c.profiles().stream().map(HostProfile::id).toList()).isNotEqualTo(a.profiles().stream().map(HostProfile::id).toList());
    }

    @Test
    void everySimulatedHostCanRunItsOwnBaseline() {
        FleetSimulator.Fleet f = FleetSimulator.grow(REAL, FleetSimulator.Options.of(9, 60, 60));
        for (HostProfile p : f.profiles()) {
            GuestCpuModel m = Baseline.compute(List.of(p), FeatureSet.DEFAULT);
            assertThat(m.possible()).as(p.host().name() + " " + m.blockers()).isTrue();
        }
    }

    @Test
    void fastCompareEqualsCompareOnSimulatedFleets() {
        for (long seed : new long[] {1, 2, 3}) {
            List<HostProfile> hosts = FleetSimulator.grow(REAL, FleetSimulator.Options.of(seed, 80, 80).withSeisVaries(seed == 3)).profiles();
            List<Compare.Side> slow = hosts.stream().map(h -> Compare.Side.of(h, FeatureSet.DEFAULT)).toList();
            List<FastCompare.Side> fast = slow.stream().map(FastCompare.Side::of).toList();
            int[] seen = new int[4];
            for (int i = 0; i < hosts.size(); i++) {
                for (int j = 0; j < hosts.size(); j++) {
                    Compare.Relation r = Compare.compare(slow.get(i), slow.get(j)).relation();
                    assertThat(FastCompare.relation(fast.get(i), fast.get(j))).as("seed %d: %s vs %s", seed, hosts.get(i).host().name(),
                            hosts.get(j).host().name()).isEqualTo(r);
                    seen[r.ordinal()]++;
                }
            }
            assertThat(java.util.Arrays.stream(seen).min().orElse(0)).as("every relation occurs: %s", java.util.Arrays.toString(seen)).isPositive();
        }
    }

    @Test
    void fastCheckEqualsModelCheckOnSimulatedFleets() {
        Random rnd = new Random(20261125);
        int accepted = 0;
        int refused = 0;
        for (long seed : new long[] {4, 5}) {
            List<HostProfile> hosts = FleetSimulator.grow(REAL, FleetSimulator.Options.of(seed, 60, 60).withSeisVaries(true)).profiles();
            List<CompiledHost> compiled = hosts.stream().map(h -> CompiledHost.of(h, FeatureSet.DEFAULT)).toList();
            List<GuestCpuModel> models = new ArrayList<>();
            for (int k = 0; k < 25; k++) {
                List<HostProfile> sub = new ArrayList<>();
                for (int n = 1 + rnd.nextInt(3); n > 0; n--) {
                    sub.add(hosts.get(rnd.nextInt(hosts.size())));
                }
                GuestCpuModel m = Baseline.compute(sub, new Baseline.Options(FeatureSet.DEFAULT, rnd.nextBoolean(), false));
                models.add(m);
            }
            for (Pool p : Pools.partition(hosts, PoolOptions.of(FeatureSet.DEFAULT)).pools()) {
                models.add(p.baseline());
            }
            for (GuestCpuModel m : models) {
                FastCheck.CompiledModel cm = FastCheck.compile(m);
                for (int i = 0; i < hosts.size(); i++) {
                    boolean slow = ModelCheck.run(m, hosts.get(i)).accepted();
                    assertThat(FastCheck.accepts(cm, compiled.get(i))).as("model %s on %s", m.shortId(), hosts.get(i).host().name()).isEqualTo(slow);
                    if (slow) {
                        accepted++;
                    } else {
                        refused++;
                    }
                }
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }
}
