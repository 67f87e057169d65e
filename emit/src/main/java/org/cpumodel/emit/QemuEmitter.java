package org.cpumodel.emit;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.profile.GuestCpuModel;

/**
 * The model as QEMU command-line arguments, one argument pair per line (shell continuation), with
 * comments that say where each kind of option comes from and how settled it is upstream.
 *
 * <p>{@code -cpu host,SYSREG_<REG>_<FIELD>=<value>} is the syntax of Eric Auger and Cornelia Huck's
 * "kvm/arm: Introduce a customizable aarch64 KVM host model" series (v9, 2026-09-16), which is
 * <b>not merged upstream yet</b>; the errata targets use the {@code impl-cpu.N.*} machine options of
 * Shameer Kolothum's RFC (not merged either); {@code x-mig-hidden-regs} and
 * {@code x-mig-safe-missing-regs} are merged CPU properties.
 */
public final class QemuEmitter {

    private QemuEmitter() {
    }

    public static String emit(ModelDelta delta) {
        QemuConfig c = QemuConfig.of(delta);
        GuestCpuModel m = delta.model();
        List<String> lines = new ArrayList<>();
        lines.add("# cpumodel guest CPU model '" + m.name() + "' (" + m.shortId() + "), vCPU features " + m.featureSet() + ", for QEMU");
        lines.add(delta.host() == null ? "# every writable field of the model (no --host: the member kernels' writable masks)"
                : "# the fields that differ on host " + delta.host().host().name() + " (" + delta.host().host().kernelRelease() + ")");
        lines.add("# SYSREG_<REG>_<FIELD>: 'kvm/arm: Introduce a customizable aarch64 KVM host model' (Auger/Huck, v9), NOT merged upstream yet");
        if (!c.implCpus().isEmpty()) {
            lines.add("# impl-cpu.N.*: errata target CPUs for the DISCOVER_IMPL hypercalls (Kolothum RFC), NOT merged upstream yet");
        }
        if (!c.globals().isEmpty()) {
            lines.add("# x-mig-hidden-regs / x-mig-safe-missing-regs: merged CPU properties for KVM register-list drift");
        }
        if (m.gic() != null) {
            lines.add(String.format("# GIC: restore ICC_CTLR_EL1 = 0x%x (PRIbits %d, IDbits %d, SEIS %d, A3V %d); QEMU has no option for it",
                    m.gic().iccCtlr(), m.gic().priBits(), m.gic().idBits(), m.gic().seis(), m.gic().a3v()));
        }
        for (String w : delta.warnings()) {
            lines.add("# WARNING: " + w);
        }
        List<String> args = new ArrayList<>();
        List<String> machine = c.machineOptions();
        if (!machine.isEmpty()) {
            args.add("-machine virt," + String.join(",", machine));
        }
        args.add("-cpu " + c.cpuOption());
        for (String g : c.globals()) {
            args.add("-global " + g);
        }
        for (int i = 0; i < args.size(); i++) {
            lines.add(args.get(i) + (i < args.size() - 1 ? " \\" : ""));
        }
        return String.join("\n", lines) + "\n";
    }
}
