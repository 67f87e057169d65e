package org.cpumodel.planner.rules;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;

/** FEAT_ names implied by register values (each field's conditions from the knowledge base). */
public final class Features {

    private Features() {
    }

    /** Every FEAT_ name the values imply; registers unknown to the knowledge base are ignored. */
    public static SortedSet<String> of(Map<String, Long> values) {
        KnowledgeBase kb = KnowledgeBase.load();
        SortedSet<String> out = new TreeSet<>();
        values.forEach((name, v) -> {
            if (v == null) {
                return;
            }
            kb.find(name).ifPresent(r -> out.addAll(of(r, v)));
        });
        return out;
    }

    public static SortedSet<String> of(Register r, long value) {
        SortedSet<String> out = new TreeSet<>();
        for (Field f : r.fields()) {
            if (f.kind() == FieldKind.FIELD) {
                out.addAll(f.featuresAt(f.get(value)));
            }
        }
        return out;
    }

    /** "2 (PMULL)" style text of a field value. */
    public static String valueText(Field f, long raw) {
        return f.valueName(raw).map(n -> raw + " (" + n + ")").orElse(Long.toString(raw));
    }
}
