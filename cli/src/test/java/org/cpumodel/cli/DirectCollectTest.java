package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The collect fast path parses exactly as picocli does, and leaves everything else to picocli. */
class DirectCollectTest {

    static Stream<List<String>> plainInvocations() {
        return Stream.of(
                List.of("collect"),
                List.of("collect", "--out", "host.json"),
                List.of("collect", "--out=dir/host.json"),
                List.of("collect", "--features", "default"),
                List.of("collect", "--features=default,pmu+sve", "--name", "rack4-n1"),
                List.of("collect", "--name", "a b", "--out", "/tmp/x.json", "--features", "pmu"),
                List.of("collect", "--out", "x.json", "--name=n=1"));
    }

    @ParameterizedTest
    @MethodSource("plainInvocations")
    void agreesWithPicocli(List<String> args) {
        Optional<CollectCommand> direct = DirectCollect.parse(args.toArray(String[]::new));
        assertThat(direct).as("fast path taken for %s", args).isPresent();

        CollectCommand viaPicocli = new CollectCommand();
        new CommandLine(viaPicocli).parseArgs(args.subList(1, args.size()).toArray(String[]::new));

        assertThat(direct.get().features).isEqualTo(viaPicocli.features);
        assertThat(direct.get().name).isEqualTo(viaPicocli.name);
        assertThat(direct.get().out).isEqualTo(viaPicocli.out);
    }

    @Test
    void leavesEverythingElseToPicocli() {
        for (String[] args : new String[][] {
                {}, {"show", "x.json"}, {"collect", "--help"}, {"collect", "-h"}, {"collect", "--version"},
                {"collect", "--out"}, {"collect", "--out", "--name"}, {"collect", "--bogus", "x"},
                {"collect", "--out", "a", "--out", "b"}, {"collect", "--name=", "--out", "x"},
                {"collect", "extra"}, {"collect", "--features", "-pmu"}, {"help", "collect"}}) {
            assertThat(DirectCollect.parse(args)).as(Arrays.toString(args)).isEmpty();
        }
    }

    /** The real entry point (its own JVM, since main exits): same one-line errors and exit codes as picocli's path. */
    @Test
    void mainReportsFailuresOfTheFastPathLikePicocli(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("p.json");
        Result bad = runMain("collect", "--features", "default,mte", "--out", out.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err().strip()).isEqualTo(CliRun.of("collect", "--features", "default,mte").err().strip());
        if (!"aarch64".equals(System.getProperty("os.arch")) || !Files.exists(Path.of("/dev/kvm"))) {
            Result noKvm = runMain("collect", "--out", out.toString());
            assertThat(noKvm.exit()).isEqualTo(ExitCodes.ENVIRONMENT);
            assertThat(noKvm.err().lines().toList()).singleElement().asString().startsWith("cpumodel collect: ");
            assertThat(out).doesNotExist();
        }
    }

    record Result(int exit, String err) {
    }

    static Result runMain(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), err);
    }

    @Test
    void optionsMatchTheCommandDeclaration() {
        var spec = new CommandLine(new CollectCommand()).getCommandSpec();
        assertThat(spec.options().stream().flatMap(o -> Arrays.stream(o.names())).filter(n -> !n.matches("-h|--help|-V|--version")))
                .as("every collect option must be known to DirectCollect (and to this test)")
                .containsExactlyInAnyOrder("--features", "--name", "--out", "--post", "--token-file");
        // --post and --token-file are left to picocli: posting needs the network anyway, start-up does not matter there
        assertThat(DirectCollect.parse(new String[] {"collect", "--post", "http://127.0.0.1:8790/"})).isEmpty();
        assertThat(DirectCollect.parse(new String[] {"collect", "--out", "x.json", "--token-file", "t"})).isEmpty();
        assertThat(spec.findOption("--features").defaultValue()).isEqualTo(CollectCommand.DEFAULT_FEATURES);
    }
}
