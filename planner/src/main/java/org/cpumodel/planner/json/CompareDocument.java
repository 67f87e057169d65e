package org.cpumodel.planner.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.cpumodel.planner.compare.Compare;

/** {@code compare --json}: the relation in QEMU's words, the responsible properties and every difference (keys in this order). */
public record CompareDocument(String a, String b, String result, @JsonProperty("responsible-properties") List<String> responsibleProperties,
                              List<Difference> differences, List<String> notes) {

    /** One differing property: both values, whether each side runs on the other, and the FEAT_ names only one side has. */
    public record Difference(String property, String a, String b, @JsonProperty("bRunsOnA") boolean bRunsOnA,
                             @JsonProperty("aRunsOnB") boolean aRunsOnB, List<String> onlyA, List<String> onlyB) {
    }

    public static CompareDocument of(Compare.Result r) {
        return new CompareDocument(r.a(), r.b(), r.relation().word(), r.responsible(), r.differences().stream()
                .map(d -> new Difference(d.property(), d.a(), d.b(), d.aHoldsB(), d.bHoldsA(), d.onlyA(), d.onlyB())).toList(), r.notes());
    }
}
