package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.Sysregs.CLIDR_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.planner.rules.CounterFrequencyRule;
import org.cpumodel.planner.rules.Features;
import org.cpumodel.planner.rules.SveLengths;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.GuestCpuModel.Adjustment;
import org.cpumodel.profile.GuestCpuModel.Blocker;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.VcpuFeature;

/**
 * The explanation of a {@link BaselineDecision}: the guest CPU model document with what people and
 * VMMs read besides the register values, namely each lowered field with what the hosts offer and the
 * rule that decided it, the FEAT_ names each member loses, the identity to present (and the errata
 * targets), the vCPU features and SVE lengths, register-list drift, and the notes. It decides
 * nothing: every value and blocker comes from the decision.
 */
final class BaselineExplanation {

    private final Baseline.Options options;
    private final List<HostProfile> hosts;
    private final List<MemberKvm> members;
    private final List<Register> planned;
    private final Map<String, Long> values;
    private final List<Adjustment> adjustments;
    private final List<String> notes;

    private BaselineExplanation(BaselineDecision d) {
        this.options = d.options();
        this.hosts = d.hosts();
        this.members = d.members();
        this.planned = d.planned();
        this.values = d.values();
        this.adjustments = d.adjustments();
        this.notes = new ArrayList<>(d.notes());
    }

    /** The model document of a decision (content id set, not yet verified against the members). */
    static GuestCpuModel explain(BaselineDecision d) {
        return new BaselineExplanation(d).model(d);
    }

    private List<MemberKvm> participants(Register r) {
        return members.stream().filter(m -> !m.ignoresWrites(r)).toList();
    }

    private GuestCpuModel model(BaselineDecision d) {
        FeatureSet fs = options.features();
        List<Blocker> blockers = d.blockers();
        List<GuestCpuModel.Condition> conditions = d.conditions();
        GuestCpuModel.Gic gic = d.gic();
        List<GuestCpuModel.MemberLoss> losses = blockers.isEmpty() ? losses() : List.of();
        GuestCpuModel.Identity identity = IdentityChoice.choose(members, losses);
        List<GuestCpuModel.Member> mem = hosts.stream()
                .map(p -> new GuestCpuModel.Member(p.id(), p.host().name(), p.host().kernelRelease())).toList();
        boolean possible = blockers.isEmpty();
        List<String> legacy = members.stream().filter(m -> !m.abi.writableIdRegisters()).map(m -> m.name() + " (Linux " + m.kernel + ")").toList();
        if (!possible && !legacy.isEmpty()) {
            notes.add(0, String.join(", ", legacy) + ": this kernel cannot write ID registers (only the host's own values are accepted), so a pool"
                    + " containing it needs every member to show identical values; different CPUs cannot share a pool until the hosts run Linux 6.7+");
        }
        List<GuestCpuModel.RegisterSetting> regs = new ArrayList<>();
        if (possible) {
            for (Register r : planned) {
                regs.add(new GuestCpuModel.RegisterSetting(r.name(), values.get(r.name())));
            }
        }
        GuestCpuModel.Vcpu vcpu = new GuestCpuModel.Vcpu(fs.has(VcpuFeature.PMU), fs.has(VcpuFeature.SVE), sveLengths(),
                fs.has(VcpuFeature.PTRAUTH), fs.has(VcpuFeature.EL2));
        String name = "baseline " + fs + " of " + String.join(", ", hosts.stream().map(p -> p.host().name()).toList());
        GuestCpuModel model = new GuestCpuModel(null, name, fs, possible, mem, regs, possible ? lowerings() : List.of(), losses, gic,
                identity, vcpu, RegListDrift.of(members, notes), possible ? adjustments : List.of(), blockers, List.copyOf(new LinkedHashSet<>(notes)),
                possible ? List.copyOf(new LinkedHashSet<>(conditions)) : List.of(), possible ? CounterFrequencyRule.common(hosts) : null);
        return ModelJson.identify(model);
    }

    // ---- explanations ----

