package org.cpumodel.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.CompiledHost;
import org.cpumodel.planner.check.FastCheck;
import org.cpumodel.planner.check.ModelCheck;
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

/** (a) One guest CPU model checked against one host: the reference KVM ({@code slow}) and the compiled check ({@code fast}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CheckBench {

    /** accepted: a member checks its pool's baseline (every register written); refused: a host outside the pool. */
    @Param({"accepted", "refused"})
    public String outcome;

    private GuestCpuModel model;
    private HostProfile host;
    private FastCheck.CompiledModel compiled;
    private CompiledHost compiledHost;

    @Setup
    public void setup() {
        List<HostProfile> pool = Inputs.compatibleSeeds();
        model = Baseline.compute(pool, FeatureSet.DEFAULT);
        host = outcome.equals("accepted") ? pool.get(0)
                : Inputs.real().stream().filter(h -> !ModelCheck.run(model, h).accepted()).findFirst().orElseThrow();
        compiled = FastCheck.compile(model);
        compiledHost = CompiledHost.of(host, FeatureSet.DEFAULT);
        if (FastCheck.accepts(compiled, compiledHost) != ModelCheck.run(model, host).accepted()) {
            throw new IllegalStateException("fast and slow check disagree");
        }
    }

    @Benchmark
    public boolean fast() {
        return FastCheck.accepts(compiled, compiledHost);
    }

    @Benchmark
    public boolean slow() {
        return ModelCheck.run(model, host).accepted();
    }
}
