package org.cpumodel.emit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.uapi.KvmCap;

/**
 * The model as a Firecracker custom CPU template (aarch64): {@code reg_modifiers} whose 64-character
 * bitmaps are 0/1 on exactly the fields the model sets and {@code x} (keep the host's bit) elsewhere,
 * {@code kvm_capabilities} with 239 when the template writes MIDR/REVIDR/AIDR (and the capabilities
 * of the vCPU features it asks for), and {@code vcpu_features} setting the PMU/SVE/PTRAUTH/EL2 bits of
 * {@code kvm_vcpu_init.features[0]}. Firecracker rejects unknown keys, so nothing else is written;
 * what Firecracker cannot express (the vGIC's ICC_CTLR_EL1, the DISCOVER_IMPL hypercalls, register-list
 * drift) is returned as warnings.
 */
public final class FirecrackerEmitter {

    private FirecrackerEmitter() {
    }

    public static String emit(ModelDelta delta) {
        GuestCpuModel m = delta.model();
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        TreeSet<Integer> caps = new TreeSet<>();
        if (m.identity().writesIdentity()) {
            caps.add(KvmCap.ARM_WRITABLE_IMP_ID_REGS);
        }
        if (m.vcpu().pmu()) {
            caps.add(126);
        }
        if (m.vcpu().sve()) {
            caps.add(170);
        }
        if (m.vcpu().ptrauth()) {
            caps.add(171);
            caps.add(172);
        }
        ArrayNode c = root.putArray("kvm_capabilities");
        caps.forEach(n -> c.add(Integer.toString(n)));
        ArrayNode vf = root.putArray("vcpu_features");
        ObjectNode v = vf.addObject();
        v.put("index", 0);
        v.put("bitmap", vcpuBitmap(m.vcpu()));
        ArrayNode mods = root.putArray("reg_modifiers");
        for (RegisterDelta d : delta.registers()) {
            if (d.fields().isEmpty()) {
                continue;
            }
            ObjectNode r = mods.addObject();
            r.put("addr", String.format("0x%016x", d.oneRegId()));
            r.put("bitmap", bitmap(d.filter(), d.filteredValue()));
        }
        return Json.pretty(root);
    }

    /** Bits 7..3 (EL2, PTRAUTH_GENERIC, PTRAUTH_ADDRESS, SVE, PMU_V3) explicit, PSCI and below kept: {@code 0b0001xxx}. */
    static String vcpuBitmap(GuestCpuModel.Vcpu v) {
        int bits = (v.pmu() ? VcpuFeature.PMU.initBits() : 0) | (v.sve() ? VcpuFeature.SVE.initBits() : 0)
                | (v.ptrauth() ? VcpuFeature.PTRAUTH.initBits() : 0) | (v.el2() ? VcpuFeature.EL2.initBits() : 0);
        int top = v.el2() ? 7 : 6;
        StringBuilder sb = new StringBuilder("0b");
        for (int b = top; b >= 0; b--) {
            sb.append(b >= 3 ? (char) ('0' + (bits >>> b & 1)) : 'x');
        }
        return sb.toString();
    }

    /** A 64-character 0/1/x bitmap, most significant bit first. */
    public static String bitmap(long filter, long value) {
        StringBuilder sb = new StringBuilder("0b");
        for (int b = 63; b >= 0; b--) {
            sb.append((filter >>> b & 1) == 0 ? 'x' : (char) ('0' + (value >>> b & 1)));
        }
        return sb.toString();
    }

    /** What the template cannot carry, for people. */
    public static java.util.List<String> limits(ModelDelta delta) {
        java.util.List<String> w = new java.util.ArrayList<>(delta.warnings());
        GuestCpuModel m = delta.model();
        if (m.gic() != null) {
            w.add(String.format("Firecracker has no knob for the vGIC: every member must accept ICC_CTLR_EL1 = 0x%x on restore", m.gic().iccCtlr()));
        }
        if (delta.errataHypercalls()) {
            w.add("Firecracker does not answer the DISCOVER_IMPL hypercalls: the guest will not learn the "
                    + m.identity().errataTargets().size() + " errata target CPUs");
        }
        if (!m.regListDrift().isEmpty()) {
            w.add(m.regListDrift().size() + " register(s) are not listed by every member's KVM_GET_REG_LIST: snapshots may not restore across them");
        }
        if (m.vcpu().sve() && !m.vcpu().sveVectorLengths().isEmpty()) {
            w.add("SVE vector lengths " + m.vcpu().sveVectorLengths() + " (bits) cannot be pinned in a template");
        }
        return w;
    }
}
