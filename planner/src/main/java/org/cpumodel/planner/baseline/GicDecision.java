package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.Sysregs.ICC_CTLR_EL1;
import org.cpumodel.planner.gic.GicRules;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.GuestCpuModel.Blocker;
import org.cpumodel.profile.Provenance;

/**
 * The GIC part of the reference baseline decision: ICC_CTLR_EL1 PRIbits and IDbits take the members'
 * minimum, SEIS and A3V must be equal (set_gic_ctlr) or, under the what-if range, SEIS becomes 1 and
 * A3V 0; a member without a recorded GIC CPU interface is a blocker.
 */
final class GicDecision {

    private GicDecision() {
    }

    static GuestCpuModel.Gic decide(List<MemberKvm> members, boolean whatIf, List<Blocker> blockers) {
        List<String> gnotes = new ArrayList<>();
        List<MemberKvm> known = new ArrayList<>();
        for (MemberKvm m : members) {
            if (m.profile.gic() == null) {
                blockers.add(new Blocker(m.name(), "-", "ICC_CTLR_EL1", "-", "unknown", "-",
                        "the profile records no GIC CPU interface (ICC_CTLR_EL1): collect the host again"));
            } else {
                known.add(m);
                if (m.profile.gic().provenance() != Provenance.MEASURED) {
                    gnotes.add("ICC_CTLR_EL1 of " + m.name() + " is inferred (" + Bits.hex64(m.profile.gic().iccCtlr()) + "), not measured");
                }
            }
        }
        if (known.isEmpty()) {
            return null;
        }
        int pri = known.stream().mapToInt(m -> m.profile.gic().priBits()).min().orElseThrow();
        int id = known.stream().mapToInt(m -> m.profile.gic().idBits()).min().orElseThrow();
        int seis = gicBit(known, ICC_CTLR_EL1.SEIS.name(), GicCpuInterface::seis, true, gnotes, whatIf, blockers);
        int a3v = gicBit(known, ICC_CTLR_EL1.A3V.name(), GicCpuInterface::a3v, false, gnotes, whatIf, blockers);
        boolean differs = known.stream().map(m -> m.profile.gic()).anyMatch(g -> g.seis() != known.get(0).profile.gic().seis()
                || g.a3v() != known.get(0).profile.gic().a3v());
        long value = GicRules.iccCtlr(pri, id, seis, a3v);
        for (MemberKvm m : known) {
            GicCpuInterface g = m.profile.gic();
            if (g.priBits() != pri || g.idBits() != id) {
                gnotes.add(m.name() + " accepts PRIbits " + pri + "/IDbits " + id + " (its own: " + g.priBits() + "/" + g.idBits()
                        + "), but without trapping the guest reads the physical ICV_CTLR_EL1 there: restoring works, the guest-visible value differs");
            }
        }
        return new GuestCpuModel.Gic(value, pri, id, seis, a3v, whatIf && differs, gnotes);
    }

    private static int gicBit(List<MemberKvm> known, String name, ToIntFunction<GicCpuInterface> get, boolean isSeis, List<String> gnotes,
                              boolean whatIf, List<Blocker> blockers) {
        MemberKvm one = known.stream().filter(m -> get.applyAsInt(m.profile.gic()) == 1).findFirst().orElse(null);
        MemberKvm zero = known.stream().filter(m -> get.applyAsInt(m.profile.gic()) == 0).findFirst().orElse(null);
        if (one == null || zero == null) {
            return one != null ? 1 : 0;
        }
        if (whatIf) {
            gnotes.add("what-if range: " + name + " differs (" + one.name() + " 1, " + zero.name() + " 0): the model uses "
                    + (isSeis ? "1 (SEIS may go 1 -> 0, never 0 -> 1)" : "0 (lowerable)") + "; needs KVM to trap ICV_CTLR_EL1 on the hosts that differ");
            return isSeis ? 1 : 0;
        }
        blockers.add(new Blocker(one.name(), zero.name(), "ICC_CTLR_EL1", name, "1", "0", "KVM requires ICC_CTLR_EL1." + name
                + " to equal the destination host's (set_gic_ctlr): a guest cannot move in either direction"
                + (isSeis ? "; the what-if range (--what-if-gic-range) would allow SEIS 1 -> 0" : "; the what-if range (--what-if-gic-range) would allow lowering A3V")));
        return 0;
    }
}
