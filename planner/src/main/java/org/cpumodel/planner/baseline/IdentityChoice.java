package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cpumodel.kb.Sysregs.AIDR_EL1;
import org.cpumodel.kb.Sysregs.MIDR_EL1;
import org.cpumodel.kb.Sysregs.REVIDR_EL1;
import org.cpumodel.profile.GuestCpuModel;

/**
 * The identity a model presents (MIDR_EL1, REVIDR_EL1, AIDR_EL1) and the errata targets: {@code same}
 * when every member shows one identity, {@code single} (the member losing the fewest features) when
 * every kernel can write it (capability 239, Linux 6.15+), {@code keep-per-host} with a warning
 * otherwise. Part of the explanation: it reads the decision's members and the losses.
 */
final class IdentityChoice {

    private IdentityChoice() {
    }

    static GuestCpuModel.Identity choose(List<MemberKvm> members, List<GuestCpuModel.MemberLoss> losses) {
        List<MemberKvm> all = members;
        if (all.isEmpty()) {
            return new GuestCpuModel.Identity(GuestCpuModel.Identity.KEEP_PER_HOST, null, null, null, List.of(), List.of("no usable member"));
        }
        TreeSet<GuestCpuModel.ErrataTarget> targets = new TreeSet<>(Comparator.comparing(GuestCpuModel.ErrataTarget::midr, Long::compareUnsigned)
                .thenComparing(GuestCpuModel.ErrataTarget::revidr, Long::compareUnsigned).thenComparing(GuestCpuModel.ErrataTarget::aidr, Long::compareUnsigned));
        for (MemberKvm m : all) {
            targets.add(target(m));
        }
        List<String> warnings = new ArrayList<>();
        for (MemberKvm m : all) {
            if (!m.view.recorded("MIDR_EL1")) {
                warnings.add("MIDR_EL1 of " + m.name() + " is not recorded: the identity section assumes 0");
            }
        }
        if (targets.size() == 1) {
            GuestCpuModel.ErrataTarget t = targets.first();
            return new GuestCpuModel.Identity(GuestCpuModel.Identity.SAME, t.midr(), t.revidr(), t.aidr(), List.copyOf(targets), warnings);
        }
        List<String> lacking = all.stream().filter(m -> !m.hasImpIdCap()).map(m -> m.name() + " (Linux " + m.kernel + ")").toList();
        List<String> unrecorded = all.stream().filter(m -> !m.view.recorded(MIDR_EL1.NAME) || !m.view.recorded(REVIDR_EL1.NAME) || !m.view.recorded(AIDR_EL1.NAME))
                .map(MemberKvm::name).toList();
        if (lacking.isEmpty() && !unrecorded.isEmpty()) {
            // an import (a raw dump has no AIDR_EL1) does not say what its KVM exposes: no identity is written that cannot be checked there
            warnings.add("keep per host: the profiles of " + String.join(", ", unrecorded) + " do not record MIDR/REVIDR/AIDR (imported),"
                    + " so one identity written on every host cannot be checked there; measure them with 'cpumodel collect'");
            return new GuestCpuModel.Identity(GuestCpuModel.Identity.KEEP_PER_HOST, null, null, null, List.copyOf(targets), warnings);
        }
        if (lacking.isEmpty()) {
            // present the member whose own features are closest to the model: it loses the fewest
            Map<String, Integer> lostBy = new HashMap<>();
            losses.forEach(l -> lostBy.merge(l.profileId(), l.lost().size(), Integer::sum));
            MemberKvm pick = all.stream().min(Comparator.comparingInt((MemberKvm m) -> lostBy.getOrDefault(m.profile.id(), 0))).orElseThrow();
            GuestCpuModel.ErrataTarget t = target(pick);
            warnings.add("enable KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (239) before creating vCPUs and write this identity on every host;"
                    + " answer the DISCOVER_IMPL hypercalls with the errata targets so the guest enables the workarounds of every member");
            return new GuestCpuModel.Identity(GuestCpuModel.Identity.SINGLE, t.midr(), t.revidr(), t.aidr(), List.copyOf(targets), warnings);
        }
        warnings.add("keep per host: " + String.join(", ", lacking) + " cannot write MIDR/REVIDR/AIDR (KVM_CAP_ARM_WRITABLE_IMP_ID_REGS,"
                + " Linux 6.15+); the guest sees each host's identity and may pick different errata workarounds or code paths after"
                + " migration (software dispatching on MIDR, e.g. JITs, can SIGILL: Firecracker PR #6116)");
        return new GuestCpuModel.Identity(GuestCpuModel.Identity.KEEP_PER_HOST, null, null, null, List.copyOf(targets), warnings);
    }

    private static GuestCpuModel.ErrataTarget target(MemberKvm m) {
        return new GuestCpuModel.ErrataTarget(m.view.value("MIDR_EL1").orElse(0), m.view.value("REVIDR_EL1").orElse(0),
                m.view.value("AIDR_EL1").orElse(0));
    }
}
