package org.cpumodel.emit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;

/**
 * The registers and fields a VMM configuration must set to present a guest CPU model: every
 * register of the model (identity registers included when the model writes the identity), in plan
 * order, each with the writable fields to set.
 *
 * <p>With a host profile, a field is set when the model's value differs from the host's own value
 * for the model's vCPU features; a differing field outside the host's writable mask is listed as
 * not writable. Without a host, every writable field of the model is set, writable meaning inside
 * the mask every member's kernel reports (KVM_ARM_GET_REG_WRITABLE_MASKS, from the kernel ABI table).
 * The identity registers MIDR_EL1/REVIDR_EL1/AIDR_EL1 are writable only through capability 239,
 * which the configuration enables when the model's identity policy is {@code single}.
 */
public record ModelDelta(GuestCpuModel model, HostProfile host, List<RegisterDelta> registers) {

    public ModelDelta {
        registers = List.copyOf(registers);
    }

    public static ModelDelta of(GuestCpuModel model, HostProfile host) {
        if (!model.possible()) {
            throw new EmitException("model '" + model.name() + "' is not possible (" + model.blockers().size()
                    + " blocker(s), see 'cpumodel explain'): there is nothing to configure");
        }
        KnowledgeBase kb = KnowledgeBase.load();
        FeatureSetView view = null;
        if (host != null) {
            view = host.featureSet(model.featureSet()).orElseThrow(() -> new EmitException("host " + host.host().name()
                    + " does not offer the model's vCPU features '" + model.featureSet() + "'"));
        }
        List<RegisterDelta> out = new ArrayList<>();
        for (GuestCpuModel.RegisterSetting s : model.registers()) {
            out.add(delta(kb.require(s.register()), s.value(), model, host, view, false));
        }
        GuestCpuModel.Identity id = model.identity();
        if (id.writesIdentity()) {
            addIdentity(kb, out, Sysregs.MIDR_EL1.NAME, id.midr(), model, host, view);
            addIdentity(kb, out, Sysregs.REVIDR_EL1.NAME, id.revidr(), model, host, view);
            addIdentity(kb, out, Sysregs.AIDR_EL1.NAME, id.aidr(), model, host, view);
        }
        out.sort(Comparator.comparingInt(RegisterDelta::planIndex));
        return new ModelDelta(model, host, out);
    }

    private static void addIdentity(KnowledgeBase kb, List<RegisterDelta> out, String name, Long value, GuestCpuModel model,
                                    HostProfile host, FeatureSetView view) {
        if (value != null && out.stream().noneMatch(d -> d.register().equals(name))) {
            out.add(delta(kb.require(name), value, model, host, view, true));
        }
    }

    private static RegisterDelta delta(Register reg, long value, GuestCpuModel model, HostProfile host, FeatureSetView view,
                                       boolean identity) {
        long writable = identity ? -1L : writableMask(reg, model, host);
        Long base = null;
        if (view != null) {
            if (!view.recorded(reg.name()) || view.absent(reg.name())) {
                throw new EmitException("host " + host.host().name() + " does not expose " + reg.name() + " (the model sets it)");
            }
            base = view.value(reg.name()).getAsLong();
        }
        List<FieldSetting> fields = new ArrayList<>();
        List<String> notWritable = new ArrayList<>();
        List<Field> named = reg.namedFields();
        long covered = 0;
        for (Field f : named) {
            covered |= f.mask();
            long v = f.get(value);
            boolean differs = base == null || f.get(base) != v;
            if (!differs) {
                continue;
            }
            if ((f.mask() & writable) == f.mask()) {
                fields.add(new FieldSetting(reg.name(), f.name(), f.msb(), f.lsb(), v));
            } else if (base != null) {
                notWritable.add(f.name());
            }
        }
        if (base != null && ((value ^ base) & ~covered) != 0) {
            for (Field f : reg.fields()) {
                if (f.kind() != FieldKind.FIELD && ((value ^ base) & f.mask()) != 0) {
                    notWritable.add(f.kind().name() + "[" + f.bits() + "]");
                }
            }
        }
        int index = reg.inFeatureIdRange() ? reg.encoding().featureIdRangeIndex() : 1000 + reg.encoding().sysregInstr();
        return new RegisterDelta(reg.name(), reg.encoding().oneRegId(), index, value, base, fields, notWritable);
    }

    /** The host's measured mask, or its kernel's; without a host the intersection over the members' kernels. */
    static long writableMask(Register reg, GuestCpuModel model, HostProfile host) {
        if (host != null) {
            if (host.masks() != null && host.masks().provenance() == Provenance.MEASURED && reg.inFeatureIdRange()) {
                return host.masks().of(reg.name());
            }
            boolean aa32 = host.defaultView().hasAArch32El0();
            return KernelAbi.of(host.kernel()).reportedMask(reg, aa32);
        }
        long mask = -1L;
        for (GuestCpuModel.Member m : model.members()) {
            mask &= KernelAbi.of(KernelVersion.parse(m.kernelRelease())).reportedMask(reg, true);
        }
        return model.members().isEmpty() ? 0 : mask;
    }

    /** Every field setting, in plan order. */
    public List<FieldSetting> fields() {
        return registers.stream().flatMap(r -> r.fields().stream()).toList();
    }

    /** Warnings for people: fields a VMM cannot set on the host. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (RegisterDelta d : registers) {
            if (!d.notWritable().isEmpty()) {
                w.add(d.register() + ": " + String.join(", ", d.notWritable()) + " differ from host "
                        + host.host().name() + " but are not writable there; this host cannot present the model (run 'cpumodel verify')");
            }
        }
        return w;
    }

    /** Whether every member kernel answers the DISCOVER_IMPL hypercalls' prerequisites (Linux 6.15+: BMAP_2, capability 239). */
    public boolean errataHypercalls() {
        GuestCpuModel.Identity id = model.identity();
        if (id.errataTargets().isEmpty() || !(id.errataTargets().size() > 1 || id.writesIdentity())) {
            return false;
        }
        for (GuestCpuModel.Member m : model.members()) {
            if (!KernelAbi.of(KernelVersion.parse(m.kernelRelease())).hasImpIdCap()) {
                return false;
            }
        }
        return host == null || KernelAbi.of(host.kernel()).hasImpIdCap();
    }
}
