package org.cpumodel.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Live migration of a running Linux guest between two lab hosts with different CPUs (issue 12): A is
 * a Neoverse-N1, B a Cortex-A76, both Linux 7.3 (capability 239: one MIDR for the pool), linked at a
 * 65,000-byte MTU. On A, {@code cpumodel vm run} boots the nested guest under the planner's model of
 * the pool {neoverse-n1, cortex-a76}; its workload rewrites 32 MiB continuously, checks every word,
 * ticks once a second and prints the CPU it sees (MRS at EL0, /proc/cpuinfo Features, a hash of both).
 * <ol>
 * <li>fault: B's VMM is killed in the middle of pre-copy (in the first pass, which moves every page
 * that is not zero): {@code vm migrate} fails, A's guest keeps ticking;</li>
 * <li>A to B: the guest continues on B (tick after tick, no restart), its memory checks stay ok, the
 * CPU it sees (registers, Features, hash) is the same; A's VMM exits 0;</li>
 * <li>B to A: likewise, back on A;</li>
 * <li>fault: the link cut (B's interface down) while the guest is paused for stop-and-copy: the
 * source gives up after its link timeout and resumes the guest; B never runs it;</li>
 * <li>refusal: a second guest, booted on A's own CPU (no model), offered to B: refused at the register
 * and field the planner's check predicts for A's own model on B's profile, and it keeps running;</li>
 * <li>refusal: the guest, now on A, offered to a Neoverse-V1 (outside the pool, started in B's
 * place on the same link) is refused before any state moves, naming the register and field the
 * planner's check names for that host's profile; A's guest keeps ticking.</li>
 * </ol>
 * The log shows each migration's iterations, pages sent, downtime and total time.
 */
@Tag("lab")
@Isolated
class MigrationLabTest {

    static final String KERNEL = "7.3";
    static final String A = "neoverse-n1";
    static final String B = "cortex-a76";
    static final String OUTSIDER = "neoverse-v1";
    static final List<String> POOL = List.of(A, B);
    static final String MEM = "256M";
    static final String BOOTARGS = "console=ttyS0 quiet panic=-1 wl.mib=32 wl.mibps=8 wl.idevery=15";
    static final String JAVA = "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx200m -jar /opt/payload/cpumodel.jar";
    static final String PORT = "4444";
    static final Duration BOOT = Duration.ofSeconds(420);
    static final Duration CMD = Duration.ofSeconds(90);
    static final Duration MIGRATION = Duration.ofSeconds(600);
    static final Pattern SUMMARY = Pattern.compile("migrated: (\\d+) iteration\\(s\\), (\\d+) pages sent \\(([0-9.]+) MiB, ([0-9.]+)x guest RAM of (\\d+)"
            + " pages\\), ([0-9.]+) MiB on the link, downtime (\\d+) ms, total ([0-9.]+) s, throttle (\\d+) %");

    @TempDir
    Path work;

    final List<String> log = new ArrayList<>();

    @Test
    void movesARunningGuestBetweenDifferentCpusAndBackRefusesAnOutsiderAndSurvivesALostDestination() throws Exception {
        Lab lab = Lab.fromProperties();
        String why = Stream.of(lab.unavailable(KERNEL), lab.unavailableGuest(KERNEL)).filter(w -> w != null).findFirst().orElse(null);
        assumeTrue(why == null, () -> "lab not available: " + why);
        assertThat(lab.jar()).as("the shaded jar (./mvnw -pl cli -am package)").isRegularFile();

        List<HostProfile> members = POOL.stream().map(c -> profile(lab, c)).toList();
        GuestCpuModel model = LabBaseline.compute(lab.root(), members, FeatureSet.DEFAULT).model();
        assertThat(model.possible()).as("pool %s: %s", POOL, model.blockers()).isTrue();
        String[] outsiderRefusal = LabBaseline.plannerFirstRefusal(lab.root(), model, profile(lab, OUTSIDER));
        assertThat(outsiderRefusal).as("the planner refuses the pool's model on %s", OUTSIDER).isNotNull();
        GuestCpuModel ownA = LabBaseline.compute(lab.root(), List.of(profile(lab, A)), FeatureSet.DEFAULT).model();
        String[] ownRefusal = LabBaseline.plannerFirstRefusal(lab.root(), ownA, profile(lab, B));
        assertThat(ownRefusal).as("the planner refuses %s's own CPU on %s", A, B).isNotNull();
        Path payload = lab.nestedGuestPayload(work.resolve("payload"), KERNEL);
        log.add("== migration: " + A + " <-> " + B + " (Linux " + KERNEL + "), pool model " + model.shortId() + ", guest " + MEM
                + ", workload 32 MiB at 8 MiB/s; the nested guest is KVM under QEMU TCG");

        HostSpec specA = HostSpec.of(A, KERNEL).withPayload(payload).withTimeoutSeconds(2400);
        HostSpec specB = HostSpec.of(B, KERNEL).withPayload(payload).withTimeoutSeconds(2400);
        try (LabPair pair = LabPair.start(lab, work.resolve("pair"), specA, specB, 65000)) {
            pair.awaitReady(BOOT);
            LabHost a = pair.a();
            LabHost b = pair.b();
            Files.writeString(a.share().resolve("model.json"), ModelJson.write(model));

            // the destination first: its live profile is read while the source boots
            LabCommand inB1 = incoming(b, "b1");
            LabCommand vmA = vm(a, "a1", "--kernel /opt/payload/vmlinuz --initrd /opt/payload/initrd.cpio --append '" + BOOTARGS
                    + "' --model /mnt/share/model.json --mem " + MEM);
            awaitTicks(a.share().resolve("a1.console"), 4, BOOT, vmA);
            String hash = WorkloadLog.parse(read(a.share().resolve("a1.console"))).lastTick().cpuHash();

            // 1. fault: the destination's VMM killed in the middle of pre-copy
            awaitFile(b.share().resolve("b1.err"), s -> s.contains("waiting for a guest"), CMD);
            LabCommand doomed = a.run(JAVA + " vm migrate --to 10.0.0.2:" + PORT + " --control /tmp/vm.sock --link-timeout 20 2>&1");
            // the first pass moves every non-zero page, tens of MiB: the kill lands in it
            doomed.awaitStdout(s -> s.contains("accepted"), MIGRATION);
            long before = lastTick(a.share().resolve("a1.console"));
            LabCommand.Result kill = b.exec("kill -9 $(cat /tmp/vmm.pid)", CMD);
            assertThat(kill.status()).as("kill B's VMM: %s", kill.stderr()).isZero();
            LabCommand.Result failed = doomed.await(CMD);
            assertThat(failed.status()).as("vm migrate after its destination died:%n%s", failed.stdout()).isEqualTo(1);
            assertThat(failed.stdout()).contains("the guest keeps running here").as("killed in pre-copy").doesNotContain("stop and copy");
            inB1.await(CMD);
            awaitTicks(a.share().resolve("a1.console"), (int) before + 3, CMD, vmA);
            assertThat(vmA.finished()).as("A's VMM runs on").isFalse();
            log.add("fault (destination VMM killed in pre-copy): " + lastLine(failed.stdout(), "vm migrate:"));
            log.add("   the guest on A ticked on: tick " + before + " -> " + lastTick(a.share().resolve("a1.console")));

            // 2. A -> B
            LabCommand inB2 = incoming(b, "b2");
            awaitFile(b.share().resolve("b2.err"), s -> s.contains("waiting for a guest"), CMD);
            LabCommand.Result ab = a.exec(JAVA + " vm migrate --to 10.0.0.2:" + PORT + " --control /tmp/vm.sock 2>&1", MIGRATION);
            assertThat(ab.status()).as("vm migrate A -> B:%n%s%n-- A's VMM:%n%s%n-- B's VMM:%n%s", ab.stdout(), read(a.share().resolve("a1.err")),
                    read(b.share().resolve("b2.err"))).isZero();
            assertThat(vmA.await(CMD).stdout()).as("A's VMM ends when its guest has moved").contains("rc=0");
            assertThat(read(a.share().resolve("a1.err"))).contains("the guest was migrated: the guest runs on the destination");
            awaitTicks(b.share().resolve("b2.console"), 3, MIGRATION, inB2);
            report("A -> B", ab.stdout(), read(b.share().resolve("b2.err")));

            // 3. B -> A
            LabCommand inA = incoming(a, "a2");
            awaitFile(a.share().resolve("a2.err"), s -> s.contains("waiting for a guest"), CMD);
            LabCommand.Result ba = b.exec(JAVA + " vm migrate --to 10.0.0.1:" + PORT + " --control /tmp/vm.sock 2>&1", MIGRATION);
            assertThat(ba.status()).as("vm migrate B -> A:%n%s%n-- B's VMM:%n%s%n-- A's VMM:%n%s", ba.stdout(), read(b.share().resolve("b2.err")),
                    read(a.share().resolve("a2.err"))).isZero();
            assertThat(inB2.await(CMD).stdout()).contains("rc=0");
            awaitTicks(a.share().resolve("a2.console"), 3, MIGRATION, inA);
            report("B -> A", ba.stdout(), read(a.share().resolve("a2.err")));

            // the guest's view across the three VMMs: one run, memory ok, the same CPU
            String console = read(a.share().resolve("a1.console")) + read(b.share().resolve("b2.console")) + read(a.share().resolve("a2.console"));
            WorkloadLog wl = WorkloadLog.parse(console);
            assertThat(wl.badLines()).as("memory checks").isEmpty();
            assertThat(wl.ticks()).allMatch(WorkloadLog.Tick::sumOk);
            assertThat(wl.ticksContinuous()).as("ticks %s", wl.ticks().stream().map(WorkloadLog.Tick::tick).toList()).isTrue();
            assertThat(wl.ticks().getFirst().tick()).as("one run from its first tick: no restart").isLessThanOrEqualTo(1);
            assertThat(wl.ticks()).extracting(WorkloadLog.Tick::cpuHash).as("the CPU the guest sees (registers, Features)").containsOnly(hash);
            WorkloadLog onB = WorkloadLog.parse(read(b.share().resolve("b2.console")));
            WorkloadLog onA2 = WorkloadLog.parse(read(a.share().resolve("a2.console")));
            assertThat(onB.ticks()).as("ticks on B").isNotEmpty();
            assertThat(onA2.ticks()).as("ticks back on A").isNotEmpty();
            assertThat(wl.cpuBlocks()).extracting(WorkloadLog.CpuBlock::registers).containsOnly(wl.cpuBlocks().getFirst().registers());
            assertThat(wl.cpuBlocks().getFirst().registers().get("MIDR_EL1")).as("the pool's MIDR").isEqualTo(model.identity().midr());
            log.add(String.format(Locale.ROOT, "   guest: ticks %d..%d continuous over A, B, A (on B %d..%d), memory checks ok, CPU hash %s on"
                            + " all %d ticks, MIDR 0x%08x, %d CPU blocks identical", wl.ticks().getFirst().tick(), wl.lastTick().tick(),
                    onB.ticks().getFirst().tick(), onB.lastTick().tick(), hash, wl.ticks().size(), model.identity().midr(), wl.cpuBlocks().size()));

            // 4. fault: the link cut during stop-and-copy (the guest paused, its last pages and state on the way)
            LabCommand inB3 = incoming(b, "b3");
            awaitFile(b.share().resolve("b3.err"), s -> s.contains("waiting for a guest"), CMD);
            LabCommand cut = a.run(JAVA + " vm migrate --to 10.0.0.2:" + PORT + " --control /tmp/vm.sock --link-timeout 30 2>&1");
            cut.awaitStdout(s -> s.contains(": stop and copy"), MIGRATION);
            assertThat(b.exec("ip link set eth0 down", CMD).status()).isZero();
            long cutTick = lastTick(a.share().resolve("a2.console"));
            LabCommand.Result cutResult = cut.await(MIGRATION);
            assertThat(cutResult.status()).as("vm migrate with the link cut:%n%s", cutResult.stdout()).isEqualTo(1);
            assertThat(cutResult.stdout()).contains("the guest keeps running here");
            awaitTicks(a.share().resolve("a2.console"), (int) cutTick + 3, CMD, inA);
            assertThat(b.exec("ip link set eth0 up", CMD).status()).isZero();
            inB3.signal("KILL");
            assertThat(read(b.share().resolve("b3.err"))).as("B never ran the half-moved guest").doesNotContain("the guest runs here");
            log.add("fault (link cut in stop-and-copy): " + lastLine(cutResult.stdout(), "vm migrate:"));
            log.add("   the guest on A ticked on: tick " + cutTick + " -> " + lastTick(a.share().resolve("a2.console")) + "; B's VMM: "
                    + lastLine(read(b.share().resolve("b3.err")), "incoming:"));

            // 5. refusal: a guest booted on A's own CPU (no model) offered to B fails at the field the planner predicts
            LabCommand inB4 = incoming(b, "b4");
            LabCommand hostVm = a.run("(" + JAVA + " vm run --kernel /opt/payload/vmlinuz --initrd /opt/payload/initrd.cpio --append '"
                    + BOOTARGS.replace("wl.mib=32", "wl.mib=8") + "' --mem " + MEM + " --control /tmp/host.sock --console /mnt/share/h1.console"
                    + " 2>/mnt/share/h1.err; echo rc=$?)");
            awaitTicks(a.share().resolve("h1.console"), 2, BOOT, hostVm);
            awaitFile(b.share().resolve("b4.err"), s -> s.contains("waiting for a guest"), CMD);
            long hostTick = lastTick(a.share().resolve("h1.console"));
            LabCommand.Result own = a.exec(JAVA + " vm migrate --to 10.0.0.2:" + PORT + " --control /tmp/host.sock 2>&1", MIGRATION);
            assertThat(own.status()).as("vm migrate of a host-CPU guest:%n%s", own.stdout()).isEqualTo(1);
            assertThat(own.stdout()).as("refused at the planner's register and field for %s's own CPU on %s", A, B)
                    .contains("refused at " + ownRefusal[0] + " field " + ownRefusal[1]).contains("boot it under the pool's model")
                    .contains("the guest keeps running here");
            assertThat(inB4.await(CMD).stdout()).contains("rc=1");
            awaitTicks(a.share().resolve("h1.console"), (int) hostTick + 2, CMD, hostVm);
            hostVm.signal("KILL");
            log.add("refusal (guest on " + A + "'s own CPU, to " + B + "): " + lastLine(own.stdout(), "vm migrate:"));

            // 6. refusal: a host outside the pool, in B's place on the link
            b.shutdown(Duration.ofSeconds(60));
            try (LabHost c = LabHost.start(lab, HostSpec.of(OUTSIDER, KERNEL).withPayload(payload).withTimeoutSeconds(900)
                    .withLink(new HostSpec.Link(work.resolve("pair/link.sock"), false, LabPair.B_IP, 65000)), Files.createDirectories(work.resolve("c")))) {
                c.awaitReady(BOOT);
                LabCommand inC = incoming(c, "c1");
                awaitFile(c.share().resolve("c1.err"), s -> s.contains("waiting for a guest"), CMD);
                long t0 = lastTick(a.share().resolve("a2.console"));
                LabCommand.Result ac = a.exec(JAVA + " vm migrate --to 10.0.0.2:" + PORT + " --control /tmp/vm.sock 2>&1", MIGRATION);
                assertThat(ac.status()).as("vm migrate to %s:%n%s", OUTSIDER, ac.stdout()).isEqualTo(1);
                assertThat(ac.stdout()).as("refused at the planner's register and field").contains("refused at " + outsiderRefusal[0] + " field "
                        + outsiderRefusal[1]).contains("the guest keeps running here").doesNotContain("pass 1");
                LabCommand.Result cEnd = inC.await(CMD);
                assertThat(cEnd.stdout()).contains("rc=1");
                assertThat(read(c.share().resolve("c1.err"))).contains("refused at " + outsiderRefusal[0]);
                awaitTicks(a.share().resolve("a2.console"), (int) t0 + 3, CMD, inA);
                log.add("refusal (" + OUTSIDER + "): " + lastLine(ac.stdout(), "vm migrate:"));
                log.add("   the guest on A ticked on: tick " + t0 + " -> " + lastTick(a.share().resolve("a2.console")));
            }
            inA.signal("TERM");
        } finally {
            log.forEach(System.out::println);
            keepShares(lab);
        }
    }

    static HostProfile profile(Lab lab, String cpu) {
        return ProfileJson.read(lab.root().resolve("examples/fleet/" + cpu + "_" + KERNEL + ".json"));
    }

    /** {@code vm run --control /tmp/vm.sock OPTIONS} in the background, console and VMM log in the share as NAME.console, NAME.err. */
    static LabCommand vm(LabHost h, String name, String options) {
        return h.run("(" + JAVA + " vm run " + options + " --control /tmp/vm.sock --console /mnt/share/" + name + ".console 2>/mnt/share/" + name
                + ".err & echo $! >/tmp/vmm.pid; wait $!; echo rc=$?)");
    }

    static LabCommand incoming(LabHost h, String name) {
        return vm(h, name, "--incoming 0.0.0.0:" + PORT + " --link-timeout 20");
    }

    void report(String what, String migrateOut, String destinationErr) {
        Matcher m = SUMMARY.matcher(migrateOut);
        assertThat(m.find()).as("the summary line:%n%s", migrateOut).isTrue();
        log.add(String.format(Locale.ROOT, "%s: %s iterations, %s pages sent (%s MiB, %sx guest RAM of %s pages), %s MiB on the link, downtime %s ms,"
                + " total %s s, throttle %s %%", what, m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7), m.group(8),
                m.group(9)));
        migrateOut.lines().filter(l -> l.startsWith("migrate: pass") || l.contains("stop and copy")).forEach(l -> log.add("   " + l));
        destinationErr.lines().filter(l -> l.startsWith("incoming:") && (l.contains("accepted") || l.contains("runs here"))).forEach(l -> log.add("   " + l));
    }

    static long lastTick(Path console) throws Exception {
        WorkloadLog.Tick t = WorkloadLog.parse(read(console)).lastTick();
        return t == null ? 0 : t.tick();
    }

    /** Waits until the console shows tick {@code n} (or later); fails early when {@code vmm} ends. */
    static void awaitTicks(Path console, int n, Duration timeout, LabCommand vmm) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (lastTick(console) < n) {
            if (vmm.finished()) {
                throw new AssertionError("the VMM ended before tick " + n + ": " + vmm.stdout() + "\n-- console tail:\n" + tail(read(console)));
            }
            if (System.nanoTime() > end) {
                throw new TimeoutException("no tick " + n + " in " + console + " after " + timeout + "; tail:\n" + tail(read(console)));
            }
            Thread.sleep(1000);
        }
    }

    static void awaitFile(Path file, Predicate<String> test, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!test.test(read(file))) {
            if (System.nanoTime() > end) {
                throw new TimeoutException(file + " after " + timeout + ":\n" + read(file));
            }
            Thread.sleep(500);
        }
    }

    static String lastLine(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).reduce((x, y) -> y).orElse("(no '" + prefix + "' line)");
    }

    static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 3000));
    }

    static String read(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8).replace("\r", "") : "";
    }

    /** Every console and VMM log, kept under lab-tests/target/vmm-lab/migration for a look after the run. */
    void keepShares(Lab lab) throws java.io.IOException {
        Path dir = Files.createDirectories(lab.root().resolve("lab-tests/target/vmm-lab/migration"));
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".console") || n.endsWith(".err") || n.equals("lab.console");
            }).toList()) {
                Files.copy(p, dir.resolve(work.relativize(p).toString().replace('/', '_')), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(dir.resolve("summary.txt"), String.join("\n", log) + "\n");
    }
}
