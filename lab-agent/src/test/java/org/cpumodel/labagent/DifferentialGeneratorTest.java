package org.cpumodel.labagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.cpumodel.labagent.differential.Differential;
import org.cpumodel.labagent.differential.PlanJson;
import org.cpumodel.labagent.differential.TrialCategory;
import org.cpumodel.labagent.differential.TrialGenerator;
import org.cpumodel.labagent.differential.TrialPlan;
import org.cpumodel.labagent.differential.TrialResults;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileJson;
import org.junit.jupiter.api.Test;

/** The differential trial generator against the reference KVM, on the bundled fleet (no lab). */
class DifferentialGeneratorTest {

    static List<HostProfile> fleet() throws IOException {
        Path dir = Path.of(System.getProperty("cpumodel.root", ".."), "examples/fleet");
        assumeTrue(Files.isDirectory(dir), "no examples/fleet");
        try (Stream<Path> s = Files.list(dir)) {
            List<HostProfile> out = s.filter(p -> p.toString().endsWith(".json")).sorted().map(ProfileJson::read).toList();
            assumeTrue(!out.isEmpty(), "examples/fleet is empty");
            return out;
        }
    }

    @Test
    void atLeastAThirdOfTheTrialsAreAcceptedOnWritableKernels() throws IOException {
        for (HostProfile p : fleet()) {
            if (!p.kernel().atLeast(new org.cpumodel.kb.KernelVersion(6, 7))) {
                continue;
            }
            TrialPlan plan = TrialGenerator.generate(p, 42, 2000);
            TrialResults predicted = Differential.predict(plan, p);
            long ok = predicted.scenarios().stream().flatMap(s -> s.steps().stream()).filter(s -> s.errno().equals("OK")).count();
            assertThat(plan.trialCount()).isGreaterThanOrEqualTo(2000);
            assertThat(ok * 3).as("accepted trials on %s: %d of %d", p.host().name(), ok, plan.trialCount())
                    .isGreaterThanOrEqualTo(plan.trialCount());
        }
    }

    @Test
    void samePlanForTheSameSeedAndAnotherForAnother() throws IOException {
        HostProfile p = fleet().getFirst();
        String a = PlanJson.write(TrialGenerator.generate(p, 7, 500));
        String b = PlanJson.write(TrialGenerator.generate(p, 7, 500));
        String c = PlanJson.write(TrialGenerator.generate(p, 8, 500));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void everyCategoryIsGenerated() throws IOException {
        for (HostProfile p : fleet()) {
            if (p.gic() == null || !p.kernel().atLeast(new org.cpumodel.kb.KernelVersion(6, 7))) {
                continue; // without writable fields (6.1) multi-field and chained trials fall back to single ones
            }
            TrialPlan plan = TrialGenerator.generate(p, 3, 2000);
            Set<TrialCategory> seen = EnumSet.noneOf(TrialCategory.class);
            plan.scenarios().forEach(s -> {
                s.setup().forEach(st -> seen.add(st.category()));
                s.probes().forEach(st -> seen.add(st.category()));
            });
            assertThat(seen).as(p.host().name()).containsExactlyInAnyOrder(TrialCategory.values());
            assertThat(plan.scenarios()).anyMatch(TrialPlan.Scenario::run).anyMatch(TrialPlan.Scenario::enableCap239)
                    .anyMatch(TrialPlan.Scenario::vgic);
        }
    }

    @Test
    void plansAndResultsRoundTripThroughJson(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        HostProfile p = fleet().getFirst();
        TrialPlan plan = TrialGenerator.generate(p, 11, 300);
        String json = PlanJson.write(plan);
        assertThat(PlanJson.parsePlan("test", Json.readTree("test", json))).isEqualTo(plan);
        TrialResults r = Differential.predict(plan, p);
        Path f = tmp.resolve("r.json");
        Files.writeString(f, PlanJson.write(r));
        assertThat(PlanJson.readResults(f)).isEqualTo(r);
        Differential.Report rep = Differential.compare(plan, p, r, PlanJson.readResults(f));
        assertThat(rep.allAgree()).isTrue();
        assertThat(rep.trials()).isEqualTo(plan.trialCount());
    }
}
