package org.cpumodel.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
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
import org.junit.jupiter.api.Test;

/** The 12 QEMU CPU models of the emulated lab's probe log (Linux 6.12), and the lab fleet when present. */
class LabTest {

    @Test
    void twelveLabHostsFormPoolsEveryMemberAccepts() {
        List<HostProfile> lab = Fixtures.lab();
        assertThat(lab).hasSize(12);
        Partition r = Pools.partition(lab, PoolOptions.of(FeatureSet.DEFAULT));
        assertThat(r.pools().stream().mapToInt(p -> p.members().size()).sum() + r.unplaced().size()).isEqualTo(12);
        assertThat(r.pools().size()).isLessThan(12);
        for (Pool p : r.pools()) {
            for (HostProfile h : p.members()) {
                assertThat(ModelCheck.run(p.baseline(), h).accepted()).isTrue();
                assertThat(Compare.compare(Compare.Side.of(h, FeatureSet.DEFAULT), Compare.Side.of(p.baseline())).relation())
                        .isIn(Compare.Relation.SUPERSET, Compare.Relation.IDENTICAL);
            }
        }
        Golden.assertMatches("lab-6.12-pools.txt", Reports.pools(r, null));
    }

    @Test
    void neoverseN1AndCortexA76ShareABaselineWithExplanations() {
        List<HostProfile> pair = Fixtures.lab().stream().filter(p -> Set.of("neoverse-n1", "cortex-a76").contains(p.host().cpu())).toList();
        GuestCpuModel m = Baseline.compute(pair, FeatureSet.DEFAULT);
        assertThat(m.possible()).isTrue();
        assertThat(m.lowered()).isNotEmpty().allSatisfy(l -> {
            assertThat(l.limitedBy()).isNotEmpty();
            assertThat(l.reason()).contains("offer");
        });
        assertThat(m.losses()).hasSize(2);
        Golden.assertMatches("lab-n1-a76-baseline.txt", Reports.baseline(m));
    }

    @Test
    void requiredFeaturesSplitPoolsAndMaxPoolsDropsTheRest() {
        List<HostProfile> lab = Fixtures.lab();
        Partition r = Pools.partition(lab, new PoolOptions(FeatureSet.DEFAULT, Set.of("FEAT_LSE"), 0, false));
        for (Pool p : r.pools()) {
            assertThat(Pools.features(p.baseline())).contains("FEAT_LSE");
        }
        assertThat(r.unplaced()).isNotEmpty().allSatisfy(u -> assertThat(u.why()).contains("FEAT_LSE"));
        Partition two = Pools.partition(lab, new PoolOptions(FeatureSet.DEFAULT, Set.of(), 2, false));
        assertThat(two.pools()).hasSizeLessThanOrEqualTo(2);
        assertThat(two.pools().stream().mapToInt(p -> p.members().size()).sum() + two.unplaced().size()).isEqualTo(12);
    }

    @Test
    void missingFeatureSetIsABlocker() {
        GuestCpuModel m = Baseline.compute(Fixtures.lab().subList(0, 2), FeatureSet.parse("pmu"));
        assertThat(m.possible()).isFalse();
        assertThat(m.blockers()).allSatisfy(b -> assertThat(b.why()).contains("does not offer vCPU features 'pmu'"));
    }

    @Test
    void labFleetWhenPresent() {
        List<HostProfile> fleet = Fixtures.fleet();
        org.junit.jupiter.api.Assumptions.assumeFalse(fleet.isEmpty(), "examples/fleet not produced yet: skipping");
        Partition r = Pools.partition(fleet, PoolOptions.of(FeatureSet.DEFAULT));
        for (Pool p : r.pools()) {
            for (HostProfile h : p.members()) {
                assertThat(ModelCheck.run(p.baseline(), h).accepted()).isTrue();
            }
        }
    }
}
