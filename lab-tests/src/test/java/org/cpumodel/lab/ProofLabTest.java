package org.cpumodel.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.kb.Bits;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.verify.PlanExecutor;
import org.cpumodel.verify.RegisterResult;
import org.cpumodel.verify.VerifyReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof on real KVM: for a pool of lab hosts with different CPU models, the baseline model is
 * accepted by every member ({@code cpumodel verify}), and a tiny guest under KVM_RUN that reads every
 * register of the model with MRS sees the same values on every member, equal to the model (PFR0.GIC
 * and PFR1.GIC masked: KVM sets them at first run). A host outside the pool refuses the model at the
 * register and field the reference KVM predicted from its profile. Under 7.3 the pool shares one MIDR
 * through capability 239. Prints a CI log.
 */
@Tag("lab")
class ProofLabTest {

    /** A pool, the host outside it, and the requested larger pool the planner is asked about first. */
    record Pool(String kernel, List<String> cpus, String outsider) {
    }

    static final List<String> REQUESTED = List.of("neoverse-n1", "neoverse-v1", "cortex-a76", "a64fx");
    static final List<Pool> POOLS = List.of(
            new Pool("6.12", List.of("neoverse-n1", "cortex-a76"), "neoverse-v1"),
            new Pool("7.3", List.of("neoverse-n1", "cortex-a55", "cortex-a76"), "a64fx"));
    /** Fields KVM finalises at first run (ID_AA64PFR0_EL1.GIC, ID_PFR1_EL1.GIC). */
    static final Map<String, Long> RUN_MASK = Map.of("ID_AA64PFR0_EL1", 0x0F00_0000L, "ID_PFR1_EL1", 0xF000_0000L);
    static final String JAVA = "java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp /mnt/share/cpumodel-lab-agent.jar:/mnt/share/classes org.cpumodel.lab.ProofCli";

    @TempDir
    Path work;
    Path launcher;

    record HostRun(String cpu, int verifyRc, JsonNode verify, int guestRc, JsonNode guest, String raw) {
    }

    HostProfile fleet(Lab lab, String cpu, String kernel) {
        return ProfileJson.read(lab.root().resolve("examples/fleet/" + cpu + "_" + kernel + ".json"));
    }

    HostRun boot(Lab lab, String cpu, String kernel, Path model, HostProfile profile, String tag) throws Exception {
        Path share = lab.shareWithAgent(work, tag + "-" + cpu + "-" + kernel);
        Files.copy(model, share.resolve("model.json"));
        Files.writeString(share.resolve("profile.json"), ProfileJson.write(profile));
        Path dest = Files.createDirectories(share.resolve("classes/org/cpumodel/lab"));
        try (Stream<Path> s = Files.list(launcher)) {
            for (Path p : s.toList()) {
                Files.copy(p, dest.resolve(p.getFileName()));
            }
        }
        Files.createDirectories(share.resolve("out"));
        Lab.Result r = lab.run(cpu, kernel, share, 900, JAVA + " /mnt/share/model.json /mnt/share/out /mnt/share/profile.json");
        Path out = share.resolve("out");
        String raw = "exit " + r.exitCode() + "\n" + r.stdout() + r.stderr();
        if (!Files.exists(out.resolve("guest.rc"))) {
            throw new AssertionError(cpu + " " + kernel + ": the guest did not finish:\n" + raw);
        }
        return new HostRun(cpu, Integer.parseInt(Files.readString(out.resolve("verify.rc")).strip()), Json.readTree(out.resolve("verify.out")),
                Integer.parseInt(Files.readString(out.resolve("guest.rc")).strip()),
                Files.readString(out.resolve("guest.out")).isBlank() ? null : Json.readTree(out.resolve("guest.out")),
                raw + Files.readString(out.resolve("verify.err")) + Files.readString(out.resolve("guest.err")));
    }

