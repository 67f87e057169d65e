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
        assertThat(r.out()).containsPattern("MIDR_EL1\\s+0x00000000414fd0c1\\s*\\n");
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
}
