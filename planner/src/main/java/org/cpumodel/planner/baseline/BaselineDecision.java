package org.cpumodel.planner.baseline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.kb.Register;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.GuestCpuModel.Adjustment;
import org.cpumodel.profile.GuestCpuModel.Blocker;
import org.cpumodel.profile.HostProfile;

/**
 * What the reference baseline decided ({@link ReferenceBaseline}), as data: the members (sorted by
 * profile id), the registers planned in plan order with their values, every blocker, the adjustments
 * made (consistency rules, kernel pre-checks, AArch32 absence, policy differences), the conditions on
 * unmeasured host values, the GIC and the notes gathered while deciding. {@link BaselineExplanation}
 * turns it into the model document; the pool search reads {@link #possible}, {@link #registers} and
 * {@link #blockers}.
 */
public record BaselineDecision(Baseline.Options options, List<HostProfile> hosts, List<MemberKvm> members, List<Register> planned,
                               Map<String, Long> values, List<Blocker> blockers, List<Adjustment> adjustments, List<String> notes,
                               List<GuestCpuModel.Condition> conditions, GuestCpuModel.Gic gic) {

    public BaselineDecision {
        hosts = List.copyOf(hosts);
        members = List.copyOf(members);
        planned = List.copyOf(planned);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        blockers = List.copyOf(blockers);
        adjustments = List.copyOf(adjustments);
        notes = List.copyOf(notes);
        conditions = List.copyOf(conditions);
    }

    /** Whether a model exists: no blocker. */
    public boolean possible() {
        return blockers.isEmpty();
    }

    /** The model's register values in plan order; empty when no model exists. */
    public Map<String, Long> registers() {
        Map<String, Long> regs = new LinkedHashMap<>();
        if (possible()) {
            for (Register r : planned) {
                regs.put(r.name(), values.get(r.name()));
            }
        }
        return regs;
    }

    /** The part every {@link BaselineDecider} gives. */
    public BaselineVerdict verdict() {
        return new BaselineVerdict(possible(), registers());
    }
}
