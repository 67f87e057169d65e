package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** emit and verify in-process (registered here if Main does not list them yet); the lab's commands are not the product's. */
class EmitVerifyCommandsTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path host;
    static Path smallHost;

    @BeforeAll
    static void fixtures() throws IOException {
        model = copy("model-n1-a76.json", "model.json", "", "");
        host = copy("host-neoverse-n1_7.3.json", "host.json", "", "");
        smallHost = copy("host-neoverse-n1_7.3.json", "small.json", "0x0000000000101125", "0x0000000000101121");
    }

    static Path copy(String res, String name, String from, String to) throws IOException {
        try (InputStream in = EmitVerifyCommandsTest.class.getResourceAsStream("emit/" + res)) {
            Path p = dir.resolve(name);
            Files.writeString(p, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(from, to));
            return p;
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = CpumodelCommand.commandLine();
        if (!cl.getSubcommands().containsKey("emit")) {
            cl.addSubcommand(new EmitCommand());
        }
        if (!cl.getSubcommands().containsKey("verify")) {
            cl.addSubcommand(new VerifyCommand());
        }
        return cl;
    }

    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliRun(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void emitsEachFormat() {
        CliRun q = run("emit", model.toString(), "--format", "qemu", "--host", host.toString());
        assertThat(q.exit()).as(q.err()).isZero();
        assertThat(q.out()).contains("-cpu host,pmu=on,sve=off,pauth=off,SYSREG_MIDR_EL1_Variant=0x0").contains("NOT merged upstream");
        assertThat(run("emit", model.toString(), "--format", "libvirt").out()).contains("<cpu mode='host-passthrough'");
        CliRun fc = run("emit", model.toString(), "--format", "firecracker");
        assertThat(fc.out()).contains("\"kvm_capabilities\"");
        assertThat(fc.err()).contains("warning: Firecracker has no knob for the vGIC");
        assertThat(run("emit", model.toString(), "--format", "kvm").out()).contains("\"cpumodel-kvm-plan\"");
    }

    @Test
    void emitRejectsAnUnknownFormatAndWritesFiles() throws IOException {
        assertThat(run("emit", model.toString(), "--format", "xen").exit()).isEqualTo(ExitCodes.USAGE);
        Path out = dir.resolve("t.json");
        assertThat(run("emit", model.toString(), "--format", "firecracker", "--out", out.toString()).exit()).isZero();
        assertThat(Files.readString(out)).startsWith("{");
    }

    @Test
    void verifyDryRunHoldsOnAMemberAndNamesTheFieldElsewhere() {
        CliRun ok = run("verify", model.toString(), "--dry-run", host.toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("HOLDS: 14 of 14");
        CliRun bad = run("verify", model.toString(), "--dry-run", smallHost.toString(), "--json");
        assertThat(bad.exit()).isEqualTo(ExitCodes.NEGATIVE);
        assertThat(bad.out()).contains("\"holds\" : false").contains("\"field\" : \"PARange\"").contains("\"rule\" : \"LOWER_SAFE\"");
    }

    @Test
    void realVerifyNeedsArm64Kvm() {
        assumeFalse("aarch64".equals(System.getProperty("os.arch")) && Files.isWritable(Path.of("/dev/kvm")), "this host has KVM");
        CliRun v = run("verify", model.toString());
        assertThat(v.exit()).as(v.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(v.err()).contains("not an arm64 host");
    }

    @Test
    void theProductHasNoLabCommands() {
        StringWriter out = new StringWriter();
        CommandLine cl = CpumodelCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.execute("--help");
        assertThat(out.toString()).doesNotContain("lab-").doesNotContain("trials");
        assertThat(CpumodelCommand.SUBCOMMANDS).noneMatch(c -> c.startsWith("lab"));
        CliRun r = run("lab-guest-read", model.toString());
        assertThat(r.exit()).as("an unknown subcommand").isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("lab-guest-read");
    }
}
