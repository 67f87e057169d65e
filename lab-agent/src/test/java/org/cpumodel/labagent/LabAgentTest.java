package org.cpumodel.labagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cpumodel.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The lab agent's command line without KVM: its commands, usage errors and the environment exit code. */
class LabAgentTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LabAgent.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static boolean hasKvm() {
        return "aarch64".equals(System.getProperty("os.arch")) && Files.isWritable(Path.of("/dev/kvm"));
    }

    @Test
    void listsItsTwoCommands() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("cpumodel-lab", "trials", "guest-read");
        assertThat(run().exit()).as("no subcommand").isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void trialsNeedsAPlanOrACollection() {
        Run r = run("trials", "--out", "x.json");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("cpumodel-lab trials: give either PLAN or --collect FILE");
    }

    @Test
    void withoutArm64KvmBothCommandsSayItIsTheEnvironment(@TempDir Path tmp) {
        assumeFalse(hasKvm(), "this host has KVM");
        // the cli module's test model (a neoverse-n1 + cortex-a76 pool)
        Path model = Path.of(System.getProperty("cpumodel.root", ".."), "cli/src/test/resources/org/cpumodel/cli/emit/model-n1-a76.json");
        assertThat(model).isRegularFile();
        Run guest = run("guest-read", model.toString());
        assertThat(guest.exit()).as(guest.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(guest.err()).contains("not an arm64 host");
        Run trials = run("trials", "--collect", tmp.resolve("p.json").toString(), "--out", tmp.resolve("r.json").toString());
        assertThat(trials.exit()).as(trials.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(trials.err()).contains("not an arm64 host");
    }
}
