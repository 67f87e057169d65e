package org.cpumodel.labagent;

import org.cpumodel.cli.CliException;
import org.cpumodel.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code cpumodel-lab}: the lab's own commands, in a jar of their own that the lab tests copy into
 * lab hosts (the released {@code cpumodel.jar} holds the product only): {@code trials} (the real-KVM
 * half of the differential test) and {@code guest-read} (what a guest reads, for the proof).
 */
@Command(name = "cpumodel-lab", mixinStandardHelpOptions = true, subcommands = {TrialsCommand.class, GuestReadCommand.class},
        description = {"cpumodel's lab agent: runs inside the emulated lab's arm64 KVM hosts.", ""},
        footerHeading = "%nExit codes:%n", footer = {"  0  success", "  2  bad usage or bad input", "  3  environment problem (no /dev/kvm, not arm64)"})
public final class LabAgent implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The command line, with cpumodel's one-line error reporting and exit codes. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LabAgent());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof CliException ce) {
                cmd.getErr().println("cpumodel-lab " + cmd.getCommandName() + ": " + ce.getMessage());
                cmd.getErr().flush();
                return ce.exitCode();
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("cpumodel-lab: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
