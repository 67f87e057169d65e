package org.cpumodel.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpumodel.planner.Baseline;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
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
 * (b) The baseline of N distinct simulated profiles (grown from the real fleet's largest pool, so the
 * baseline is possible and every field is decided), with and without the reference-KVM self-check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BaselineBench {

    @Param({"1000", "10000"})
    public int profiles;

    @Param({"false", "true"})
    public boolean verify;

    private List<HostProfile> hosts;

    @Setup
    public void setup() {
        hosts = Inputs.compatibleFleet(11, profiles).profiles();
        GuestCpuModel m = Baseline.compute(hosts, new Baseline.Options(FeatureSet.DEFAULT, false, false));
        if (!m.possible()) {
            throw new IllegalStateException("benchmark fleet has no possible baseline: " + m.blockers().get(0));
        }
    }

    @Benchmark
    public GuestCpuModel baseline() {
        return Baseline.compute(hosts, new Baseline.Options(FeatureSet.DEFAULT, false, verify));
    }
}
