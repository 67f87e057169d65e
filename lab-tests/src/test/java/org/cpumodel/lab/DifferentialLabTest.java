package org.cpumodel.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cpumodel.labagent.differential.Differential;
import org.cpumodel.labagent.differential.PlanJson;
import org.cpumodel.labagent.differential.TrialGenerator;
import org.cpumodel.labagent.differential.TrialPlan;
import org.cpumodel.labagent.differential.TrialResults;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The differential test (issue "Real KVM", item 5): per lab host, one boot collects the host's
 * profile and runs at least 2,000 randomised KVM_SET_ONE_REG / ICC_CTLR_EL1 trials on real KVM
 * (the lab agent's {@code trials}); on this machine the same plan, regenerated from the collected profile and the
 * seed, is predicted by the reference KVM. Every trial must agree on errno, read-back value and the
 * restoring write; any disagreement is printed with register, field, value, limit, mask, kernel and
 * both answers. {@code -Dcpumodel.differential.hosts=neoverse-n1_7.3,max_6.12} restricts the hosts,
 * {@code -Dcpumodel.differential.seed=N} and {@code -Dcpumodel.differential.trials=N} change the plan.
 */
@Tag("lab")
class DifferentialLabTest {

    static final int TRIALS = Integer.getInteger("cpumodel.differential.trials", 2000);

    static final String LAB_TRIALS = Lab.CPUMODEL_LAB + " trials";

    @ParameterizedTest(name = "differential on {0} under {1}")
    @CsvSource({"neoverse-n1, 6.12, ''", "neoverse-n1, 7.3, ''", "cortex-a72, 6.12, ''", "cortex-a72, 7.3, ''", "a64fx, 6.12, ''",
            "a64fx, 7.3, ''", "max, 6.12, ''", "max, 7.3, ''", "neoverse-n1, 6.1, ''", "max, 7.3, kvm-arm.mode=nested"})
    void realKvmAndTheReferenceAgreeOnEveryTrial(String cpu, String kernel, String append, @TempDir Path tmp) throws Exception {
        String host = cpu + "_" + kernel + (append.isBlank() ? "" : "_nested");
        String only = System.getProperty("cpumodel.differential.hosts", "");
        assumeTrue(only.isBlank() || java.util.List.of(only.split("[ ,]+")).contains(host), "not in -Dcpumodel.differential.hosts=" + only);
        Lab lab = Lab.fromProperties();
        String why = lab.unavailable(kernel);
        assumeTrue(why == null, why);
        assertThat(lab.agentJar()).as("the lab agent's jar (build with: ./mvnw install)").isRegularFile();
        Long fixed = Long.getLong("cpumodel.differential.seed");
        long seed = fixed != null ? fixed : new java.security.SecureRandom().nextLong();
        System.out.println("differential " + host + ": seed " + seed + " (replay: -Dcpumodel.differential.hosts=" + host
                + " -Dcpumodel.differential.seed=" + seed + ")");
        Path share = lab.shareWithAgent(tmp, "share");
        String cmd = LAB_TRIALS + " --collect /mnt/share/profile.json --seed " + seed + " --trials " + TRIALS
                + " --plan-out /mnt/share/plan.json --out /mnt/share/results.json"
                + (append.isBlank() ? "" : " --features default,pmu,sve,ptrauth,el2,el2+pmu");
        java.util.List<String> options = append.isBlank() ? java.util.List.of() : java.util.List.of("--append", append);
        Lab.Result r = lab.run(cpu, kernel, share, 900, options, Lab.timed("guest-seconds", cmd));
        assertThat(r.exitCode()).as("lab exit; stderr:%n%s", r.stderr()).isZero();
        assertThat(r.value("guest-seconds-rc")).as("trials exit status; stderr:%n%s", r.stderr()).isEqualTo("0");

        HostProfile profile = ProfileJson.read(share.resolve("profile.json"));
        TrialPlan plan = PlanJson.readPlan(share.resolve("plan.json"));
        assertThat(TrialGenerator.generate(profile, seed, TRIALS)).as("the plan is a function of profile and seed").isEqualTo(plan);
        TrialResults real = PlanJson.readResults(share.resolve("results.json"));
        TrialResults predicted = Differential.predict(plan, profile);
        Differential.Report rep = Differential.compare(plan, profile, real, predicted);

        System.out.println(rep.summary(cpu, kernel + (append.isBlank() ? "" : " (" + append + ")")) + ", seed " + seed);
        rep.perFeatureSet().forEach((k, v) -> System.out.printf(Locale.ROOT, "  vCPU %-16s %5d trials %5d agree %5d accepted%n", k, v[0], v[1], v[2]));
        rep.perCategory().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-16s %5d trials %5d agree %5d accepted%n", k, v[0], v[1], v[2]));
        System.out.printf(Locale.ROOT, "  lab: boot+collect+trials %.1f s wall, guest %s s%n", r.seconds(), r.value("guest-seconds"));
        Path fleet = lab.root().resolve("examples/fleet/" + cpu + "_" + kernel + ".json");
        if (append.isBlank() && Files.isRegularFile(fleet)) { // the bundled profile is of the host booted without extra options
            HostProfile golden = ProfileJson.read(fleet);
            Differential.Report g = Differential.compare(plan, golden, real, Differential.predict(plan, golden));
            System.out.println("  predicted from " + lab.root().relativize(fleet) + ": " + g.agree() + " of " + g.trials() + " agree");
        }
        rep.disagreements().stream().limit(60).forEach(d -> System.out.println("  DISAGREE " + d));

        if (!append.isBlank()) {
            assertThat(profile.featureSets().keySet()).as("a host booted with %s offers EL2 vCPUs", append).anyMatch(k -> k.contains("el2"));
        }
        assertThat(plan.trialCount()).isGreaterThanOrEqualTo(TRIALS);
        assertThat(rep.disagreements()).as("%s; first disagreements:%n%s", rep.summary(cpu, kernel),
                String.join("\n", rep.disagreements().stream().limit(20).toList())).isEmpty();
        assertThat(rep.agree()).isEqualTo(rep.trials());
    }
}
