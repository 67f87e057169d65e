package org.cpumodel.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cpumodel.emit.EmitException;
import org.cpumodel.emit.EmitFormat;
import org.cpumodel.emit.Emitters;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "emit", header = "Write a model as QEMU, libvirt, Firecracker or KVM-plan configuration.", mixinStandardHelpOptions = true,
        description = {"Write a guest CPU model as configuration for a VMM:",
                "  qemu         -cpu host,SYSREG_<REG>_<FIELD>=... (the customizable KVM host model series, NOT merged upstream yet),",
                "               -machine impl-cpu.N.* for the errata targets, x-mig-hidden-regs / x-mig-safe-missing-regs",
                "  libvirt      <cpu mode='host-passthrough'> plus the same QEMU options in <qemu:commandline>",
                "  firecracker  a custom CPU template (reg_modifiers 0/1/x bitmaps, kvm_capabilities, vcpu_features)",
                "  kvm          the ordered KVM steps any VMM can follow (JSON; 'cpumodel verify' follows it)",
                "With --host only the fields that differ from that host's own values are set; without it every writable field.",
                "What a format cannot express goes to stderr as a warning."},
        footer = {"", "Examples:", "  cpumodel emit pool.json --format qemu --host examples/fleet/neoverse-n1_7.3.json",
                "  cpumodel emit pool.json --format firecracker --out template.json"})
public final class EmitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A guest CPU model (cpumodel baseline --out).")
    Path model;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "qemu, libvirt, firecracker or kvm.")
    String format;

    @Option(names = "--host", paramLabel = "PROFILE", description = "Set only the fields that differ from this host's own values.")
    Path host;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (atomically) instead of stdout.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        EmitFormat f = EmitFormat.parse(format);
        GuestCpuModel m = ModelJson.read(model);
        HostProfile h = host == null ? null : ForeignInput.read(host, () -> ProfileJson.read(host));
        Emitters.Emitted e;
        try {
            e = Emitters.emit(f, m, h);
        } catch (EmitException ex) {
            throw CliException.usage(ex.getMessage());
        }
        var err = spec.commandLine().getErr();
        for (String w : e.warnings()) {
            err.println("cpumodel emit: warning: " + w);
        }
        err.flush();
        if (out == null) {
            spec.commandLine().getOut().print(e.text());
            spec.commandLine().getOut().flush();
        } else {
            Json.writeAtomically(out, e.text());
        }
        return ExitCodes.OK;
    }
}
