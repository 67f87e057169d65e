package org.cpumodel.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.cpumodel.kb.Bits;
import org.cpumodel.profile.Json;

/** A {@link VerifyReport} for people (a table) and for machines (JSON). */
public final class VerifyReports {

    private VerifyReports() {
    }

    public static String text(VerifyReport r) {
        List<String> out = new ArrayList<>();
        out.add("verify model '" + r.modelName() + "' on " + r.target());
        out.add(String.format("%-30s %-18s %-18s %-8s %s", "REGISTER", "WANTED", "READ BACK", "RESULT", "FIELD / RULE / WHY"));
        for (RegisterResult x : r.registers()) {
            String back = x.readBack() == null ? "-" : Bits.hex64(x.readBack());
            String res = x.holds() ? "ok" : x.status() == RegisterResult.Status.REFUSED ? x.errno() : "MISMATCH";
            String why = x.holds() ? "" : x.field() + " / " + x.rule() + " / " + x.explanation();
            out.add(String.format("%-30s %-18s %-18s %-8s %s", x.register(), Bits.hex64(x.wanted()), back, res, why).stripTrailing());
        }
        for (VerifyReport.StepFailure f : r.failures()) {
            out.add("step " + f.step() + " " + f.op() + " failed: " + f.errno() + " (" + f.explanation() + ")");
        }
        long ok = r.registers().stream().filter(RegisterResult::holds).count();
        out.add((r.holds() ? "HOLDS: " : "DOES NOT HOLD: ") + ok + " of " + r.registers().size() + " registers accepted and read back"
                + (r.failures().isEmpty() ? "" : ", " + r.failures().size() + " step(s) failed")
                + (r.explainedBy() == null ? "" : "; refusals explained by " + r.explainedBy()));
        return String.join("\n", out) + "\n";
    }

    public static String json(VerifyReport r) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", "cpumodel-verify-report");
        root.put("version", 1);
        root.put("model", r.modelId());
        root.put("name", r.modelName());
        root.put("target", r.target());
        root.put("holds", r.holds());
        ArrayNode regs = root.putArray("registers");
        for (RegisterResult x : r.registers()) {
            ObjectNode o = regs.addObject();
            o.put("register", x.register());
            o.put("id", Bits.hex64(x.id()));
            o.put("wanted", Bits.hex64(x.wanted()));
            putHex(o, "before", x.before());
            putHex(o, "readBack", x.readBack());
            o.put("status", x.status().name().toLowerCase(java.util.Locale.ROOT));
            o.put("errno", x.errno());
            o.put("field", x.field());
            o.put("rule", x.rule());
            o.put("explanation", x.explanation());
        }
        ArrayNode fails = root.putArray("failures");
        for (VerifyReport.StepFailure f : r.failures()) {
            ObjectNode o = fails.addObject();
            o.put("step", f.step());
            o.put("op", f.op());
            o.put("errno", f.errno());
            o.put("explanation", f.explanation());
        }
        if (r.explainedBy() == null) {
            root.putNull("explainedBy");
        } else {
            root.put("explainedBy", r.explainedBy());
        }
        return Json.pretty(root);
    }

    private static void putHex(ObjectNode o, String k, Long v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, Bits.hex64(v));
        }
    }
}
