package org.cpumodel.planner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cpumodel.kb.Bits;
import org.cpumodel.planner.gic.GicWhatIf;

/** The GIC what-if report: host pairs the proposed ICC_CTLR_EL1 range unlocks, the trapping cost, the assumptions. */
final class GicWhatIfReport {

    private GicWhatIfReport() {
    }

    public static String gicWhatIf(GicWhatIf.Report w) {
        StringBuilder sb = new StringBuilder("\nWhat-if ICC_CTLR_EL1 range (SEIS 1 -> 0, A3V/IDbits/PRIbits lowerable)\n");
        if (w.unlocked().isEmpty()) {
            sb.append("  unlocks no host pair (no pair is blocked by the GIC alone)\n");
        } else {
            TextTable t = new TextTable("HOST", "HOST", "GIC DIFFERENCE", "MODEL ICC_CTLR_EL1");
            w.unlocked().forEach(p -> t.row(p.a(), p.b(), p.difference(), Bits.hex64(p.modelIccCtlr())));
            sb.append("  unlocks ").append(w.unlocked().size()).append(" host pair(s) blocked today by the GIC alone\n").append(t.render());
            sb.append("\nCost: hosts that must trap ICV_CTLR_EL1 (estimate, % of one CPU per vCPU)\n");
            List<String> guests = w.hosts().isEmpty() ? List.of() : w.hosts().get(0).costs().stream().map(GicWhatIf.GuestCost::guest).toList();
            List<String> header = new ArrayList<>(List.of("HOST", "FEAT_FGT", "TRAPPED"));
            guests.forEach(header::add);
            TextTable ct = new TextTable(header.toArray(String[]::new));
            for (GicWhatIf.HostCost h : w.hosts()) {
                List<Object> row = new ArrayList<>(List.of(h.host(), TextTable.yes(h.fgt()), h.trapped()));
                h.costs().forEach(c -> row.add(String.format(Locale.ROOT, "%.4f%%", c.percentOfOneCpu())));
                ct.row(row.toArray());
            }
            sb.append(ct.render());
        }
        sb.append("Assumptions (gic-trap-costs.txt; see docs/gic-what-if.md)\n");
        w.assumptions().forEach((k, v) -> sb.append("  - ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
