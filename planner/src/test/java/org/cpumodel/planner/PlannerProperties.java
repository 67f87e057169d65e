package org.cpumodel.planner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.cpumodel.importers.FirecrackerImporter;
import org.cpumodel.importers.KernelWhatIf;
import org.cpumodel.importers.LabIdregsImporter;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner's invariants over subsets of real hosts (the 12 lab hosts, Graviton2/3/4 under 6.1 and
 * as if under 7.3): host order never matters; adding a host never adds a feature; a baseline is
 * accepted by every member's reference KVM; every member holds its baseline (superset or
 * identical); the model JSON round-trips. The subsets are every pair of hosts plus 80 seeded random
 * subsets of three and four hosts (the same ones on every run).
 */
class PlannerProperties {

    private static final List<HostProfile> HOSTS = load();

    private static List<HostProfile> load() {
        if (!SharedFixtures.present("fixtures")) {
            return List.of();
        }
        Path shared = SharedFixtures.path("");
        List<HostProfile> out = new ArrayList<>(LabIdregsImporter.importFile(shared.resolve("reference/emulated-lab-idregs.txt")));
        for (String cpu : new String[] {"N1", "V1", "V2"}) {
            HostProfile p = FirecrackerImporter.importFile(shared.resolve("fixtures/firecracker-graviton/fingerprint_ARM_NEOVERSE_" + cpu + "_6.1host.json"));
            out.add(p);
            out.add(KernelWhatIf.underKernel(p, "7.3.4"));
        }
        return List.copyOf(out);
    }

    static Stream<List<Integer>> subsets() {
        List<List<Integer>> out = new ArrayList<>();
        int n = HOSTS.size();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                out.add(List.of(i, j));
            }
        }
        Random r = new Random(20261125);
        for (int k = 0; k < 80 && n >= 4; k++) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(i);
            }
            Collections.shuffle(all, r);
            out.add(List.copyOf(all.subList(0, 3 + k % 2)));
        }
        if (out.isEmpty()) {
            out.add(List.of());
        }
        return out.stream();
    }

    private static List<HostProfile> pick(List<Integer> idx) {
        Assumptions.assumeFalse(HOSTS.isEmpty(), "../shared not present: no real host data");
        return idx.stream().map(HOSTS::get).toList();
    }

    @ParameterizedTest
    @MethodSource("subsets")
    void hostOrderNeverMatters(List<Integer> idx) {
        List<HostProfile> hosts = pick(idx);
        List<HostProfile> shuffled = new ArrayList<>(hosts);
        Collections.reverse(shuffled);
        Collections.shuffle(shuffled, new Random(idx.hashCode()));
        Assertions.assertThat(Baseline.compute(shuffled, FeatureSet.DEFAULT)).isEqualTo(Baseline.compute(hosts, FeatureSet.DEFAULT));
        Assertions.assertThat(Pools.partition(shuffled, PoolOptions.of(FeatureSet.DEFAULT)).pools())
                .extracting(p -> p.baseline().id())
                .isEqualTo(Pools.partition(hosts, PoolOptions.of(FeatureSet.DEFAULT)).pools().stream().map(p -> p.baseline().id()).toList());
    }

    @ParameterizedTest
    @MethodSource("subsets")
    void addingAHostNeverAddsAFeature(List<Integer> idx) {
        List<HostProfile> hosts = pick(idx);
        GuestCpuModel fewer = Baseline.compute(hosts.subList(0, hosts.size() - 1), FeatureSet.DEFAULT);
        GuestCpuModel more = Baseline.compute(hosts, FeatureSet.DEFAULT);
        SortedSet<String> f = Pools.features(more);
        Assertions.assertThat(Pools.features(fewer)).containsAll(more.possible() && fewer.possible() ? f : List.of());
        if (!fewer.possible()) {
            Assertions.assertThat(more.possible()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("subsets")
    void baselineIsAcceptedByEveryMemberWhichHoldsIt(List<Integer> idx) {
        List<HostProfile> hosts = pick(idx);
        GuestCpuModel m = Baseline.compute(hosts, FeatureSet.DEFAULT);
        Assumptions.assumeTrue(m.possible());
        for (HostProfile h : hosts) {
            Assertions.assertThat(ModelCheck.run(m, h).accepted()).as(h.host().name()).isTrue();
            Assertions.assertThat(Compare.compare(Compare.Side.of(h, FeatureSet.DEFAULT), Compare.Side.of(m)).relation())
                    .as(h.host().name()).isIn(Compare.Relation.SUPERSET, Compare.Relation.IDENTICAL);
        }
    }

    @ParameterizedTest
    @MethodSource("subsets")
    void modelJsonRoundTrips(List<Integer> idx) {
        for (boolean whatIf : new boolean[] {false, true}) {
            GuestCpuModel m = Baseline.compute(pick(idx), new Baseline.Options(FeatureSet.DEFAULT, whatIf, true));
            String json = ModelJson.write(m);
            Assertions.assertThat(ModelJson.parse("p", json)).isEqualTo(m);
            Assertions.assertThat(ModelJson.write(ModelJson.parse("p", json))).isEqualTo(json);
        }
    }
}
