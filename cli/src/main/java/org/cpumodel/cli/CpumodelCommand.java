package org.cpumodel.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code cpumodel} command for picocli: subcommands are thin shells over the library modules.
 *
 * <p>Subcommands are registered by name, and a run that names one registers only that one:
 * building every subcommand's model costs picocli's annotation reflection for all of them, which
 * is most of a run's time where the JVM is slow to start (an arm64 host under emulation, where
 * {@code collect} must finish in about two seconds). Help and errors still see every subcommand.
 * The entry point is {@link Main}.
 */
@Command(name = "cpumodel", mixinStandardHelpOptions = true, version = "cpumodel 0.1.0",
        description = {"Common guest CPU models for live migration of KVM virtual machines between different arm64 hosts.", ""},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  a negative verdict (incompatible, rejected, pool impossible)",
                "  2  bad usage or bad input", "  3  environment problem (no /dev/kvm, permission, kernel too old, I/O error, full disk)"})
public final class CpumodelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** Every subcommand's name, in help order. */
    static final List<String> SUBCOMMANDS = List.of("collect", "import", "show", "regs", "decode", "baseline", "compare",
            "check", "pools", "emit", "verify", "serve", "vm", "help");

    /** A new instance of the subcommand {@code name} (a switch, so no other subcommand class is loaded). */
    private static Object newSubcommand(String name) {
        return switch (name) {
            case "collect" -> new CollectCommand();
            case "import" -> new ImportCommand();
            case "show" -> new ShowCommand();
            case "regs" -> new RegsCommand();
            case "decode" -> new DecodeCommand();
            case "baseline" -> new BaselineCommand();
            case "compare" -> new CompareCommand();
            case "check" -> new CheckCommand();
            case "pools" -> new PoolsCommand();
            case "emit" -> new EmitCommand();
            case "verify" -> new VerifyCommand();
            case "serve" -> new ServeCommand();
            case "vm" -> new VmCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /** The whole command line, every subcommand registered. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The command line for these arguments: only the subcommand they name when the first argument
     * is one (other than {@code help}), else every subcommand.
     */
    static CommandLine commandLineFor(String[] args) {
        if (args.length > 0 && SUBCOMMANDS.contains(args[0]) && !args[0].equals("help")) {
            return commandLine(List.of(args[0]));
        }
        return commandLine();
    }

    private static CommandLine commandLine(Collection<String> names) {
        CommandLine cl = new CommandLine(new CpumodelCommand());
        for (String name : names) {
            cl.addSubcommand(name, newSubcommand(name));
        }
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> report(ex, cmd.getCommandSpec().qualifiedName(" ").replaceFirst("^cpumodel ", ""), cmd.getErr()));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            String m = ex.getMessage().lines().findFirst().orElse("");
            cmd.getErr().println("cpumodel: " + m + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /** A failure of a command as its one-line message and exit code ({@link Failures}). */
    static int report(Exception ex, String command, PrintWriter err) {
        return Failures.report(ex, command, err);
    }
}
