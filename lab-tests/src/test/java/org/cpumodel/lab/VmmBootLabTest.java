package org.cpumodel.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cpumodel vm run} in a lab host (real arm64 KVM under QEMU TCG, so the guest is KVM-in-TCG):
 * the lab's 7.3 kernel Image boots with the nested guest's initramfs to userspace, the workload runs,
 * the guest powers off (PSCI SYSTEM_OFF) and the VMM exits 0. Two boots on neoverse-n1 under Linux
 * 7.3, side by side:
 * <ul>
 * <li>the host's own CPU, one vCPU: every CPU the guest reads (boot log, /proc/cpuinfo, the workload's
 * MRS from EL0) is this host's MIDR, the one KVM reports for the vCPU; then the cost of one MMIO
 * exit round trip ({@link MmioExitBench});</li>
 * <li>the planner's model of the pool {neoverse-n1, cortex-a55, cortex-a76} under 7.3 (one MIDR, the
 * Cortex-A76's, through capability 239; the errata targets answered by the VMM), two vCPUs, the
 * secondary started by PSCI CPU_ON: KVM_GET_ONE_REG reads every register of the model back on both
 * vCPUs, and the guest sees the model: the A76's MIDR on both CPUs (boot log, /proc/cpuinfo, MRS),
 * the model's CTR_EL0 (L1Ip lowered to the A55's VIPT, a live EL0 read), the same Features on both
 * CPUs.</li>
 * </ul>
 * Prints the figures (guest uptime at userspace, VMM start-up and run time, MMIO exits) for the CI log.
 */
@Tag("lab")
class VmmBootLabTest {

    static final String KERNEL = "7.3";
    static final String HOST = "neoverse-n1";
    static final List<String> POOL = List.of("neoverse-n1", "cortex-a55", "cortex-a76");
    /** QEMU 10's neoverse-n1, r4p1. */
    static final long N1_MIDR = 0x414f_d0c1L;
    static final String BOOTARGS = "console=ttyS0 earlycon panic=-1 rdinit=/vmm-test-init wl.mib=8 wl.seconds=3";
    static final int MMIO_BENCH_EXITS = 20_000;
    static final String JAVA = "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    /** The nested initramfs's first program: prints /proc/cpuinfo (every CPU, as the guest kernel sees it), then runs the lab's /init. */
    static final String TEST_INIT = """
            #!/bin/busybox sh
            # cpumodel VMM lab test: every CPU as the guest kernel sees it, then the nested guest's own /init
            /bin/busybox mount -t proc proc /proc
            /bin/busybox echo "=== vmmtest: cpuinfo begin"
            /bin/busybox cat /proc/cpuinfo
            /bin/busybox echo "=== vmmtest: cpuinfo end"
            /bin/busybox umount /proc
            exec /init
            """;

    @TempDir
    Path work;

    record Boot(String name, Lab.Result lab, String console, String vmmErr) {

        String raw() {
            return "== " + name + ": lab exit " + lab.exitCode() + "\n" + lab.stdout() + lab.stderr() + "\n-- vmm stderr:\n" + vmmErr
                    + "\n-- console (tail):\n" + console.substring(Math.max(0, console.length() - 6000));
        }
    }

    /** One processor block of /proc/cpuinfo. */
    record CpuInfo(int processor, long midr, String features) {
    }

