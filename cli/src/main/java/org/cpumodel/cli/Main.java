package org.cpumodel.cli;

import java.io.PrintWriter;
import org.cpumodel.kb.UnknownRegisterException;
import org.cpumodel.kernel.abi.KernelTooOldException;
import org.cpumodel.profile.ProfileFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cpumodel} command: subcommands are thin shells over the library modules. */
@Command(name = "cpumodel", mixinStandardHelpOptions = true, version = "cpumodel 0.1.0",
        description = {"Common guest CPU models for live migration of KVM virtual machines between different arm64 hosts.", ""},
        subcommands = {CollectCommand.class, ImportCommand.class, ShowCommand.class, RegsCommand.class, DecodeCommand.class,
                BaselineCommand.class, CompareCommand.class, CheckCommand.class, PoolsCommand.class, EmitCommand.class,
                VerifyCommand.class, LabTrialsCommand.class, LabGuestReadCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  a negative verdict (incompatible, rejected, pool impossible)",
                "  2  bad usage or bad input", "  3  environment problem (no /dev/kvm, permission, kernel too old)"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            int code;
            String msg;
            if (ex instanceof CliException ce) {
                code = ce.exitCode();
                msg = ce.getMessage();
            } else if (ex instanceof UnknownRegisterException || ex instanceof ProfileFormatException || ex instanceof IllegalArgumentException) {
                code = ExitCodes.USAGE;
                msg = ex.getMessage();
            } else if (ex instanceof KernelTooOldException) {
                code = ExitCodes.ENVIRONMENT;
                msg = ex.getMessage();
            } else {
                throw ex;
            }
            err.println("cpumodel " + cmd.getCommandName() + ": " + msg);
            err.flush();
            return code;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("cpumodel: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }
}
