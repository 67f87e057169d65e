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
            TrialPlan plan = TrialGenerator.generate(withHiddenFacts(p), 3, 2000);
            Set<TrialCategory> seen = EnumSet.noneOf(TrialCategory.class);
            plan.scenarios().forEach(s -> {
                s.setup().forEach(st -> seen.add(st.category()));
                s.probes().forEach(st -> seen.add(st.category()));
            });
            Set<TrialCategory> expected = EnumSet.allOf(TrialCategory.class);
            if (!p.featureSets().containsKey("sve")) {
                expected.remove(TrialCategory.SVE_VLS); // the vector lengths exist on SVE vCPUs only
            }
            assertThat(seen).as(p.host().name()).isEqualTo(expected);
            assertThat(plan.scenarios()).anyMatch(TrialPlan.Scenario::run).anyMatch(TrialPlan.Scenario::enableCap239)
                    .anyMatch(TrialPlan.Scenario::vgic);
        }
    }

    /** The profile as collect records it under 6.12+: the host's values of the fields KVM hides (none of these CPUs has MPAM; NV 2). */
    static HostProfile withHiddenFacts(HostProfile p) {
        java.util.SortedMap<String, String> facts = new java.util.TreeMap<>(p.host().facts());
        facts.put("sanitised.ID_AA64PFR0_EL1.MPAM", "0x0");
        facts.put("sanitised.ID_AA64PFR1_EL1.MPAM_frac", "0x0");
        facts.put("sanitised.ID_AA64MMFR2_EL1.NV", "0x2");
        var h = p.host();
        return ProfileJson.identify(new HostProfile(null, new org.cpumodel.profile.HostInfo(h.name(), h.cpu(), h.kernelRelease(), h.kvmMode(),
                h.source(), facts), p.partial(), p.notes(), p.capabilities(), p.masks(), p.gic(), p.featureSets()));
    }

    static HostProfile host(String name) throws IOException {
        return fleet().stream().filter(p -> p.host().name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in examples/fleet"));
    }

    private static TrialPlan plan(HostProfile p) {
        return TrialGenerator.generate(p, 5, 2000);
    }

    private static List<String[]> predicted(HostProfile p, TrialCategory cat) {
        TrialPlan plan = plan(p);
        TrialResults r = Differential.predict(plan, p);
        List<String[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < plan.scenarios().size(); i++) {
            TrialPlan.Scenario s = plan.scenarios().get(i);
            List<TrialPlan.Step> steps = new java.util.ArrayList<>(s.setup());
            steps.addAll(s.probes());
            for (int j = 0; j < steps.size(); j++) {
                TrialPlan.Step st = steps.get(j);
                if (st.category() == cat && (cat != TrialCategory.SVE_VLS || st.target() == TrialPlan.Target.SVE_VLS)) {
                    var o = r.scenarios().get(i).steps().get(j);
                    out.add(new String[] {st.field(), j < s.setup().size() ? "before" : "after", o.errno(),
                            o.readBack() == null ? "-" : Long.toHexString(o.readBack()), Long.toHexString(st.value()), s.run() ? "run" : "", st.register()});
                }
            }
        }
        return out;
    }

    @Test
    void sveVectorLengthsAreWrittenBeforeFinalizeAndRefusedAfter() throws IOException {
        // A64FX offers 128, 256 and 512 bits (vq 1, 2, 4): KVM caps the length, it cannot hide one (guest.c set_sve_vls)
        List<String[]> a64fx = predicted(host("lab-a64fx-7.3"), TrialCategory.SVE_VLS);
        assertThat(a64fx).hasSizeGreaterThan(20);
        assertThat(plan(host("lab-a64fx-7.3")).scenarios()).anyMatch(TrialPlan.Scenario::finalizeAfterSetup);
        assertThat(a64fx).filteredOn(t -> t[1].equals("before") && t[0].equals("host")).isNotEmpty()
                .allSatisfy(t -> assertThat(t[2] + " " + t[3]).isEqualTo("OK b"));
        assertThat(a64fx).filteredOn(t -> t[1].equals("before") && t[0].equals("host without 256")).isNotEmpty()
                .allSatisfy(t -> assertThat(t[2]).isEqualTo("EINVAL"));
        assertThat(a64fx).filteredOn(t -> t[1].equals("before") && t[0].startsWith("above host")).isNotEmpty()
                .allSatisfy(t -> assertThat(t[2]).isEqualTo("EINVAL"));
        assertThat(a64fx).filteredOn(t -> t[1].equals("before") && t[0].equals("host up to 256")).isNotEmpty()
                .allSatisfy(t -> assertThat(t[2] + " " + t[3]).isEqualTo("OK 3"));
        assertThat(a64fx).filteredOn(t -> t[1].equals("after")).isNotEmpty().allSatisfy(t -> assertThat(t[2]).isEqualTo("EPERM"));
    }

    @Test
    void hiddenFieldsAreAcceptedBackOnlyAsTheHostsValue() throws IOException {
        // 7.3 hides ID_AA64MMFR2_EL1.NV (reads 0) and accepts the host's own value, cleared (set_id_aa64mmfr2_el1)
        List<String[]> t = predicted(withHiddenFacts(host("lab-max-7.3")), TrialCategory.HIDDEN_FIELD);
        assertThat(t).filteredOn(x -> x[0].equals("NV=host") && x[5].isEmpty()).isNotEmpty().allSatisfy(x -> assertThat(x[2]).isEqualTo("OK"));
        assertThat(t).filteredOn(x -> x[0].equals("NV=0") && x[5].isEmpty()).isNotEmpty().allSatisfy(x -> assertThat(x[2]).isEqualTo("OK"));
        assertThat(t).filteredOn(x -> x[0].equals("NV=other") && x[5].isEmpty()).isNotEmpty().allSatisfy(x -> assertThat(x[2]).isEqualTo("EINVAL"));
        assertThat(t).filteredOn(x -> x[0].startsWith("MPAM=other")).isNotEmpty().allSatisfy(x -> assertThat(x[2]).isIn("EINVAL", "EBUSY"));
        assertThat(t).filteredOn(x -> x[6].equals("ID_AA64PFR1_EL1")).isNotEmpty();
    }

    @Test
    void plansAndResultsRoundTripThroughJson(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        HostProfile p = fleet().getFirst();
        TrialPlan plan = TrialGenerator.generate(p, 11, 1000);
        assertThat(plan.scenarios()).as("an SVE vCPU finalised after its setup writes, on %s", p.host().name())
                .anyMatch(TrialPlan.Scenario::finalizeAfterSetup);
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