    @Test
    void bootsToUserspaceAndPowersOffOnTheHostCpuAndUnderAPoolModel() throws Exception {
        Lab lab = Lab.fromProperties();
        String why = Stream.of(lab.unavailable(KERNEL), lab.unavailableGuest(KERNEL)).filter(w -> w != null).findFirst().orElse(null);
        assumeTrue(why == null, () -> "lab not available: " + why);
        assertThat(lab.jar()).as("the shaded jar (./mvnw -pl cli -am package)").isRegularFile();

        List<HostProfile> members = POOL.stream().map(c -> ProfileJson.read(lab.root().resolve("examples/fleet/" + c + "_" + KERNEL + ".json"))).toList();
        GuestCpuModel model = LabBaseline.compute(lab.root(), members, FeatureSet.DEFAULT).model();
        assertThat(model.possible()).as("pool %s: %s", POOL, model.blockers()).isTrue();
        assertThat(model.identity().writesIdentity()).as("one MIDR for the pool (capability 239)").isTrue();
        KvmPlan plan = KvmPlanEmitter.plan(ModelDelta.of(model, null));
        Map<String, Long> planRegisters = new LinkedHashMap<>();
        for (KvmPlan.Step s : plan.steps()) {
            if (s instanceof KvmPlan.SetOneReg r) {
                planRegisters.put(r.register(), r.value());
            }
        }
        long modelMidr = model.identity().midr();
        long modelCtr = planRegisters.get("CTR_EL0");
        assertThat(modelMidr).as("the pool's MIDR is not this host's: the guest must show the model's").isNotEqualTo(N1_MIDR);

        Path classes = Path.of(MmioExitBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path nested = nestedPayload(lab, classes);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Boot host;
        Boot modelBoot;
        try {
            Future<Boot> h = pool.submit(() -> boot(lab, nested, "host-cpu", 1, null));
            Future<Boot> m = pool.submit(() -> boot(lab, nested, "model", 2, ModelJson.write(model)));
            host = h.get();
            modelBoot = m.get();
        } finally {
            pool.shutdownNow();
        }
        List<String> log = new ArrayList<>();
        log.add("== vmm: cpumodel vm run in a lab host (" + HOST + ", Linux " + KERNEL + "; the nested guest is KVM under QEMU TCG)");

        // ---- the host's own CPU
        assertBootedAndPoweredOff(host);
        Map<Integer, Map<String, Long>> hostRegs = readBack(host.vmmErr());
        assertThat(hostRegs).containsOnlyKeys(0);
        assertThat(hostRegs.get(0).get("MIDR_EL1")).as("KVM's MIDR_EL1 of the vCPU").isEqualTo(N1_MIDR);
        List<CpuInfo> hostCpus = cpuinfo(host.console());
        assertThat(hostCpus).extracting(CpuInfo::midr).as("/proc/cpuinfo").containsExactly(N1_MIDR);
        assertThat(bootCpuMidr(host.console())).isEqualTo(N1_MIDR);
        WorkloadLog hostWl = WorkloadLog.parse(host.console());
        WorkloadLog.CpuBlock hostBlock = hostWl.cpuBlocks().getFirst();
        assertThat(hostBlock.registers().get("MIDR_EL1")).as("MRS MIDR_EL1 from EL0").isEqualTo(N1_MIDR);
        assertThat(hostBlock.features()).isEqualTo(hostCpus.getFirst().features());
        assertThat(hostBlock.registers().get("CTR_EL0")).as("the host's CTR_EL0 differs from the model's (L1Ip)").isNotEqualTo(modelCtr);
        assertThat(host.lab().value("mmio-exits")).as(host.raw()).isEqualTo(Integer.toString(MMIO_BENCH_EXITS));
        assertThat(host.lab().value("mmio-scr")).as("the scratch register holds what the guest wrote").isEqualTo("0x5a");
        log.add(figures(host, hostCpus.size()));
        log.add(String.format(Locale.ROOT, "   MMIO exit round trip (KVM_RUN exit, VMM bus and UART, re-entry), %d exits: %s us each",
                MMIO_BENCH_EXITS, host.lab().value("mmio-exit-us")));
        log.add(String.format("   guest sees MIDR 0x%08x (/proc/cpuinfo, boot log, MRS), KVM reads 0x%08x", hostCpus.getFirst().midr(), N1_MIDR));

        // ---- the pool's model, two vCPUs
        assertBootedAndPoweredOff(modelBoot);
        assertThat(modelBoot.console()).as(modelBoot.raw()).contains("smp: Brought up 1 node, 2 CPUs");
        Map<Integer, Map<String, Long>> regs = readBack(modelBoot.vmmErr());
        assertThat(regs).as("every vCPU reads the model back").containsOnlyKeys(0, 1);
        for (var v : regs.entrySet()) {
            assertThat(v.getValue().get("MIDR_EL1")).as("vCPU %d MIDR_EL1", v.getKey()).isEqualTo(modelMidr);
            for (var r : planRegisters.entrySet()) {
                assertThat(v.getValue()).as("vCPU %d read back", v.getKey()).containsKey(r.getKey());
                assertThat(v.getValue().get(r.getKey())).as("vCPU %d %s", v.getKey(), r.getKey()).isEqualTo(r.getValue());
            }
        }
        List<CpuInfo> cpus = cpuinfo(modelBoot.console());
        assertThat(cpus).extracting(CpuInfo::processor).containsExactly(0, 1);
        assertThat(cpus).extracting(CpuInfo::midr).as("/proc/cpuinfo of both CPUs").containsOnly(modelMidr);
        assertThat(cpus).extracting(CpuInfo::features).as("the same Features on both CPUs").containsOnly(cpus.getFirst().features());
        assertThat(bootCpuMidr(modelBoot.console())).isEqualTo(modelMidr);
        assertThat(secondaryMidrs(modelBoot.console())).as("the secondary, started by PSCI CPU_ON").containsExactly(modelMidr);
        WorkloadLog wl = WorkloadLog.parse(modelBoot.console());
        WorkloadLog.CpuBlock block = wl.cpuBlocks().getFirst();
        assertThat(block.registers().get("MIDR_EL1")).as("MRS MIDR_EL1 from EL0").isEqualTo(modelMidr);
        assertThat(block.registers().get("CTR_EL0")).as("CTR_EL0 at EL0 (a live read KVM answers from the model)").isEqualTo(modelCtr);
        assertThat(block.features()).isEqualTo(cpus.getFirst().features());
        List<String> words = List.of(cpus.getFirst().features().split(" "));
        Map<String, Boolean> byModel = featuresOf(planRegisters);
        byModel.forEach((word, present) -> assertThat(words.contains(word)).as("Features word '%s' under the model (its %s)", word,
                present ? "field is there" : "field is below the threshold").isEqualTo(present));
        long hypercalls = summaryNumber(modelBoot.vmmErr(), "hypercalls");
        assertThat(hypercalls).as("the guest asked for its errata targets: version + one call per target")
                .isEqualTo(1 + model.identity().errataTargets().size());
        log.add(figures(modelBoot, cpus.size()));
        log.add("   Features words that follow from the model's ID registers (hwcaps.txt): " + byModel.size() + " checked, present: "
                + byModel.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList());
        log.add(String.format("   model %s of %s: %d registers read back on 2 vCPUs; guest sees MIDR 0x%08x on both CPUs, CTR_EL0 0x%08x (host 0x%08x),"
                        + " %d errata hypercalls answered; Features: %s",
                model.shortId(), POOL, planRegisters.size(), modelMidr, modelCtr, hostBlock.registers().get("CTR_EL0"), hypercalls,
                cpus.getFirst().features()));
        log.forEach(System.out::println);
    }

    /**
     * The Features words the model implies, from hwcaps.txt (Linux's arm64_elf_hwcaps rules that
     * depend on one ID register field): word to whether the guest must show it.
     */
    static Map<String, Boolean> featuresOf(Map<String, Long> registers) throws java.io.IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        try (var in = VmmBootLabTest.class.getResourceAsStream("hwcaps.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                Long reg = registers.get(f[1]);
                assertThat(reg).as("the model sets %s (hwcaps.txt needs it)", f[1]).isNotNull();
                int v = (int) (reg >>> Integer.parseInt(f[2]) & 0xF);
                if (f[3].equals("yes") && v >= 8) {
                    v -= 16;
                }
                out.put(f[0], v >= Integer.parseInt(f[4]));
            }
        }
        return out;
    }