    /** What the model says a guest must read: its registers, and the identity when it writes one. */
    static Map<String, Long> expected(GuestCpuModel m) {
        Map<String, Long> e = new LinkedHashMap<>();
        m.registers().forEach(r -> e.put(r.register(), r.value()));
        if (m.identity().writesIdentity()) {
            e.put("MIDR_EL1", m.identity().midr());
            e.put("REVIDR_EL1", m.identity().revidr());
            e.put("AIDR_EL1", m.identity().aidr());
        }
        return e;
    }

    static long masked(String reg, long v) {
        return v & ~RUN_MASK.getOrDefault(reg, 0L);
    }

    @Test
    void everyMemberSeesTheSameCpuAndAnOutsiderIsRefusedWherePredicted() throws Exception {
        Lab lab = Lab.fromProperties();
        // the guest's launcher, copied once now: a concurrent build may rewrite target/test-classes later
        Path classes = Path.of(ProofCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        launcher = Files.createDirectories(work.resolve("launcher"));
        try (Stream<Path> s = Files.list(classes.resolve("org/cpumodel/lab"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("ProofCli")).toList()) {
                Files.copy(p, launcher.resolve(p.getFileName()));
            }
        }
        assertThat(launcher.resolve("ProofCli.class")).isRegularFile();
        for (Pool p : POOLS) {
            String why = lab.unavailable(p.kernel());
            assumeTrue(why == null, () -> "lab not available: " + why);
        }
        assertThat(lab.agentJar()).as("the lab agent's jar (./mvnw -pl lab-agent -am package)").isRegularFile();
        List<String> log = new ArrayList<>();
        log.add("== proof: guest-visible CPU identical across a pool of different lab CPUs (real KVM under QEMU TCG)");
        for (String k : List.of("6.12", "7.3")) {
            List<HostProfile> req = REQUESTED.stream().map(c -> fleet(lab, c, k)).toList();
            LabBaseline.Result r = LabBaseline.compute(lab.root(), req, FeatureSet.DEFAULT);
            log.add("requested pool " + REQUESTED + " under " + k + ": " + (r.model().possible() ? "possible"
                    : "no common model (" + r.source() + "): " + r.model().blockers().stream()
                    .map(b -> b.register() + "." + b.field() + " " + b.host() + "=" + b.value() + " vs " + b.otherHost() + "=" + b.otherValue())
                    .limit(4).toList()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Pool p : POOLS) {
                List<HostProfile> profiles = p.cpus().stream().map(c -> fleet(lab, c, p.kernel())).toList();
                LabBaseline.Result base = LabBaseline.compute(lab.root(), profiles, FeatureSet.DEFAULT);
                GuestCpuModel model = base.model();
                assertThat(model.possible()).as("pool %s under %s: %s", p.cpus(), p.kernel(), model.blockers()).isTrue();
                if (p.kernel().equals("7.3")) {
                    assertThat(model.identity().policy()).isEqualTo(GuestCpuModel.Identity.SINGLE);
                }
                Path modelFile = work.resolve("model-" + p.kernel() + ".json");
                Files.writeString(modelFile, ModelJson.write(model));
                Map<String, Long> want = expected(model);
                log.add("-- pool under Linux " + p.kernel() + ": " + p.cpus() + "; baseline: " + base.source() + "; model " + model.shortId()
                        + ", " + want.size() + " registers, identity " + model.identity().policy()
                        + (model.identity().writesIdentity() ? String.format(" (MIDR 0x%08x via capability 239, %d errata targets)",
                        model.identity().midr(), model.identity().errataTargets().size()) : ""));
                // the outsider's predicted refusal: the same plan on the reference KVM of its profile
                HostProfile outsider = fleet(lab, p.outsider(), p.kernel());
                KvmPlan plan = KvmPlanEmitter.plan(ModelDelta.of(model, null));
                VerifyReport predicted = PlanExecutor.dryRun(plan, outsider);
                RegisterResult firstPredicted = predicted.refused().stream().filter(x -> x.status() == RegisterResult.Status.REFUSED)
                        .findFirst().orElseThrow(() -> new AssertionError("the reference KVM predicts no refusal on " + p.outsider()));
                String[] check = LabBaseline.plannerFirstRefusal(lab.root(), model, outsider);

                List<Future<HostRun>> runs = new ArrayList<>();
                for (int i = 0; i < p.cpus().size(); i++) {
                    String cpu = p.cpus().get(i);
                    HostProfile prof = profiles.get(i);
                    runs.add(pool.submit(() -> boot(lab, cpu, p.kernel(), modelFile, prof, "member")));
                }
                Future<HostRun> out = pool.submit(() -> boot(lab, p.outsider(), p.kernel(), modelFile, outsider, "outsider"));
                Map<String, Map<String, Long>> views = new LinkedHashMap<>();
                for (Future<HostRun> f : runs) {
                    HostRun h = f.get();
                    assertThat(h.verifyRc()).as("verify on %s:\n%s", h.cpu(), h.raw()).isZero();
                    assertThat(h.guestRc()).as("guest-read on %s:\n%s", h.cpu(), h.raw()).isZero();
                    Map<String, Long> view = new LinkedHashMap<>();
                    h.guest().path("registers").properties().forEach(e -> view.put(e.getKey(), Bits.parseHex(e.getValue().asText())));
                    views.put(h.cpu(), view);
                    int same = 0;
                    for (var e : want.entrySet()) {
                        assertThat(view).as("%s: the guest read %s", h.cpu(), e.getKey()).containsKey(e.getKey());
                        long got = view.get(e.getKey());
                        assertThat(masked(e.getKey(), got)).as("%s: guest %s = %s, model %s", h.cpu(), e.getKey(), Bits.hex64(got),
                                Bits.hex64(e.getValue())).isEqualTo(masked(e.getKey(), e.getValue()));
                        same++;
                    }
                    log.add(String.format("   %-12s verify: %d registers accepted and read back; guest MRS of %d registers = model",
                            h.cpu(), h.verify().path("registers").size(), same));
                }
                Map<String, Long> first = views.values().iterator().next();
                for (var v : views.entrySet()) {
                    assertThat(v.getValue()).as("guest view on %s", v.getKey()).isEqualTo(first);
                }
                log.add("   identical guest views on " + views.keySet() + ": " + first.size() + " registers compared (GIC fields masked)");
                HostRun o = out.get();
                assertThat(o.verifyRc()).as("verify on the outsider %s:\n%s", p.outsider(), o.raw()).isEqualTo(1);
                JsonNode refusal = null;
                int notHolding = 0;
                for (JsonNode x : o.verify().path("registers")) {
                    if (!x.path("status").asText().equals("accepted")) {
                        notHolding++;
                    }
                    if (refusal == null && x.path("status").asText().equals("refused")) {
                        refusal = x;
                    }
                }
                assertThat(refusal).as("a refused register on %s", p.outsider()).isNotNull();
                assertThat(refusal.path("register").asText()).isEqualTo(firstPredicted.register());
                assertThat(refusal.path("field").asText()).isEqualTo(firstPredicted.field());
                if (check != null) {
                    assertThat(refusal.path("register").asText() + "." + refusal.path("field").asText()).isEqualTo(check[0] + "." + check[1]);
                }
                log.add(String.format("   outsider %-12s refuses %s.%s: %s (%s; %d of %d registers do not hold); predicted: reference KVM %s.%s %s (%s), planner check %s",
                        p.outsider(), refusal.path("register").asText(), refusal.path("field").asText(), refusal.path("errno").asText(),
                        refusal.path("rule").asText(), notHolding, o.verify().path("registers").size(), firstPredicted.register(), firstPredicted.field(),
                        firstPredicted.errno(), firstPredicted.rule(), check == null ? "not available" : check[0] + "." + check[1] + " " + check[2]));
            }
        } finally {
            pool.shutdownNow();
        }
        log.forEach(System.out::println);
    }
}
