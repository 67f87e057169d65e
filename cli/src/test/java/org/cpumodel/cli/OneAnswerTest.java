package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.kernel.abi.ModelConditions;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.testfixtures.SharedFixtures;
import org.cpumodel.verify.PlanExecutor;
import org.cpumodel.verify.VerifyReport;
import org.cpumodel.verify.VerifyReports;
import org.junit.jupiter.api.Test;

/**
 * One answer for one question (issue 10 item 7): over every pool of the bundled fleet, the pool's
 * model is judged on every host of the fleet, members and outsiders, by {@code check} (the planner's
 * ModelCheck) and by {@code verify --dry-run} (the model's KVM plan executed step by step on the
 * reference KVM of the host, every register read back), both on the terms the model states for the
 * host (its conditions on hidden host values). Both must give the same answer on every host, and every member must accept its own pool's model (the baseline's self-check said so).
 */
class OneAnswerTest {

    static List<HostProfile> fleet() throws IOException {
        Path dir = SharedFixtures.projectRoot().resolve("examples/fleet");
        List<HostProfile> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(ProfileJson.read(f));
            }
        }
        return out;
    }

    @Test
    void checkAndVerifyAgreeOnEveryHostForEveryPoolModelOfTheBundledFleet() throws IOException {
        List<HostProfile> fleet = fleet();
        assertThat(fleet).hasSizeGreaterThan(10);
        Partition pools = Pools.partition(fleet, PoolOptions.of(FeatureSet.DEFAULT));
        assertThat(pools.pools()).hasSizeGreaterThan(1);
        List<String> disagreements = new ArrayList<>();
        int judged = 0;
        int accepted = 0;
        for (Pool pool : pools.pools()) {
            GuestCpuModel model = pool.baseline();
            if (!model.possible()) {
                continue;
            }
            KvmPlan plan = KvmPlanEmitter.plan(ModelDelta.of(model, null));
            for (HostProfile host : fleet) {
                boolean member = pool.members().contains(host);
                boolean checked = ModelCheck.run(model, host).accepted();
                VerifyReport verified = PlanExecutor.dryRun(plan, ModelConditions.apply(model, host));
                judged++;
                if (checked) {
                    accepted++;
                }
                if (checked != verified.holds()) {
                    disagreements.add("pool " + pool.number() + " on " + host.host().name() + ": check " + (checked ? "accepts" : "refuses")
                            + ", verify --dry-run " + (verified.holds() ? "holds" : "does not hold") + "\n" + VerifyReports.text(verified));
                }
                if (member) {
                    assertThat(checked).as("pool %d's model on its member %s", pool.number(), host.host().name()).isTrue();
                }
            }
        }
        assertThat(disagreements).as("check and verify --dry-run disagree").isEmpty();
        assertThat(judged).isGreaterThan(accepted);
        System.out.printf("one answer: %d pool models x %d hosts judged, %d accepted, check = verify on all%n",
                pools.pools().size(), fleet.size(), accepted);
    }

    /**
     * check = verify = proof over every pool of the bundled fleet ({@link ThreeJudges}): the guest of every
     * member reads the model's values, the same on every member, modulo what the proof leaves out (listed).
     */
    @Test
    void checkVerifyAndTheProofAgreeOverEveryPoolOfTheBundledFleet() throws IOException {
        List<HostProfile> fleet = fleet();
        ThreeJudges j = new ThreeJudges();
        j.judgePools(Pools.partition(fleet, PoolOptions.of(FeatureSet.DEFAULT)), fleet);
        j.assertAgreement();
        assertThat(j.membersProved).isPositive();
        System.out.printf("check = verify = proof: %d pool models x %d hosts, %d accepted, %d member guest views identical;"
                + " differing only in fields a kernel hides: %s%n", j.models, fleet.size(), j.accepted, j.membersProved, j.hiddenOnly);
    }
}
