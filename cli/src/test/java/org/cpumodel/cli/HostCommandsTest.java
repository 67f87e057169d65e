package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect (off arm64), show and import, in-process. */
class HostCommandsTest {

    @TempDir
    Path tmp;

    static Path shared() {
        return SharedFixtures.path("fixtures");
    }

    static Path fleetProfile() {
        Path p = Path.of(System.getProperty("cpumodel.root", "..")).resolve("examples/fleet/neoverse-n1_6.12.json");
        assumeTrue(Files.isRegularFile(p), "examples/fleet not generated yet (lab/make-fleet.sh)");
        return p;
    }

    private static List<String> lines(String s) {
        return s.lines().filter(l -> !l.isBlank()).toList();
    }

    private List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void collectOffArm64IsAnEnvironmentProblemInOneLine() {
        assumeTrue(!"aarch64".equals(System.getProperty("os.arch")), "runs only where there is no arm64 KVM");
        CliRun r = CliRun.of("collect", "--out", tmp.resolve("p.json").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(lines(r.err())).singleElement().asString().startsWith("cpumodel collect: not an arm64 host");
        assertThat(tmp.resolve("p.json")).doesNotExist();
    }

    @Test
    void collectRejectsAnUnknownFeatureSet() {
        CliRun r = CliRun.of("collect", "--features", "default,mte");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(lines(r.err())).singleElement().asString().contains("--features", "mte");
    }

    @Test
    void showSummarisesAProfile() {
        CliRun r = CliRun.of("show", fleetProfile().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("host:", "kernel:   ".trim(), "6.12.", "Neoverse-N1 r4p1", "KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES",
                "ICC_CTLR_EL1 0x0000000000008c00", "PRIbits 4", "feature set default (measured)", "feature set pmu (measured)");
        assertThat(r.out()).containsPattern("ID_AA64ISAR0_EL1\\s+0x[0-9a-f]{16}\\s+0x[0-9a-f]{16}");
        assertThat(r.out()).containsPattern("MIDR_EL1\\s+0x00000000414fd0c1\\s+measured\\n");
        // a collected profile: every register measured, none unknown or inferred
        assertThat(r.out()).doesNotContain("unknown (not recorded)", "inferred:");
    }

    @Test
    void showJsonPrintsTheNormalizedProfile() throws IOException {
        Path src = fleetProfile();
        CliRun r = CliRun.of("show", src.toString(), "--json");
        assertThat(r.exit()).isZero();
        HostProfile p = ProfileJson.parse("stdout", r.out());
        assertThat(p.id()).isEqualTo(ProfileJson.read(src).id());
        assertThat(r.out()).isEqualTo(Files.readString(src));
    }

    @Test
    void showRejectsBadInputInOneLine() throws IOException {
        Path truncated = tmp.resolve("truncated.json");
        Files.writeString(truncated, "{\"format\": \"cpumodel-host-profile\", \"version\": 1, \"host\": {");
        for (Path bad : List.of(truncated, tmp.resolve("missing.json"))) {
            CliRun r = CliRun.of("show", bad.toString());
            assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(lines(r.err())).singleElement().asString().contains(bad.toString());
        }
    }

    @Test
    void importRawWritesOneInferredPartialProfilePerHost() throws IOException {
        Path raw = shared().resolve("raw-silicon");
        Path out = tmp.resolve("fleet");
        CliRun r = CliRun.of("import", "raw", raw.resolve("ampere-altra-host-ubuntu.cpusysregs-registers.txt").toString(),
                raw.resolve("cortexa72-host-ubuntu.cpusysregs-registers.txt").toString(), "--kernel", "6.12", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(listing(out)).containsExactly("cortex-a72_6.12.json", "neoverse-n1_6.12.json");
        HostProfile n1 = ProfileJson.read(out.resolve("neoverse-n1_6.12.json"));
        assertThat(n1.partial()).isTrue();
        assertThat(n1.host().source()).isEqualTo("import-raw");
        assertThat(n1.featureSets()).containsKeys("default", "pmu");
        // show says per register how each value is known: the rule that inferred it, or unknown (never a made-up value)
        CliRun show = CliRun.of("show", out.resolve("neoverse-n1_6.12.json").toString());
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).containsPattern("ID_DFR0_EL1\\s+unknown\\s+0x[0-9a-f]{16}\\s+unknown \\(not recorded\\)\\n")
                .containsPattern("ID_AA64ISAR0_EL1\\s+0x[0-9a-f]{16}\\s+0x[0-9a-f]{16}\\s+inferred: the silicon's value through Linux 6.12's sanitisation")
                .containsPattern("MPIDR_EL1\\s+0x[0-9a-f]{16}\\s+inferred: reset_mpidr")
                .doesNotContainPattern("_EL[01]\\s.*\\smeasured\\n");
        assertThat(n1.featureSets().get("default").recorded("ID_DFR0_EL1")).isFalse();
    }

    @Test
    void importFirecrackerNamesFilesByCpuAndKernel() throws IOException {
        Path fc = shared().resolve("firecracker-graviton");
        List<String> files;
        try (Stream<Path> s = Files.list(fc)) {
            files = s.map(Path::toString).sorted().toList();
        }
        Path out = tmp.resolve("fleet");
        String[] args = Stream.concat(Stream.of("import", "firecracker"), Stream.concat(files.stream(), Stream.of("--out", out.toString()))).toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(listing(out)).containsExactly("neoverse-n1_6.1.json", "neoverse-v1_6.1.json", "neoverse-v2_6.1.json");
    }

    @Test
    void aBatchImportNamesEachBadFileAndWritesTheGoodOnes() throws IOException {
        Path fc = shared().resolve("firecracker-graviton");
        Path good;
        try (Stream<Path> s = Files.list(fc)) {
            good = s.sorted().findFirst().orElseThrow();
        }
        Path truncated = tmp.resolve("truncated.json");
        Files.writeString(truncated, Files.readString(good).substring(0, 200));
        Path notFingerprint = tmp.resolve("other.json");
        Files.writeString(notFingerprint, "{\"hello\": 1}");
        for (Path bad : List.of(truncated, notFingerprint, tmp.resolve("missing.json"))) {
            Path out = tmp.resolve("fleet-" + bad.getFileName());
            CliRun r = CliRun.of("import", "firecracker", good.toString(), bad.toString(), "--out", out.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(lines(r.err())).anySatisfy(l -> assertThat(l).startsWith("import: " + bad));
            assertThat(lines(r.err())).last().asString().contains("1 of 2 file(s) not imported", "1 written");
            assertThat(listing(out)).as("the good file is written").containsExactly("neoverse-n1_6.1.json");
        }
        Path out = tmp.resolve("fleet");
        Path notADump = tmp.resolve("notes-cpusysregs-registers.txt");
        Files.writeString(notADump, "hello\n");
        CliRun r = CliRun.of("import", "raw", notADump.toString(), "--kernel", "6.12", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(lines(r.err())).first().asString().contains(notADump.toString(), "not a cpusysregs registers dump");
        assertThat(listing(out)).isEmpty();
        CliRun k = CliRun.of("import", "raw", notADump.toString(), "--kernel", "six", "--out", out.toString());
        assertThat(k.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(lines(k.err())).singleElement().asString().contains("--kernel");
    }

    @Test
    void oldKernelsImportAndSameNamesAreToldApart() throws IOException {
        Path fc = shared().resolve("firecracker-graviton").resolve("fingerprint_ARM_NEOVERSE_N1_6.1host.json");
        // the Graviton2 fingerprint relabelled as a Linux 5.10 host: imported (frozen ID registers), not refused
        Path old = tmp.resolve("n1-510.json");
        Files.writeString(old, Files.readString(fc).replaceFirst("\"kernel_version\": \"[^\"]*\"", "\"kernel_version\": \"5.10.0\""));
        Path twin = tmp.resolve("n1-510-twin.json");
        Files.writeString(twin, Files.readString(old));
        Path out = tmp.resolve("old");
        CliRun r = CliRun.of("import", "firecracker", old.toString(), twin.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(listing(out)).containsExactly("neoverse-n1_5.10.json", "neoverse-n1_5.10_n1-510-twin.json");
        CliRun named = CliRun.of("import", "firecracker", old.toString(), "--name", "rack7-host3", "--out", out.toString());
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(listing(out)).contains("rack7-host3.json");
        CliRun two = CliRun.of("import", "firecracker", old.toString(), twin.toString(), "--name", "x", "--out", out.toString());
        assertThat(two.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(two.err()).contains("--name x", "exactly one FILE");
    }

    @Test
    void aFingerprintOrDumpWhereAProfileIsExpectedSaysWhichImportToRun() {
        String fp = shared().resolve("firecracker-graviton").resolve("fingerprint_ARM_NEOVERSE_N1_6.1host.json").toString();
        String raw = shared().resolve("raw-silicon").resolve("ampere-altra-host-ubuntu.cpusysregs-registers.txt").toString();
        String model = fleetProfile().toString();
        for (String[] args : new String[][] {{"pools", fp}, {"baseline", model, fp}, {"check", fp, model}, {"show", fp}, {"compare", model, fp}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(lines(r.err())).singleElement().asString()
                    .contains(fp + ": this is a Firecracker fingerprint; import it first: cpumodel import firecracker " + fp);
            assertThat(r.out()).isEmpty();
        }
        CliRun r = CliRun.of("baseline", raw);
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(lines(r.err())).singleElement().asString().contains("this is a raw register dump; import it first: cpumodel import raw " + raw);
    }

    @Test
    void aKernelNewerThanTheNewestKnownOrMalformedIsRefusedAndNothingWritten() throws IOException {
        String raw = shared().resolve("raw-silicon").resolve("ampere-altra-host-ubuntu.cpusysregs-registers.txt").toString();
        String newest = org.cpumodel.kernel.abi.AbiTable.load().newestKnown().toString();
        Path out = tmp.resolve("k");
        for (String k : List.of("8.0", "7.4", "x.y", "6")) {
            CliRun r = CliRun.of("import", "raw", raw, "--kernel", k, "--out", out.toString());
            assertThat(r.exit()).as(k).isEqualTo(ExitCodes.USAGE);
            assertThat(lines(r.err())).singleElement().asString().contains("--kernel");
            if (k.contains(".") && Character.isDigit(k.charAt(0))) {
                assertThat(r.err()).contains("newer than Linux " + newest, "give " + newest + " or older");
            }
            assertThat(out).doesNotExist();
        }
        CliRun d = CliRun.of("decode", "ID_AA64PFR0_EL1", "0x1", "--kernel", "8.0");
        assertThat(d.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(lines(d.err())).singleElement().asString().contains("newer than Linux " + newest);
        CliRun ok = CliRun.of("import", "raw", raw, "--kernel", newest + ".1", "--out", out.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
    }
}
