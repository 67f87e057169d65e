package org.cpumodel.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs the command line in-process (like {@link CliRun}) with collect, show and import present even
 * where Main does not list them yet.
 */
final class HostCommandsRun {

    private HostCommandsRun() {
    }

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        for (Object c : new Object[] {new CollectCommand(), new ShowCommand(), new ImportCommand()}) {
            String name = c.getClass().getAnnotation(CommandLine.Command.class).name();
            if (!cl.getSubcommands().containsKey(name)) {
                cl.addSubcommand(c);
            }
        }
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