    /**
     * The lab host's payload (lab/run.sh --payload), its files local to the host (over 9p, the JVM's class loading
     * alone took most of a minute): /opt/payload/Image (the lab's own kernel), /opt/payload/initrd.cpio (the
     * nested guest's, plus {@link #TEST_INIT}; its /init lets the console drain before it powers off), /opt/payload/cpumodel.jar and
     * /opt/payload/classes with {@link MmioExitBench}.
     */
    Path nestedPayload(Lab lab, Path testClasses) throws Exception {
        Path overlay = work.resolve("overlay.cpio");
        try (Cpio c = new Cpio(overlay)) {
            c.file("vmm-test-init", 0755, TEST_INIT.getBytes(StandardCharsets.UTF_8));
        }
        Path initrd = work.resolve("initrd.cpio");
        try (var out = Files.newOutputStream(initrd)) {
            Files.copy(lab.guestInitrd(), out);
            Files.copy(overlay, out);
        }
        Path nested = Files.createDirectories(work.resolve("payload"));
        Files.copy(lab.kernelImage(KERNEL), nested.resolve("Image"));
        Files.copy(initrd, nested.resolve("initrd.cpio"));
        Files.copy(lab.jar(), nested.resolve("cpumodel.jar"));
        Path benchDir = Files.createDirectories(nested.resolve("classes/org/cpumodel/lab"));
        try (Stream<Path> bench = Files.list(testClasses.resolve("org/cpumodel/lab"))) {
            for (Path p : bench.filter(p -> p.getFileName().toString().startsWith("MmioExitBench")).sorted().toList()) {
                Files.copy(p, benchDir.resolve(p.getFileName()));
            }
        }
        return nested;
    }

