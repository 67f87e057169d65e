package org.cpumodel.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** (d) Pools for a simulated fleet of H hosts sharing D distinct profiles (the final baselines verified). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PoolsBench {

    /** hosts:distinct */
    @Param({"10000:200", "100000:2000"})
    public String fleet;

    private List<HostProfile> hosts;

    @Setup
    public void setup() {
        String[] hd = fleet.split(":");
        hosts = Inputs.fleet(3, Integer.parseInt(hd[0]), Integer.parseInt(hd[1])).hosts();
    }

    @Benchmark
    public Partition pools() {
        return Pools.partition(hosts, PoolOptions.of(FeatureSet.DEFAULT));
    }
}
