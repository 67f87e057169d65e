package org.cpumodel.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.cpumodel.bench.sim.FleetSimulator;
import org.cpumodel.planner.check.CompiledHost;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.compare.FastCompare;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;

/**
 * Heap held by the inputs of the large benchmarks, measured after a full GC: the simulated fleet
 * (H hosts sharing D distinct profiles) and the compiled forms of its distinct profiles.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.cpumodel.bench.MemoryReport [hosts] [distinct]</pre>
 */
public final class MemoryReport {

    private MemoryReport() {
    }

    static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int distinct = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        List<HostProfile> real = FleetSimulator.exampleFleet();
        CompiledHost.of(real.get(0), FeatureSet.DEFAULT);
        FastCompare.Side.of(Compare.Side.of(real.get(0), FeatureSet.DEFAULT));
        long base = used();
        FleetSimulator.Fleet fleet = FleetSimulator.grow(real, FleetSimulator.Options.of(3, hosts, distinct));
        List<HostProfile> list = fleet.hosts();
        long afterFleet = used();
        List<CompiledHost> compiled = new ArrayList<>();
        List<FastCompare.Side> sides = new ArrayList<>();
        for (HostProfile p : fleet.profiles()) {
            compiled.add(CompiledHost.of(p, FeatureSet.DEFAULT));
            sides.add(FastCompare.Side.of(Compare.Side.of(p, FeatureSet.DEFAULT)));
        }
        long afterCompiled = used();
        System.out.printf("fleet of %d hosts / %d distinct profiles: %,d bytes (%.1f MiB; %,d bytes per distinct profile)%n", list.size(),
                fleet.profiles().size(), afterFleet - base, (afterFleet - base) / 1048576.0, (afterFleet - base) / distinct);
        System.out.printf("compiled hosts + compare sides: %,d bytes (%.1f MiB)%n", afterCompiled - afterFleet, (afterCompiled - afterFleet) / 1048576.0);
        System.out.printf("total over the empty JVM: %,d bytes (%.1f MiB); max heap %,d bytes%n", afterCompiled - base, (afterCompiled - base) / 1048576.0,
                Runtime.getRuntime().maxMemory());
        if (compiled.size() != sides.size()) {
            throw new AssertionError();
        }
    }
}