    Boot boot(Lab lab, Path nested, String name, int cpus, String modelJson) throws Exception {
        Path share = Files.createDirectories(work.resolve(name));
        String modelOption = "";
        if (modelJson != null) {
            Files.writeString(share.resolve("model.json"), modelJson);
            modelOption = " --model /mnt/share/model.json";
        }
        String vm = JAVA + " -jar /opt/payload/cpumodel.jar vm run --kernel /opt/payload/Image --initrd /opt/payload/initrd.cpio --append '" + BOOTARGS
                + "' --cpus " + cpus + " --mem 256M" + modelOption + " -v --console /mnt/share/console.log 2>/mnt/share/vmm.err";
        String script = Lab.timed("vmm", "timeout 480 " + vm);
        if (modelJson == null) {
            script += "; " + JAVA + " -cp /opt/payload/cpumodel.jar:/opt/payload/classes org.cpumodel.lab.MmioExitBench " + MMIO_BENCH_EXITS;
        }
        Lab.Result r = lab.run(HOST, KERNEL, share, 720, List.of("--payload", nested.toString()), script);
        keep(lab, share, name, r);
        return new Boot(name, r, read(share.resolve("console.log")), read(share.resolve("vmm.err")));
    }

    /** The boot's files, kept under lab-tests/target/vmm-lab/NAME for a look after the run (build output, not committed). */
    static void keep(Lab lab, Path share, String name, Lab.Result r) throws java.io.IOException {
        Path dir = Files.createDirectories(lab.root().resolve("lab-tests/target/vmm-lab").resolve(name));
        for (String f : List.of("console.log", "vmm.err", "lab.console")) {
            if (Files.exists(share.resolve(f))) {
                Files.copy(share.resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(dir.resolve("lab.out"), "exit " + r.exitCode() + " after " + r.seconds() + " s\n" + r.stdout() + r.stderr());
    }

    static String read(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8).replace("\r", "") : "";
    }

    static void assertBootedAndPoweredOff(Boot b) {
        assertThat(b.lab().exitCode()).as(b.raw()).isZero();
        assertThat(b.lab().value("vmm-rc")).as("the VMM's exit status\n%s", b.raw()).isEqualTo("0");
        assertThat(b.console()).as(b.raw()).contains(WorkloadLog.MARKER);
        WorkloadLog wl = WorkloadLog.parse(b.console());
        assertThat(wl.done()).as("the workload finished\n%s", b.raw()).isNotNull();
        assertThat(wl.done().sumOk()).isTrue();
        assertThat(b.vmmErr()).as(b.raw()).contains("vm: the guest powered off (PSCI SYSTEM_OFF)");
    }

    static final Pattern READ_BACK = Pattern.compile("vm: vcpu (\\d+) ([A-Z0-9_]+) = 0x([0-9a-f]{16})");

    /** The VMM's -v lines: vCPU to (register to the value KVM_GET_ONE_REG read back). */
    static Map<Integer, Map<String, Long>> readBack(String vmmErr) {
        Map<Integer, Map<String, Long>> out = new LinkedHashMap<>();
        Matcher m = READ_BACK.matcher(vmmErr);
        while (m.find()) {
            out.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new LinkedHashMap<>()).put(m.group(2), Long.parseUnsignedLong(m.group(3), 16));
        }
        return out;
    }

    /** The processor blocks of /proc/cpuinfo printed by {@link #TEST_INIT}, MIDR rebuilt from its fields. */
    static List<CpuInfo> cpuinfo(String console) {
        int from = console.indexOf("=== vmmtest: cpuinfo begin");
        int to = console.indexOf("=== vmmtest: cpuinfo end");
        assertThat(from).as("the cpuinfo block").isNotNegative();
        assertThat(to).isGreaterThan(from);
        List<CpuInfo> cpus = new ArrayList<>();
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : (console.substring(from, to) + "\n\n").split("\n", -1)) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("===")) {
                f.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            } else if (line.isBlank() && f.containsKey("processor")) {
                long midr = Long.decode(f.get("CPU implementer")) << 24 | Long.decode(f.get("CPU variant")) << 20
                        | (f.get("CPU architecture").equals("8") ? 0xFL : Long.decode(f.get("CPU architecture"))) << 16
                        | Long.decode(f.get("CPU part")) << 4 | Long.decode(f.get("CPU revision"));
                cpus.add(new CpuInfo(Integer.parseInt(f.get("processor")), midr, f.get("Features")));
                f.clear();
            }
        }
        return cpus;
    }

    static final Pattern BOOT_CPU = Pattern.compile("Booting Linux on physical CPU 0x[0-9a-f]+ \\[0x([0-9a-f]{8})\\]");
    static final Pattern SECONDARY = Pattern.compile("CPU\\d+: Booted secondary processor 0x[0-9a-f]+ \\[0x([0-9a-f]{8})\\]");

    /** The MIDR the guest kernel printed for its boot CPU. */
    static long bootCpuMidr(String console) {
        Matcher m = BOOT_CPU.matcher(console);
        assertThat(m.find()).as("the boot CPU line").isTrue();
        return Long.parseLong(m.group(1), 16);
    }

    static List<Long> secondaryMidrs(String console) {
        List<Long> out = new ArrayList<>();
        Matcher m = SECONDARY.matcher(console);
        while (m.find()) {
            out.add(Long.parseLong(m.group(1), 16));
        }
        return out;
    }

    /** A number before {@code word} in the VMM's last summary line, e.g. "4 hypercalls". */
    static long summaryNumber(String vmmErr, String word) {
        Matcher m = Pattern.compile("(\\d+) " + word).matcher(vmmErr);
        long v = -1;
        while (m.find()) {
            v = Long.parseLong(m.group(1));
        }
        return v;
    }

    static final Pattern UPTIME = Pattern.compile("=== guest: uptime ([0-9.]+)s");
    static final Pattern SUMMARY = Pattern.compile(
            "start-up ([0-9.]+) s \\(([0-9.-]+) s since the JVM started\\), run ([0-9.]+) s, (\\d+) MMIO exits, (\\d+) hypercalls, ([0-9.]+) us userspace per exit");

    static String figures(Boot b, int cpus) {
        Matcher up = UPTIME.matcher(b.console());
        Matcher s = SUMMARY.matcher(b.vmmErr());
        assertThat(s.find()).as("the VMM's summary line\n%s", b.raw()).isTrue();
        return String.format(Locale.ROOT, "-- %s, %d vCPU(s): guest uptime at userspace %s s; VMM start-up %s s (%s s since the JVM started),"
                        + " run %s s, the java command %s s; %s MMIO exits, %s us userspace each; lab boot %.0f s",
                b.name(), cpus, up.find() ? up.group(1) : "?", s.group(1), s.group(2), s.group(3), b.lab().value("vmm"), s.group(4), s.group(6),
                b.lab().seconds());
    }
}
