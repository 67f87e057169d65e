package org.cpumodel.planner.report;

import org.cpumodel.kb.Bits;
import org.cpumodel.planner.check.ModelCheck;

/** The check report: every ioctl of a model applied to one host, with the kernel's answer. */
final class CheckReport {

    private CheckReport() {
    }

    public static String check(ModelCheck.Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Check of model ").append(TextTable.shortId(r.modelId())).append(" on ").append(r.host()).append(": ")
                .append(r.accepted() ? "ACCEPTED" : "REFUSED").append('\n');
        TextTable t = new TextTable("STEP", "REGISTER", "VALUE", "RESULT", "FIELD", "RULE", "WHY");
        for (ModelCheck.Step s : r.steps()) {
            t.row(s.ioctl(), s.register(), s.register().equals("-") ? "" : Bits.hex64(s.value()), s.ok() ? "ok" : s.errno().name(),
                    s.field(), s.rule(), s.explanation());
        }
        sb.append(t.render());
        return sb.toString();
    }
}
