package org.cpumodel.bench.sim;

import java.util.List;
import org.cpumodel.planner.Baseline;
import org.cpumodel.planner.Compare;
import org.cpumodel.planner.ModelCheck;
import org.cpumodel.planner.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

final class Probe {
    public static void main(String[] a) {
        long t = System.nanoTime();
        var fleet = FleetSimulator.grow(FleetSimulator.exampleFleet(), FleetSimulator.Options.of(1, Integer.parseInt(a[0]), Integer.parseInt(a[1])));
        System.out.printf("grow %.0f ms%n", (System.nanoTime() - t) / 1e6);
        List<HostProfile> ps = fleet.profiles();
        for (int rep = 0; rep < 3; rep++) {
            t = System.nanoTime();
            GuestCpuModel m = Baseline.compute(ps, new Baseline.Options(FeatureSet.DEFAULT, true, false));
            System.out.printf("baseline(%d) noverify %.0f ms possible=%s blockers=%d%n", ps.size(), (System.nanoTime() - t) / 1e6, m.possible(), m.blockers().size());
            t = System.nanoTime();
            GuestCpuModel m1 = Baseline.compute(ps.subList(0, 1), new Baseline.Options(FeatureSet.DEFAULT, false, false));
            System.out.printf("baseline(1) %.3f ms%n", (System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            int ok = 0;
            for (int i = 0; i < 200; i++) {
                ok += ModelCheck.run(m1, ps.get(i % ps.size())).accepted() ? 1 : 0;
            }
            System.out.printf("check %.1f us (%d ok)%n", (System.nanoTime() - t) / 1e3 / 200, ok);
            t = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                Compare.compare(Compare.Side.of(ps.get(i % ps.size()), FeatureSet.DEFAULT), Compare.Side.of(ps.get((i * 7) % ps.size()), FeatureSet.DEFAULT));
            }
            System.out.printf("compare %.1f us%n", (System.nanoTime() - t) / 1e3 / 200);
        }
        t = System.nanoTime();
        var r = Pools.partition(fleet.hosts(), Pools.Options.of(FeatureSet.DEFAULT));
        System.out.printf("pools %.0f ms: %d pools%n", (System.nanoTime() - t) / 1e6, r.pools().size());
    }
}