    private List<GuestCpuModel.Lowering> lowerings() {
        List<GuestCpuModel.Lowering> out = new ArrayList<>();
        for (Register r : planned) {
            long v = values.get(r.name());
            List<MemberKvm> parts = participants(r);
            for (Field f : r.namedFields()) {
                long fv = f.get(v);
                if (allOffer(r, f, parts, fv)) {
                    continue;
                }
                List<String> limitedBy = parts.stream().filter(m -> f.get(m.limit(r)) == fv).map(MemberKvm::name).toList();
                if (limitedBy.isEmpty()) {
                    limitedBy = adjustments.stream().filter(a -> a.register().equals(r.name()) && (a.field().equals(f.name()) || a.field().equals("*")))
                            .map(a -> "rule " + a.rule()).distinct().toList();
                }
                if (limitedBy.isEmpty()) {
                    limitedBy = List.of(r.name().equals(Sysregs.CLIDR_EL1.NAME) ? "rule clidr-idc" : "kernel rule (safe value)");
                }
                StringBuilder offered = new StringBuilder();
                Map<Long, List<String>> byValue = new TreeMap<>();
                parts.forEach(m -> byValue.computeIfAbsent(f.get(m.limit(r)), k -> new ArrayList<>()).add(m.name()));
                byValue.forEach((val, names) -> {
                    if (!offered.isEmpty()) {
                        offered.append("; ");
                    }
                    offered.append(String.join(", ", names)).append(names.size() == 1 ? " offers " : " offer ").append(Features.valueText(f, val));
                });
                String rule = r.name().equals(Sysregs.CLIDR_EL1.NAME) ? "clidr-idc" : parts.get(0).writable(r, f) ? parts.get(0).rule(r, f).shortName() : "equal";
                SortedSet<String> lostFeat = new TreeSet<>();
                parts.forEach(m -> lostFeat.addAll(f.featuresAt(f.get(m.limit(r)))));
                lostFeat.removeAll(f.featuresAt(fv));
                List<Long> from = byValue.keySet().stream().filter(x -> x != fv).toList();
                out.add(new GuestCpuModel.Lowering(r.name(), f.name(), from, fv, f.valueName(fv).orElse(""), limitedBy, rule,
                        MemberKvm.kernels(parts), MemberKvm.verified(r, parts), offered + (lostFeat.isEmpty() ? "" : "; not in the model: " + String.join(" ", lostFeat))));
            }
        }
        return out;
    }

    private static boolean allOffer(Register r, Field f, List<MemberKvm> parts, long fv) {
        for (MemberKvm m : parts) {
            if (f.get(m.limit(r)) != fv) {
                return false;
            }
        }
        return true;
    }

    private List<GuestCpuModel.MemberLoss> losses() {
        Map<String, Long> model = new LinkedHashMap<>();
        planned.forEach(r -> model.put(r.name(), values.get(r.name())));
        SortedSet<String> modelFeats = Features.of(model);
        List<GuestCpuModel.MemberLoss> out = new ArrayList<>();
        for (MemberKvm m : members) {
            // Features.of(own) minus the model's: a field whose value equals the model's adds only names the model has
            SortedSet<String> lost = new TreeSet<>();
            for (Register r : planned) {
                long own = m.ignoresWrites(r) ? 0L : m.limit(r);
                Long mv = values.get(r.name());
                if (mv != null && mv == own) {
                    continue;
                }
                for (Field f : r.fields()) {
                    if (f.kind() == FieldKind.FIELD && (mv == null || f.get(mv) != f.get(own))) {
                        for (String feat : f.featuresAt(f.get(own))) {
                            if (!modelFeats.contains(feat)) {
                                lost.add(feat);
                            }
                        }
                    }
                }
            }
            out.add(new GuestCpuModel.MemberLoss(m.profile.id(), m.name(), List.copyOf(lost)));
        }
        return out;
    }

    private List<Integer> sveLengths() {
        if (!options.features().has(VcpuFeature.SVE) || members.isEmpty()) {
            return List.of();
        }
        return SveLengths.common(members.stream().map(m -> m.view.sveVectorLengths()).toList());
    }
}
