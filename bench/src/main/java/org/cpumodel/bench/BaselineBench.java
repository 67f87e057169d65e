package org.cpumodel.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.baseline.BaselineVerdict;
import org.cpumodel.planner.baseline.ColumnarDecider;
import org.cpumodel.planner.baseline.ColumnarHost;
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
 * baseline is possible and every field is decided), with and without the reference-KVM self-check,
 * and the columnar decision (possible, register values) with and without compiling the hosts.
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
    private List<ColumnarHost> compiled;

    @Setup
    public void setup() {
        hosts = Inputs.compatibleFleet(11, profiles).profiles();
        GuestCpuModel m = Baseline.compute(hosts, new Baseline.Options(FeatureSet.DEFAULT, false, false));
        if (!m.possible()) {
            throw new IllegalStateException("benchmark fleet has no possible baseline: " + m.blockers().get(0));
        }
        compiled = hosts.stream().map(h -> ColumnarHost.of(h, FeatureSet.DEFAULT)).toList();
    }

    @Benchmark
    public GuestCpuModel baseline() {
        return Baseline.compute(hosts, new Baseline.Options(FeatureSet.DEFAULT, false, verify));
    }

    /** The columnar decision (possible, register values) on hosts compiled beforehand: fold N hosts, decide once. */
    @Benchmark
    public BaselineVerdict columnar() {
        return ColumnarDecider.decide(compiled, hosts, new Baseline.Options(FeatureSet.DEFAULT, false, false));
    }

    /** The same, compiling every host first ({@link ColumnarDecider#decide(java.util.Collection, Baseline.Options)}). */
    @Benchmark
    public BaselineVerdict columnarWithCompilation() {
        return new ColumnarDecider().decide(hosts, new Baseline.Options(FeatureSet.DEFAULT, false, false));
    }
}
