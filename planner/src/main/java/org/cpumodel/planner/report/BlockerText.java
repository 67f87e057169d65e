package org.cpumodel.planner.report;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.GuestCpuModel;

/** Blockers for people: counted with their confidence, grouped by the kernel rule that decided them, certain rules first. */
final class BlockerText {

    private BlockerText() {
    }

    /** "3 blocker(s)", saying how many rest on rules unverified for the kernel they were applied to. */
    static String blockerCount(List<GuestCpuModel.Blocker> blockers) {
        long u = blockers.stream().filter(GuestCpuModel.Blocker::unverified).count();
        return blockers.size() + " blocker(s)" + (u == 0 ? "" : u == blockers.size() ? ", every one on a kernel rule not verified for that release"
                : ", " + u + " on kernel rules not verified for that release (listed last)");
    }

    /**
     * Blockers grouped by the kernel rule that decided them, certain rules first: one line per rule,
     * then the fields it blocks with both hosts' values (the rule is said once, not per field or host).
     */
    static String blockersByRule(List<GuestCpuModel.Blocker> blockers, String indent) {
        return blockersByRule(blockers, indent, Integer.MAX_VALUE);
    }

    /** As {@link #blockersByRule(List, String)}, at most {@code maxLines} lines of fields per rule, then a count of the rest. */
    static String blockersByRule(List<GuestCpuModel.Blocker> blockers, String indent, int maxLines) {
        java.util.Map<String, List<GuestCpuModel.Blocker>> byRule = new java.util.LinkedHashMap<>();
        for (GuestCpuModel.Blocker b : Pools.certainFirst(blockers)) {
            String rule = (b.rule() != null ? b.rule() : b.why()) + (b.unverified() ? " [rule unverified for " + b.kernels() + "]" : "");
            byRule.computeIfAbsent(rule, k -> new ArrayList<>()).add(b);
        }
        StringBuilder sb = new StringBuilder();
        byRule.forEach((rule, bs) -> {
            boolean onePair = bs.stream().map(b -> b.host() + "\0" + b.otherHost()).distinct().count() == 1 && !bs.get(0).otherHost().equals("-");
            sb.append(indent).append("- ").append(rule).append(onePair ? " (values: " + bs.get(0).host() + " vs " + bs.get(0).otherHost() + ")" : "")
                    .append('\n');
            List<String> fields = new ArrayList<>();
            for (GuestCpuModel.Blocker b : bs) {
                String where = b.register().equals("-") ? b.host() : b.register() + (b.field().equals("-") ? "" : "." + b.field());
                fields.add(b.otherHost().equals("-") ? where + " " + b.value() + (b.otherValue().equals("-") ? "" : " (needs " + b.otherValue() + ")")
                        : onePair ? where + " " + b.value() + " vs " + b.otherValue()
                        : where + " " + b.host() + " " + b.value() + " vs " + b.otherHost() + " " + b.otherValue());
            }
            StringBuilder line = new StringBuilder();
            int lines = 0;
            int shown = 0;
            for (String f : fields) {
                if (line.length() > 0 && line.length() + f.length() > 110) {
                    sb.append(indent).append("  ").append(line).append('\n');
                    line.setLength(0);
                    if (++lines == maxLines) {
                        break;
                    }
                }
                line.append(line.length() == 0 ? "" : "; ").append(f);
                shown++;
            }
            if (line.length() > 0) {
                sb.append(indent).append("  ").append(line).append('\n');
            }
            if (shown < fields.size()) {
                sb.append(indent).append("  (+").append(fields.size() - shown).append(" more field(s) on this rule; --verbose lists them)\n");
            }
        });
        return sb.toString();
    }
}
