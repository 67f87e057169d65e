package org.cpumodel.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cpumodel.bench.sim.FleetSimulator;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;

/** Benchmark inputs, grown once per JVM (the simulator is deterministic per seed). */
public final class Inputs {

    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    private Inputs() {
    }

    public static List<HostProfile> real() {
        @SuppressWarnings("unchecked")
        List<HostProfile> r = (List<HostProfile>) CACHE.computeIfAbsent("real", k -> FleetSimulator.exampleFleet());
        return r;
    }

    /**
     * The real hosts of the largest pool of the real fleet's Linux 7.3 hosts: seeds whose simulated
     * descendants (writable fields lowered on one kernel) still share one possible baseline.
     */
    public static List<HostProfile> compatibleSeeds() {
        List<HostProfile> all = real();
        @SuppressWarnings("unchecked")
        List<HostProfile> r = (List<HostProfile>) CACHE.computeIfAbsent("compatible",
                k -> Pools.partition(all.stream().filter(p -> p.host().kernelRelease().startsWith("7.3")).toList(),
                        PoolOptions.of(FeatureSet.DEFAULT)).pools().get(0).members());
        return r;
    }

    /** A fleet grown from the whole real fleet. */
    public static FleetSimulator.Fleet fleet(long seed, int hosts, int distinct) {
        List<HostProfile> seeds = real(); // outside computeIfAbsent: a ConcurrentHashMap must not be updated from its own mapping function
        return (FleetSimulator.Fleet) CACHE.computeIfAbsent("fleet/" + seed + "/" + hosts + "/" + distinct,
                k -> FleetSimulator.grow(seeds, FleetSimulator.Options.of(seed, hosts, distinct)));
    }

    /** A fleet grown from {@link #compatibleSeeds()} only (no kernel switch: its baseline is possible). */
    public static FleetSimulator.Fleet compatibleFleet(long seed, int distinct) {
        List<HostProfile> seeds = compatibleSeeds(); // outside computeIfAbsent (no recursive update)
        return (FleetSimulator.Fleet) CACHE.computeIfAbsent("compatible/" + seed + "/" + distinct, k -> {
            FleetSimulator.Options o = FleetSimulator.Options.of(seed, distinct, distinct);
            return FleetSimulator.grow(seeds, new FleetSimulator.Options(o.seed(), o.hosts(), o.distinct(), o.maxMutations(), 0.0,
                    o.gicVariation(), false, List.of()));
        });
    }
}
