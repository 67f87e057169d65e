package org.cpumodel.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cpumodel.migration.ControlClient;
import org.cpumodel.migration.ControlCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "migrate", header = "Move a running guest to another host ('cpumodel vm run --incoming') while it runs.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Commands the VMM behind --control ('cpumodel vm run --control SOCKET') to migrate its guest to --to:",
                "the destination first checks the guest's CPU model against its own live profile with the planner's check and",
                "refuses it (naming the register, field and rule) before anything moves; then pre-copy of guest RAM with KVM's",
                "dirty log, pass after pass, until what is left fits --downtime at the measured bandwidth (or --max-iterations),",
                "vCPUs throttled when the guest dirties memory faster than the link moves it; then the guest is paused, the",
                "last pages and every vCPU, vGIC and UART register sent, and it runs on the destination once that has restored",
                "it all. Any failure before then (refusal, destination killed, link cut) leaves the guest running here."},
        footer = {"", "Exit codes: 0 the guest runs on the destination (the source VMM exits 0), 1 refused or failed (the guest keeps",
                "running here), 2 bad input, 3 no VMM at --control, or the destination did not confirm after it was told to go",
                "(the guest is stopped here and may run there).", "", "Example:",
                "  cpumodel vm migrate --to 10.0.0.2:4444 --control /run/vm.sock --downtime 300"})
public final class VmMigrateCommand implements Callable<Integer> {

    @Option(names = "--to", required = true, paramLabel = "ADDR:PORT", description = "The destination ('cpumodel vm run --incoming ADDR:PORT').")
    String to;

    @Option(names = "--control", required = true, paramLabel = "SOCKET", description = "The source VMM's control socket ('vm run --control').")
    Path control;

    @Option(names = "--downtime", paramLabel = "MS", defaultValue = "300",
            description = "The longest pause the guest may see, in milliseconds (default: ${DEFAULT-VALUE}).")
    long downtime;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "30",
            description = "Pre-copy passes before stop-and-copy regardless of the downtime (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--link-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up (the guest keeps running here) when the link makes no progress for this long (default: ${DEFAULT-VALUE}).")
    int linkTimeout;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        var address = VmIncoming.address("--to", to);
        ControlCommand.Migrate cmd;
        try {
            cmd = new ControlCommand.Migrate(address.getHostString(), address.getPort(), downtime, linkTimeout * 1000L, maxIterations);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--downtime/--max-iterations/--link-timeout: " + e.getMessage());
        }
        if (!Files.exists(control)) {
            throw CliException.environment("--control " + control + ": no such socket; is 'cpumodel vm run --control " + control + "' running?");
        }
        ControlClient.Result r;
        try {
            r = ControlClient.send(control, cmd, line -> {
                err.println(line);
                err.flush();
            });
        } catch (IOException e) {
            throw CliException.environment("--control " + control + ": " + e.getMessage());
        }
        String outcome = r.outcome().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        err.println("vm migrate: " + (r.detail().startsWith(outcome + ":") ? r.detail() : outcome + ": " + r.detail()));
        err.flush();
        return switch (r.outcome()) {
            case "MIGRATED" -> ExitCodes.OK;
            case "REFUSED", "FAILED_SOURCE_RUNS", "NOT_RUNNING" -> ExitCodes.NEGATIVE;
            case "BAD_COMMAND" -> ExitCodes.USAGE;
            default -> ExitCodes.ENVIRONMENT;
        };
    }
}
