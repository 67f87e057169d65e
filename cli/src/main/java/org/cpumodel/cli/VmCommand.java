package org.cpumodel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cpumodel vm}: run a guest under a CPU model with the project's own VMM. */
@Command(name = "vm", header = "Run a Linux guest under a guest CPU model with cpumodel's own VMM (arm64 KVM).",
        mixinStandardHelpOptions = true, subcommands = {VmRunCommand.class, VmMigrateCommand.class},
        description = {"A small VMM on cpumodel's KVM binding: it boots an arm64 Linux Image with an initramfs under a model's",
                "KVM plan (or the host's own CPU), with the model's registers on every vCPU before the first KVM_RUN."},
        footer = {"", "Live migration: 'vm run --control SOCKET' on the source, 'vm run --incoming ADDR:PORT' on the destination,",
                "then 'vm migrate --to ADDR:PORT --control SOCKET' (docs/migration.md)."})
public final class VmCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (vm run, vm migrate)");
    }
}
