package org.cpumodel.planner.json;

import java.util.List;
import java.util.Map;
import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.profile.Json;

/** The GIC what-if report: host pairs the proposed ICC_CTLR_EL1 range would unlock, and what trapping costs where (keys in this order). */
public record GicWhatIfDocument(List<Pair> unlockedPairs, List<HostCost> trappingHosts, Map<String, String> assumptions) {

    /** Two hosts blocked today by the GIC alone, and the model's ICC_CTLR_EL1 (hex) under the range. */
    public record Pair(String a, String b, String difference, String modelIccCtlr) {
    }

    /** A host that must trap ICV_CTLR_EL1: whether it has FEAT_FGT, what is trapped, and the cost per guest profile. */
    public record HostCost(String host, boolean fgt, String trapped, List<GuestCost> costs) {
    }

    public record GuestCost(String guest, double pmrWritesPerSecond, double percentOfOneCpu) {
    }

    public static GicWhatIfDocument of(GicWhatIf.Report w) {
        return new GicWhatIfDocument(
                w.unlocked().stream().map(p -> new Pair(p.a(), p.b(), p.difference(), Json.hex(p.modelIccCtlr()))).toList(),
                w.hosts().stream().map(h -> new HostCost(h.host(), h.fgt(), h.trapped(),
                        h.costs().stream().map(c -> new GuestCost(c.guest(), c.pmrWritesPerSecond(), c.percentOfOneCpu())).toList())).toList(),
                w.assumptions());
    }
}
