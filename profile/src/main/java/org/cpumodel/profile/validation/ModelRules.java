package org.cpumodel.profile.validation;

import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.ProfileFormatException;

/**
 * A guest CPU model's consistency, checked after its leaves: a verdict that agrees with its
 * blockers, GIC fields that are the fields of its ICC_CTLR_EL1 value, registers to set when possible, and SVE
 * vector lengths the architecture has.
 */
public final class ModelRules {

    private ModelRules() {
    }

    public static void check(String src, GuestCpuModel m) {
        if (m.possible() && !m.blockers().isEmpty()) {
            throw new ProfileFormatException(src, "$.possible", "is true but the model lists " + m.blockers().size()
                    + " blocker(s): a model with blockers is not possible (recompute it with 'cpumodel baseline')");
        }
        if (m.possible() && m.registers().isEmpty()) {
            throw new ProfileFormatException(src, "$.registers", "is empty but the model is possible: a possible model sets the ID registers (recompute it with 'cpumodel baseline')");
        }
        GuestCpuModel.Gic g = m.gic();
        if (g != null) {
            GicCpuInterface v = new GicCpuInterface(null, g.iccCtlr());
            field(src, "priBits", g.priBits(), v.priBits(), g.iccCtlr());
            field(src, "idBits", g.idBits(), v.idBits(), g.iccCtlr());
            field(src, "seis", g.seis(), v.seis(), g.iccCtlr());
            field(src, "a3v", g.a3v(), v.a3v(), g.iccCtlr());
        }
        String sve = SveLengths.problem(m.vcpu().sveVectorLengths());
        if (sve != null) {
            throw new ProfileFormatException(src, "$.vcpu.sveVectorLengths", sve);
        }
    }

    private static void field(String src, String name, int given, int fromValue, long iccCtlr) {
        if (given != fromValue) {
            throw new ProfileFormatException(src, "$.gic." + name, String.format("is %d but iccCtlr 0x%016x says %d (the fields are ICC_CTLR_EL1's; fix one or recompute the model)",
                    given, iccCtlr, fromValue));
        }
    }
}
