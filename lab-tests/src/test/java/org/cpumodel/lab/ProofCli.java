package org.cpumodel.lab;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cpumodel.cli.CpumodelCommand;
import org.cpumodel.cli.EmitCommand;
import org.cpumodel.cli.VerifyCommand;
import org.cpumodel.labagent.GuestReadCommand;
import picocli.CommandLine;

/**
 * Runs inside a lab guest (classpath: the lab agent's jar, which holds the product too, plus this class):
 * {@code cpumodel verify MODEL --json} then the lab agent's {@code guest-read MODEL} in one JVM, each
 * output and exit code written into OUTDIR. The commands are added to the product's command line here.
 */
public final class ProofCli {

    private ProofCli() {
    }

    static CommandLine commandLine() {
        CommandLine cl = CpumodelCommand.commandLine();
        if (!cl.getSubcommands().containsKey("emit")) {
            cl.addSubcommand(new EmitCommand());
        }
        if (!cl.getSubcommands().containsKey("verify")) {
            cl.addSubcommand(new VerifyCommand());
        }
        cl.addSubcommand(new GuestReadCommand());
        return cl;
    }

    static void run(Path dir, String name, String... args) throws java.io.IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        Files.writeString(dir.resolve(name + ".out"), out.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".err"), err.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".rc"), Integer.toString(rc), StandardCharsets.UTF_8);
    }

    /** {@code ProofCli MODEL OUTDIR [PROFILE]}: PROFILE (this host's, from the fleet) explains refusals without collecting. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args.length > 2) {
            run(dir, "verify", "verify", args[0], "--json", "--profile", args[2]);
        } else {
            run(dir, "verify", "verify", args[0], "--json");
        }
        run(dir, "guest", "guest-read", args[0]);
    }
}
