package org.cpumodel.planner.baseline;

import org.cpumodel.planner.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.report.Reports;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every lowered field carries the kernel rule it used, the kernels it was applied for, the values the
 * members offer that the model drops and whether the kernel-abi.txt rows behind it are verified
 * (issue 10 item 2): the Cortex-A55 and Cortex-A76 of examples/fleet pool under Linux 7.3 (rows read in
 * that release's source: verified); a lowering on an unverified row is counted in the short text and
 * marked in the verbose one.
 */
class LoweringConfidenceTest {

    private static List<HostProfile> pair() {
        List<HostProfile> fleet = Fixtures.fleet().stream()
                .filter(p -> p.host().kernelRelease().startsWith("7.3") && (p.host().name().contains("cortex-a55") || p.host().name().contains("cortex-a76")))
                .toList();
        Assumptions.assumeTrue(fleet.size() == 2, "examples/fleet");
        return fleet;
    }

    @Test
    void loweredFieldsOnReadRulesAreVerified() {
        GuestCpuModel m = Baseline.compute(pair(), FeatureSet.DEFAULT);
        assertThat(m.possible()).isTrue();
        assertThat(m.lowered()).isNotEmpty().allSatisfy(l -> {
            assertThat(l.kernels()).isEqualTo("Linux 7.3");
            assertThat(l.verified()).isTrue();
            assertThat(l.from()).isNotEmpty().doesNotContain(l.value());
        });
        assertThat(Reports.baseline(m)).doesNotContain("not verified");
        assertThat(ModelJson.parse("round trip", ModelJson.write(m)).lowered()).isEqualTo(m.lowered());
    }

    @Test
    void theTextCountsLoweredFieldsOnUnverifiedRules() {
        GuestCpuModel m = Baseline.compute(pair(), FeatureSet.DEFAULT);
        List<GuestCpuModel.Lowering> lowered = new java.util.ArrayList<>(m.lowered());
        GuestCpuModel.Lowering l = lowered.get(0);
        lowered.set(0, new GuestCpuModel.Lowering(l.register(), l.field(), l.from(), l.value(), l.valueName(), l.limitedBy(), l.rule(),
                "Linux 6.8", false, l.reason()));
        GuestCpuModel assumed = new GuestCpuModel(null, m.name(), m.featureSet(), m.possible(), m.members(), m.registers(), lowered, m.losses(),
                m.gic(), m.identity(), m.vcpu(), m.regListDrift(), m.adjustments(), m.blockers(), m.notes(), m.conditions(), m.counterFrequencyHz());
        assertThat(Reports.baseline(assumed)).contains("  1 of them on kernel rules not verified for that release (assumed; --verbose marks them)");
        assertThat(Reports.baseline(assumed, true)).contains("Linux 6.8").contains("no (assumed)");
        assertThat(ModelJson.write(assumed)).contains("\"verified\" : false");
        Pool pool = new Pool(1, pair(), assumed, List.of());
        Partition r = new Partition(PoolOptions.of(FeatureSet.DEFAULT), List.of(pool), List.of(), List.of());
        assertThat(Reports.pools(r, null)).contains("  1 lowered field(s) on kernel rules not verified for that release (assumed; baseline --verbose marks them)");
    }
}
