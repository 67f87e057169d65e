package org.cpumodel.planner.report;

import org.cpumodel.planner.compare.Compare;

/** The comparison report: the relation in QEMU's words, then the differing fields (by default only those that keep one side off the other). */
final class CompareReport {

    private CompareReport() {
    }

    /** {@link #compare(Compare.Result, boolean)} with every differing field. */
    public static String compare(Compare.Result r) {
        return compare(r, true);
    }

    /**
     * The relation first, then the differing fields; unless {@code verbose}, only those that keep one
     * side off the other (a field that runs either way is counted, not listed).
     */
    public static String compare(Compare.Result r, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        sb.append("A: ").append(r.a()).append('\n').append("B: ").append(r.b()).append('\n');
        sb.append("Result: ").append(r.relation().word()).append(" (").append(meaning(r.relation())).append(")\n");
        if (!r.responsible().isEmpty()) {
            sb.append("Responsible: ").append(String.join(", ", r.responsible())).append('\n');
        }
        if (!r.differences().isEmpty()) {
            sb.append('\n');
            TextTable t = new TextTable("PROPERTY", "A", "B", "B RUNS ON A", "A RUNS ON B", "ONLY A", "ONLY B");
            int hidden = 0;
            for (Compare.Difference d : r.differences()) {
                if (!verbose && !d.blocks()) {
                    hidden++;
                    continue;
                }
                t.row(d.property(), d.a(), d.b(), TextTable.yes(d.aHoldsB()), TextTable.yes(d.bHoldsA()), String.join(" ", d.onlyA()), String.join(" ", d.onlyB()));
            }
            if (!t.isEmpty()) {
                sb.append(t.render());
            }
            if (hidden > 0) {
                sb.append("  (+").append(hidden).append(" field(s) that differ but run either way; --verbose lists them)\n");
            }
        }
        r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        return sb.toString();
    }

    static String meaning(Compare.Relation rel) {
        return switch (rel) {
            case IDENTICAL -> "each runs where the other runs";
            case SUPERSET -> "B is guaranteed to run where A runs";
            case SUBSET -> "A is guaranteed to run where B runs";
            case INCOMPATIBLE -> "neither is guaranteed to run where the other runs";
        };
    }
}
