package org.cpumodel.planner.pools;

import org.cpumodel.planner.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.json.PlannerJson;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Separation;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.planner.report.Reports;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.junit.jupiter.api.Test;

/** Every blocker of every separate pool is reported as data, with its rule, kernels and confidence (issue 10, part 3). */
class SeparationsTest {

    @Test
    void everyBlockerOfEverySeparatePoolIsListedInTextAndJson() {
        List<HostProfile> g = Fixtures.graviton();
        Partition r = Pools.partition(g, PoolOptions.of(FeatureSet.DEFAULT));
        assertThat(r.pools()).hasSize(3);
        JsonNode json = PlannerJson.pools(r, null);
        String text = Reports.pools(r, null, true);
        String brief = Reports.pools(r, null);
        int separations = 0;
        for (int i = 0; i < r.pools().size(); i++) {
            Pool p = r.pools().get(i);
            for (int j = 0; j < p.separations().size(); j++) {
                Separation s = p.separations().get(j);
                separations++;
                List<HostProfile> together = new java.util.ArrayList<>(g.stream().filter(h -> s.notWith().contains(h.host().name())).toList());
                together.add(p.members().get(0));
                GuestCpuModel joint = Baseline.compute(together, new Baseline.Options(FeatureSet.DEFAULT, false, false));
                assertThat(s.blockers()).as("every blocker, not the first").hasSameSizeAs(joint.blockers()).hasSizeGreaterThan(1);
                assertThat(s.blockers()).allSatisfy(b -> {
                    assertThat(b.rule()).isNotBlank();
                    assertThat(b.kernels()).contains("Linux 6.1");
                    assertThat(b.verified()).isNotNull();
                    assertThat(text).contains(b.register() + "." + b.field() + " " + b.value());
                });
                JsonNode js = json.get("pools").get(i).get("separations").get(j);
                assertThat(js.get("blockers")).hasSize(s.blockers().size());
                assertThat(js.get("blockers").get(0).get("rule").asText()).isEqualTo(s.blockers().get(0).rule());
                assertThat(js.get("unverifiedBlockers").asLong()).isEqualTo(s.unverified());
            }
        }
        assertThat(separations).isEqualTo(3);
        // by default each rule shows one line of fields and counts the rest; --verbose lists every field
        assertThat(brief).contains("more field(s) on this rule; --verbose lists them").doesNotContain("ID_AA64MMFR2_EL1.IESB");
        assertThat(text).doesNotContain("--verbose lists them").contains("ID_AA64MMFR2_EL1.IESB");
        assertThat(brief.lines().count()).isLessThan(text.lines().count() / 2);
        // the rule is said once per separation (twice where some of its table rows are unverified), not once per field or host
        assertThat(text.split("    - Linux 6.1 cannot write ID registers", -1).length - 1).isBetween(separations, 2 * separations);
    }
}
