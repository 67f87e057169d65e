package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.Encoding;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.profile.GuestCpuModel;

/**
 * Register-list drift: the KVM_GET_REG_LIST ids not every member lists, with the action a VMM takes
 * ({@code tolerate} feature-ID range ids, which read as zero where missing; {@code hide} all others
 * from the migration stream). A note names members whose list is not recorded.
 */
final class RegListDrift {

    private RegListDrift() {
    }

    static List<GuestCpuModel.RegListEntry> of(List<MemberKvm> members, List<String> notes) {
        List<MemberKvm> known = members.stream().filter(m -> m.view.regList() != null).toList();
        List<String> unknown = members.stream().filter(m -> m.view.regList() == null).map(MemberKvm::name).toList();
        if (!unknown.isEmpty() && members.size() > 1) {
            notes.add("KVM_GET_REG_LIST not recorded for " + String.join(", ", unknown) + ": register-list drift not checked for them");
        }
        if (known.size() < 2) {
            return List.of();
        }
        TreeSet<Long> union = new TreeSet<>(Long::compareUnsigned);
        known.forEach(m -> union.addAll(m.view.regList()));
        KnowledgeBase kb = KnowledgeBase.load();
        List<GuestCpuModel.RegListEntry> out = new ArrayList<>();
        Map<Long, Integer> count = new HashMap<>();
        known.forEach(m -> m.regListSet().forEach(id -> count.merge(id, 1, Integer::sum)));
        for (long id : union) {
            if (count.getOrDefault(id, 0) == known.size()) {
                continue;
            }
            List<String> on = known.stream().filter(m -> m.regListSet().contains(id)).map(MemberKvm::name).toList();
            List<String> off = known.stream().filter(m -> !m.regListSet().contains(id)).map(MemberKvm::name).toList();
            Encoding e = Encoding.fromOneRegId(id);
            String name = e == null ? Bits.hex64(id) : kb.byEncoding(e).map(Register::name).orElse(e.genericName());
            String action = e != null && e.inFeatureIdRange() ? "tolerate" : "hide";
            out.add(new GuestCpuModel.RegListEntry(id, name, action, on, off));
        }
        return out;
    }
}
