package org.cpumodel.emit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpumodel.profile.GuestCpuModel;

/**
 * The model as libvirt domain XML that libvirt accepts today: the children of {@code <domain>} to
 * merge into a domain whose root declares {@code xmlns:qemu='}{@value #QEMU_NS}{@code '}.
 *
 * <p>libvirt has no host-model on aarch64/KVM and no per-field CPU properties, so the fragment uses
 * {@code <cpu mode='host-passthrough' check='none' migratable='off'>} with the features libvirt
 * knows on Arm ({@code sve}, {@code sve<N>}, {@code pauth}) and {@code <features><pmu/>}, and passes
 * the QEMU options of {@link QemuEmitter} verbatim with {@code <qemu:commandline>}: a final
 * {@code -cpu host,...} (QEMU takes the last {@code -cpu}), {@code -machine} for the errata targets
 * and nested virtualisation, {@code -global} for the register-list properties. libvirt marks such
 * domains as tainted (custom-argv). The SYSREG_ properties need QEMU with the customizable KVM host
 * model series, which is not merged upstream yet.
 */
public final class LibvirtEmitter {

    public static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";

    private LibvirtEmitter() {
    }

    public static String emit(ModelDelta delta) {
        QemuConfig c = QemuConfig.of(delta);
        GuestCpuModel m = delta.model();
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- cpumodel guest CPU model '").append(xml(m.name())).append("' (").append(m.shortId()).append("), vCPU features ")
                .append(m.featureSet()).append(", for libvirt -->\n");
        sb.append("<!-- children of <domain type='kvm' xmlns:qemu='").append(QEMU_NS).append("'>; merge <features> with the domain's own -->\n");
        sb.append("<!-- the SYSREG_ properties need QEMU with the customizable aarch64 KVM host model series (not merged upstream yet) -->\n");
        if (m.gic() != null) {
            sb.append(String.format("<!-- GIC: every member must accept ICC_CTLR_EL1 = 0x%x (PRIbits %d, IDbits %d, SEIS %d, A3V %d) -->%n",
                    m.gic().iccCtlr(), m.gic().priBits(), m.gic().idBits(), m.gic().seis(), m.gic().a3v()));
        }
        for (String w : delta.warnings()) {
            sb.append("<!-- WARNING: ").append(xml(w).replace("--", "- -")).append(" -->\n");
        }
        sb.append("<features>\n");
        sb.append("  <pmu state='").append(QemuConfig.onOff(m.vcpu().pmu())).append("'/>\n");
        sb.append("</features>\n");
        sb.append("<cpu mode='host-passthrough' check='none' migratable='off'>\n");
        for (Map.Entry<String, String> e : c.cpuProps().entrySet()) {
            String k = e.getKey();
            if (k.equals("sve") || k.matches("sve\\d+") || k.equals("pauth")) {
                sb.append("  <feature policy='").append(e.getValue().equals("on") ? "require" : "disable").append("' name='").append(k).append("'/>\n");
            }
        }
        sb.append("</cpu>\n");
        sb.append("<qemu:commandline>\n");
        for (String a : args(c)) {
            sb.append("  <qemu:arg value='").append(xml(a)).append("'/>\n");
        }
        sb.append("</qemu:commandline>\n");
        return sb.toString();
    }

    /** The QEMU arguments the fragment passes through. */
    static List<String> args(QemuConfig c) {
        List<String> a = new ArrayList<>();
        if (!c.machineOptions().isEmpty()) {
            a.add("-machine");
            a.add(String.join(",", c.machineOptions()));
        }
        a.add("-cpu");
        a.add(c.cpuOption());
        for (String g : c.globals()) {
            a.add("-global");
            a.add(g);
        }
        return a;
    }

    /** The fragment inside a minimal domain, for schema validation and for trying it out. */
    public static String wrapInDomain(String fragment) {
        return "<domain type='kvm' xmlns:qemu='" + QEMU_NS + "'>\n"
                + "<name>cpumodel</name>\n<memory unit='MiB'>512</memory>\n"
                + "<os><type arch='aarch64' machine='virt'>hvm</type></os>\n"
                + fragment
                + "</domain>\n";
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
