package org.cpumodel.emit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.profile.GuestCpuModel;

/**
 * A QEMU configuration in structured form, shared by the QEMU and libvirt emitters and their readers.
 *
 * @param cpuProps         {@code -cpu host,...} properties in order: vCPU features ({@code pmu}, {@code sve},
 *                         {@code sve<N>}, {@code pauth}) then {@code SYSREG_<REG>_<FIELD>} values
 * @param implCpus         {@code -machine impl-cpu.N.midr/revidr/aidr}: the errata target CPUs
 * @param virtualization   {@code -machine virtualization=on} (vCPU feature HAS_EL2)
 * @param hiddenRegs       {@code x-mig-hidden-regs} KVM register ids
 * @param safeMissingRegs  {@code x-mig-safe-missing-regs} KVM register ids
 */
public record QemuConfig(SequencedMap<String, String> cpuProps, List<GuestCpuModel.ErrataTarget> implCpus, boolean virtualization,
                         List<Long> hiddenRegs, List<Long> safeMissingRegs) {

    /** The QOM type of {@code -cpu host} on aarch64, for {@code -global}. */
    public static final String CPU_TYPE = "host-arm-cpu";
    public static final String SYSREG_PREFIX = "SYSREG_";

    public QemuConfig {
        cpuProps = new LinkedHashMap<>(cpuProps);
        implCpus = List.copyOf(implCpus);
        hiddenRegs = List.copyOf(hiddenRegs);
        safeMissingRegs = List.copyOf(safeMissingRegs);
    }

    /** The configuration for a model (see {@link ModelDelta} for which fields are set). */
    public static QemuConfig of(ModelDelta delta) {
        GuestCpuModel m = delta.model();
        SequencedMap<String, String> props = new LinkedHashMap<>();
        GuestCpuModel.Vcpu v = m.vcpu();
        props.put("pmu", onOff(v.pmu()));
        props.put("sve", onOff(v.sve()));
        if (v.sve()) {
            for (int bits : v.sveVectorLengths()) {
                props.put("sve" + bits, "on");
            }
        }
        props.put("pauth", onOff(v.ptrauth()));
        for (FieldSetting f : delta.fields()) {
            props.put(propertyName(f), hex(f.value()));
        }
        List<GuestCpuModel.ErrataTarget> impl = delta.errataHypercalls() ? m.identity().errataTargets() : List.of();
        List<Long> hide = new ArrayList<>();
        List<Long> tolerate = new ArrayList<>();
        for (GuestCpuModel.RegListEntry e : m.regListDrift()) {
            (e.action().equals("hide") ? hide : tolerate).add(e.id());
        }
        return new QemuConfig(props, impl, v.el2(), hide, tolerate);
    }

    /** {@code SYSREG_ID_AA64ISAR0_EL1_DP}; a register without named fields is {@code SYSREG_REVIDR_EL1}. */
    public static String propertyName(FieldSetting f) {
        return f.wholeRegister() ? SYSREG_PREFIX + f.register() : SYSREG_PREFIX + f.register() + "_" + f.field();
    }

    /** The field a {@code SYSREG_} property names, resolved against the knowledge base. */
    public static FieldSetting parseProperty(String name, long value) {
        if (!name.startsWith(SYSREG_PREFIX)) {
            throw new EmitException("not a SYSREG_ property: " + name);
        }
        String rest = name.substring(SYSREG_PREFIX.length());
        KnowledgeBase kb = KnowledgeBase.load();
        for (Register r : kb.registers()) {
            if (rest.equals(r.name()) && r.namedFields().size() == 1 && r.namedFields().getFirst().width() == 64) {
                Field f = r.namedFields().getFirst();
                return new FieldSetting(r.name(), f.name(), 63, 0, value);
            }
            if (rest.startsWith(r.name() + "_")) {
                String field = rest.substring(r.name().length() + 1);
                var f = r.field(field);
                if (f.isPresent() && f.get().name().equals(field)) {
                    if (Long.compareUnsigned(value, Bits.mask(f.get().width() - 1, 0)) > 0) {
                        throw new EmitException(name + "=" + hex(value) + " does not fit the " + f.get().width() + "-bit field");
                    }
                    return new FieldSetting(r.name(), field, f.get().msb(), f.get().lsb(), value);
                }
            }
        }
        throw new EmitException("unknown register field in property " + name);
    }

    /** The {@code SYSREG_} properties as field settings, in order. */
    public List<FieldSetting> sysregFields() {
        List<FieldSetting> out = new ArrayList<>();
        for (Map.Entry<String, String> e : cpuProps.entrySet()) {
            if (e.getKey().startsWith(SYSREG_PREFIX)) {
                out.add(parseProperty(e.getKey(), Bits.parseHex(e.getValue())));
            }
        }
        return out;
    }

    /** The {@code -machine} options this configuration adds (without the machine type). */
    public List<String> machineOptions() {
        List<String> opts = new ArrayList<>();
        if (virtualization) {
            opts.add("virtualization=on");
        }
        for (int i = 0; i < implCpus.size(); i++) {
            GuestCpuModel.ErrataTarget t = implCpus.get(i);
            opts.add("impl-cpu." + i + ".midr=" + hex(t.midr()));
            opts.add("impl-cpu." + i + ".revidr=" + hex(t.revidr()));
            opts.add("impl-cpu." + i + ".aidr=" + hex(t.aidr()));
        }
        return opts;
    }

    /** {@code -global} values for the register-list properties; list items separated by QemuOpts' escaped comma. */
    public List<String> globals() {
        List<String> g = new ArrayList<>();
        if (!hiddenRegs.isEmpty()) {
            g.add(CPU_TYPE + ".x-mig-hidden-regs=" + ids(hiddenRegs));
        }
        if (!safeMissingRegs.isEmpty()) {
            g.add(CPU_TYPE + ".x-mig-safe-missing-regs=" + ids(safeMissingRegs));
        }
        return g;
    }

    /** The {@code -cpu} value. */
    public String cpuOption() {
        StringBuilder sb = new StringBuilder("host");
        cpuProps.forEach((k, v) -> sb.append(',').append(k).append('=').append(v));
        return sb.toString();
    }

    private static String ids(List<Long> ids) {
        return String.join(",,", ids.stream().map(Bits::hex64).toList());
    }

    static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v).toLowerCase(Locale.ROOT);
    }
}
