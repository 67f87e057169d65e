package org.cpumodel.bench.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/**
 * The simulator's report: grows a fleet from examples/fleet and partitions it into migration pools,
 * then says how many hosts were admitted to a pool, how many features each pool loses against its
 * best member, and how many pools formed.
 *
 * <pre>java -cp bench/target/cpumodel-bench.jar org.cpumodel.bench.sim.SimulatorReport [--hosts N] [--distinct D] [--seed S] [--features default] [--what-if-gic-range] [--seis-varies] [--kernels 6.12.117+deb13-arm64,7.3.4+deb13-arm64]</pre>
 */
public final class SimulatorReport {

    private SimulatorReport() {
    }

    public static void main(String[] args) {
        int hosts = 10_000;
        int distinct = 500;
        long seed = 1;
        FeatureSet fs = FeatureSet.DEFAULT;
        boolean whatIf = false;
        boolean seis = false;
        List<String> kernels = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                case "--distinct" -> distinct = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--features" -> fs = FeatureSet.parse(args[++i]);
                case "--what-if-gic-range" -> whatIf = true;
                case "--seis-varies" -> seis = true;
                case "--kernels" -> kernels = List.of(args[++i].split(","));
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        FleetSimulator.Fleet fleet = FleetSimulator.grow(FleetSimulator.exampleFleet(),
                FleetSimulator.Options.of(seed, hosts, distinct).withKernels(kernels).withSeisVaries(seis));
        long t1 = System.nanoTime();
        Partition r = Pools.partition(fleet.hosts(), new PoolOptions(fs, java.util.Set.of(), 0, whatIf));
        long t2 = System.nanoTime();
        print(System.out, fleet, r, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        // the whole process, JVM start included (what `time` of a fresh process sees, less the exit)
        ProcessHandle.current().info().startInstant().ifPresent(start -> System.out.printf(
                "process: %d ms from JVM start (pools %.0f ms, growing the fleet %.0f ms, the rest start-up and report)%n",
                java.time.Duration.between(start, java.time.Instant.now()).toMillis(), (t2 - t1) / 1e6, (t1 - t0) / 1e6));
    }

    static void print(PrintStream out, FleetSimulator.Fleet fleet, Partition r, double growMs, double poolsMs) {
        Map<String, Integer> hostsPerProfile = new HashMap<>();
        for (int i : fleet.profileOf()) {
            hostsPerProfile.merge(fleet.profiles().get(i).id(), 1, Integer::sum);
        }
        int admitted = 0;
        for (Pool p : r.pools()) {
            for (HostProfile m : p.members()) {
                admitted += hostsPerProfile.getOrDefault(m.id(), 0);
            }
        }
        int unplacedHosts = r.unplaced().stream().mapToInt(u -> hostsPerProfile.getOrDefault(u.profileId(), 0)).sum();
        out.printf("fleet: %d hosts, %d distinct profiles (grown in %.0f ms)%n", fleet.size(), fleet.profiles().size(), growMs);
        out.printf("pools: %d formed in %.0f ms; hosts admitted %d (%.1f %%), fitting no pool %d (%d profiles)%n", r.pools().size(), poolsMs,
                admitted, 100.0 * admitted / fleet.size(), unplacedHosts, r.unplaced().size());
        Map<String, Integer> lostCount = new TreeMap<>();
        for (Pool p : r.pools()) {
            GuestCpuModel b = p.baseline();
            SortedSet<String> best = new TreeSet<>();
            int lostMax = 0;
            long lostSum = 0;
            int hostsIn = 0;
            for (GuestCpuModel.MemberLoss l : b.losses()) {
                int n = hostsPerProfile.getOrDefault(l.profileId(), 0);
                lostMax = Math.max(lostMax, l.lost().size());
                lostSum += (long) l.lost().size() * n;
                hostsIn += n;
                l.lost().forEach(f -> lostCount.merge(f, n, Integer::sum));
                best.addAll(l.lost());
            }
            out.printf("  pool %d: %d profiles, %d hosts, model %s, %d FEAT_ names kept; features lost per host: mean %.1f, max %d%n",
                    p.number(), p.members().size(), hostsIn, b.shortId(), Pools.features(b).size(), hostsIn == 0 ? 0.0 : (double) lostSum / hostsIn, lostMax);
        }
        List<Map.Entry<String, Integer>> top = new ArrayList<>(lostCount.entrySet());
        top.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        out.print("features lost most often (hosts):");
        top.stream().limit(12).forEach(e -> out.print(" " + e.getKey() + "=" + e.getValue()));
        out.println();
        r.unplaced().stream().limit(5).forEach(u -> out.println("  fits no pool: " + u.name() + ": " + u.why()));
    }
}
