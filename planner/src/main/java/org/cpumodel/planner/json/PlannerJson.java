package org.cpumodel.planner.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.profile.Json;

/**
 * JSON for machines: check reports, comparisons, pools and the GIC what-if report. Each is a document
 * record ({@link CheckDocument}, {@link CompareDocument}, {@link PoolsDocument}, {@link GicWhatIfDocument})
 * serialised by the shared mapper ({@link Json#mapper()}); these return its tree, for callers that
 * embed it in a larger document.
 */
public final class PlannerJson {

    private PlannerJson() {
    }

    public static ObjectNode check(ModelCheck.Report r) {
        return tree(CheckDocument.of(r));
    }

    public static ObjectNode compare(Compare.Result r) {
        return tree(CompareDocument.of(r));
    }

    public static ObjectNode pools(Partition r, GicWhatIf.Report whatIf) {
        return tree(PoolsDocument.of(r, whatIf));
    }

    public static ObjectNode gicWhatIf(GicWhatIf.Report w) {
        return tree(GicWhatIfDocument.of(w));
    }

    private static ObjectNode tree(Record document) {
        return Json.mapper().valueToTree(document);
    }
}
