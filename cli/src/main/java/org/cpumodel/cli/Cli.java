package org.cpumodel.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of the command line: options common to every command ({@code --debug}), an unknown
 * command refused before picocli would answer its {@code --help}, every failure through
 * {@link Failures}, and an error writing standard output reported as exit 3 instead of lost.
 */
public final class Cli {

    private Cli() {
    }

    public static int run(String[] argv, PrintWriter out, PrintWriter err) {
        List<String> args = new ArrayList<>();
        for (String a : argv) {
            if (a.equals("--debug")) {
                Failures.debug(true);
            } else {
                args.add(a);
            }
        }
        String[] a = args.toArray(String[]::new);
        if (a.length > 0 && !a[0].startsWith("-") && !CpumodelCommand.SUBCOMMANDS.contains(a[0])) {
            err.println("cpumodel: unknown command '" + a[0] + "' (commands: " + String.join(", ", CpumodelCommand.SUBCOMMANDS) + "; see 'cpumodel --help')");
            err.flush();
            return ExitCodes.USAGE;
        }
        int code;
        try {
            CommandLine cl = CpumodelCommand.commandLineFor(a);
            cl.setOut(out);
            cl.setErr(err);
            code = cl.execute(a);
        } catch (RuntimeException | Error e) { // a failure while building or parsing, outside the handlers
            code = Failures.report(e, a.length > 0 ? a[0] : "", err);
        }
        if (out.checkError()) {
            err.println("cpumodel" + (a.length > 0 ? " " + a[0] : "") + ": cannot write standard output (disk full, or closed?)");
            err.flush();
            return ExitCodes.ENVIRONMENT;
        }
        return code;
    }
}
