package org.cpumodel.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.compare.FastCompare;
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

/**
 * (c) The compatibility matrix of N x N distinct simulated profiles: {@link Compare}'s relation for
 * every ordered pair. {@code fast} compiles the N sides and runs N*N {@link FastCompare#relation}
 * (compilation included); {@code slow} is {@link Compare#compare} on a 100 x 100 corner, for scale.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatrixBench {

    @Param({"500", "2000"})
    public int distinct;

    private List<HostProfile> hosts;
    private List<Compare.Side> sides;

    @Setup
    public void setup() {
        hosts = Inputs.fleet(5, distinct, distinct).profiles();
        sides = hosts.stream().map(h -> Compare.Side.of(h, FeatureSet.DEFAULT)).toList();
    }

    @Benchmark
    public int[] fast() {
        int n = sides.size();
        FastCompare.Side[] c = new FastCompare.Side[n];
        for (int i = 0; i < n; i++) {
            c[i] = FastCompare.Side.of(sides.get(i));
        }
        int[] counts = new int[Compare.Relation.values().length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                counts[FastCompare.relation(c[i], c[j]).ordinal()]++;
            }
        }
        return counts;
    }

    @Benchmark
    public int[] slowCorner100() {
        int[] counts = new int[Compare.Relation.values().length];
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 100; j++) {
                counts[Compare.compare(sides.get(i), sides.get(j)).relation().ordinal()]++;
            }
        }
        return counts;
    }
}
