package org.cpumodel.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.planner.report.Reports;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.junit.jupiter.api.Test;

/** AWS Graviton2/3/4 (Neoverse N1, V1, V2) under Linux 6.1 from Firecracker fingerprints, and what newer kernels would allow. */
class GravitonTest {

    @Test
    void linux61CannotPoolDifferentCpus() {
        List<HostProfile> g = Fixtures.graviton();
        GuestCpuModel m = Baseline.compute(g, FeatureSet.DEFAULT);
        assertThat(m.possible()).isFalse();
        assertThat(m.registers()).isEmpty();
        assertThat(m.blockers()).isNotEmpty().allSatisfy(b -> assertThat(b.why()).contains("Linux 6.1").contains("cannot write"));
        assertThat(m.notes().get(0)).contains("cannot write ID registers").contains("Linux 6.7+");
        assertThat(m.blockers()).anySatisfy(b -> {
            assertThat(b.register()).isEqualTo("ID_AA64ISAR0_EL1");
            assertThat(b.field()).isEqualTo("SHA3");
        });
        assertThat(m.identity().policy()).isEqualTo(GuestCpuModel.Identity.KEEP_PER_HOST);
        assertThat(m.identity().errataTargets()).hasSize(3);
    }

    @Test
    void eachGravitonAloneIsItsOwnBaselineAndPassesCheck() {
        for (HostProfile p : Fixtures.graviton()) {
            GuestCpuModel m = Baseline.compute(List.of(p), FeatureSet.DEFAULT);
            assertThat(m.possible()).isTrue();
            assertThat(m.lowered()).isEmpty();
            assertThat(m.losses()).singleElement().satisfies(l -> assertThat(l.lost()).isEmpty());
            assertThat(ModelCheck.run(m, p).accepted()).isTrue();
            assertThat(Compare.compare(Compare.Side.of(p, FeatureSet.DEFAULT), Compare.Side.of(m)).relation()).isEqualTo(Compare.Relation.IDENTICAL);
        }
    }

    @Test
    void goldenBaselineOn61() {
        Golden.assertMatches("graviton-6.1-baseline.txt", Reports.baseline(Baseline.compute(Fixtures.graviton(), FeatureSet.DEFAULT)));
    }

    @Test
    void goldenPools() {
        Golden.assertMatches("graviton-6.1-pools.txt", Reports.pools(Pools.partition(Fixtures.graviton(), PoolOptions.of(FeatureSet.DEFAULT)), null));
        Golden.assertMatches("graviton-7.3-pools.txt",
                Reports.pools(Pools.partition(Fixtures.gravitonUnder("7.3.4"), PoolOptions.of(FeatureSet.DEFAULT)), null));
    }

    @Test
    void goldenBaselineOfV1AndV2Under73() {
        List<HostProfile> g = Fixtures.gravitonUnder("7.3.4").subList(1, 3);
        GuestCpuModel m = Baseline.compute(g, FeatureSet.DEFAULT);
        assertThat(m.possible()).isTrue();
        Golden.assertMatches("graviton-v1-v2-7.3-baseline.txt", Reports.baseline(m));
        Golden.assertMatches("graviton-v1-v2-7.3-model.json", ModelJson.write(m));
        // short by default: the lowered fields are one count line by reason, --verbose has one line each (issue 10, part 4)
        String brief = Reports.baseline(m);
        String verbose = Reports.baseline(m, true);
        long byRule = m.lowered().stream().filter(l -> l.limitedBy().equals(List.of("rule aarch32-absent"))).count();
        assertThat(byRule).isGreaterThan(50);
        assertThat(brief).contains("Lowered fields: " + m.lowered().size() + " (").contains(byRule + " by rule aarch32-absent")
                .doesNotContain("ID_PFR0_EL1.DIT");
        assertThat(verbose.lines().filter(x -> x.contains("rule aarch32-absent")).count()).isEqualTo(byRule);
        assertThat(brief.lines().count()).isLessThan(40);
    }

    @Test
    void linux73LetsV1AndV2ShareAPoolButNotN1() {
        List<HostProfile> g = Fixtures.gravitonUnder("7.3.4");
        Partition r = Pools.partition(g, PoolOptions.of(FeatureSet.DEFAULT));
        assertThat(r.pools()).hasSize(2);
        assertThat(r.pools().get(0).members()).extracting(h -> h.host().cpu()).containsExactlyInAnyOrder("Neoverse-V1", "Neoverse-V2");
        assertThat(r.unplaced()).isEmpty();
        for (Pool p : r.pools()) {
            for (HostProfile h : p.members()) {
                assertThat(ModelCheck.run(p.baseline(), h).accepted()).as(h.host().name() + " accepts its pool's baseline").isTrue();
            }
        }
        GuestCpuModel all = Baseline.compute(g, FeatureSet.DEFAULT);
        assertThat(all.possible()).isFalse();
        assertThat(all.blockers()).extracting(GuestCpuModel.Blocker::why).allSatisfy(w -> assertThat(w).doesNotContain("cannot write"));
    }

    @Test
    void linux612StillKeepsV1AndV2ApartOnTheStage2Granules() {
        List<HostProfile> g = Fixtures.gravitonUnder("6.12.117");
        assertThat(Pools.partition(g, PoolOptions.of(FeatureSet.DEFAULT)).pools()).hasSize(3);
        GuestCpuModel v1v2 = Baseline.compute(g.subList(1, 3), FeatureSet.DEFAULT);
        assertThat(v1v2.possible()).isFalse();
        assertThat(v1v2.blockers()).extracting(GuestCpuModel.Blocker::field).contains("TGran4_2", "TGran16_2", "TGran64_2");
        assertThat(v1v2.blockers()).allSatisfy(b -> assertThat(b.why()).contains("outside the writable mask"));
    }

    @Test
    void whatIf73PoolKeepsTheIdentityPerHostOnlyWhenTheCapIsMissing() {
        List<HostProfile> g = Fixtures.gravitonUnder("7.3.4").subList(1, 3);
        GuestCpuModel m = Baseline.compute(g, FeatureSet.DEFAULT);
        // KernelWhatIf sets capability 239 for 7.3: one identity, both implementations as errata targets
        assertThat(m.identity().policy()).isEqualTo(GuestCpuModel.Identity.SINGLE);
        assertThat(m.identity().errataTargets()).hasSize(2);
        for (HostProfile h : g) {
            ModelCheck.Report r = ModelCheck.run(m, h);
            assertThat(r.accepted()).isTrue();
            assertThat(r.steps()).anySatisfy(s -> assertThat(s.ioctl()).isEqualTo("KVM_ENABLE_CAP(239)"));
        }
    }
}
