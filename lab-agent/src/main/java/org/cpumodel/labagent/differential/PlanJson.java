package org.cpumodel.labagent.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cpumodel.labagent.differential.TrialPlan.Scenario;
import org.cpumodel.labagent.differential.TrialPlan.Step;
import org.cpumodel.labagent.differential.TrialResults.ScenarioOutcome;
import org.cpumodel.labagent.differential.TrialResults.StepOutcome;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileFormatException;

/** Strict JSON for trial plans and trial results (format and version keys, unknown keys rejected, hex values). */
public final class PlanJson {

    private PlanJson() {
    }

    // ---- plan ----

    public static String write(TrialPlan p) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", TrialPlan.FORMAT);
        root.put("version", TrialPlan.VERSION);
        root.put("host", p.host());
        root.put("kernel", p.kernel());
        root.put("profile", p.profileId());
        root.put("seed", p.seed());
        ArrayNode scen = root.putArray("scenarios");
        for (Scenario s : p.scenarios()) {
            ObjectNode o = scen.addObject();
            o.put("id", s.id());
            o.put("features", s.features());
            o.put("enable_cap_239", s.enableCap239());
            o.put("vgic", s.vgic());
            o.put("run", s.run());
            if (s.finalizeAfterSetup()) {
                o.put("finalize_after_setup", true);
            }
            steps(o.putArray("setup"), s.setup());
            steps(o.putArray("probes"), s.probes());
        }
        return Json.pretty(root);
    }

    private static void steps(ArrayNode arr, List<Step> steps) {
        for (Step st : steps) {
            ObjectNode o = arr.addObject();
            o.put("trial", st.trial());
            o.put("category", st.category().name());
            o.put("target", st.target().name());
            o.put("id", Json.hex(st.regId()));
            o.put("register", st.register());
            o.put("field", st.field());
            o.put("value", Json.hex(st.value()));
            o.put("restore", st.restore());
        }
    }

    public static TrialPlan readPlan(Path file) {
        return parsePlan(file.toString(), Json.readTree(file));
    }

    public static TrialPlan parsePlan(String src, JsonNode root) {
        Json.onlyKeys(src, "$", root, Set.of("format", "version", "host", "kernel", "profile", "seed", "scenarios"));
        header(src, root, TrialPlan.FORMAT, TrialPlan.VERSION);
        List<Scenario> scenarios = new ArrayList<>();
        JsonNode arr = Json.required(src, "$", root, "scenarios");
        for (int i = 0; i < arr.size(); i++) {
            String path = "$.scenarios[" + i + "]";
            JsonNode o = arr.get(i);
            Json.onlyKeys(src, path, o, Set.of("id", "features", "enable_cap_239", "vgic", "run", "finalize_after_setup", "setup", "probes"));
            scenarios.add(new Scenario(Json.required(src, path, o, "id").asInt(), Json.text(src, path + ".features", Json.required(src, path, o, "features")),
                    bool(src, path, o, "enable_cap_239"), bool(src, path, o, "vgic"), bool(src, path, o, "run"),
                    o.has("finalize_after_setup") && bool(src, path, o, "finalize_after_setup"),
                    readSteps(src, path + ".setup", Json.required(src, path, o, "setup")), readSteps(src, path + ".probes", Json.required(src, path, o, "probes"))));
        }
        return new TrialPlan(str(src, root, "host"), str(src, root, "kernel"), str(src, root, "profile"), Json.required(src, "$", root, "seed").asLong(), scenarios);
    }

    private static List<Step> readSteps(String src, String path, JsonNode arr) {
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode o = arr.get(i);
            Json.onlyKeys(src, p, o, Set.of("trial", "category", "target", "id", "register", "field", "value", "restore"));
            out.add(new Step(Json.required(src, p, o, "trial").asInt(),
                    Json.enumValue(src, p + ".category", Json.required(src, p, o, "category"), TrialCategory.class),
                    Json.enumValue(src, p + ".target", Json.required(src, p, o, "target"), TrialPlan.Target.class),
                    Json.hex(src, p + ".id", Json.required(src, p, o, "id")), str(src, o, "register"), str(src, o, "field"),
                    Json.hex(src, p + ".value", Json.required(src, p, o, "value")), bool(src, p, o, "restore")));
        }
        return out;
    }

    // ---- results ----

    public static String write(TrialResults r) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", TrialResults.FORMAT);
        root.put("version", TrialResults.VERSION);
        root.put("executor", r.executor());
        root.put("host", r.host());
        root.put("kernel", r.kernel());
        root.put("seed", r.seed());
        ArrayNode scen = root.putArray("scenarios");
        for (ScenarioOutcome s : r.scenarios()) {
            ObjectNode o = scen.addObject();
            o.put("id", s.id());
            ArrayNode ev = o.putArray("events");
            s.events().forEach(ev::add);
            ArrayNode steps = o.putArray("steps");
            for (StepOutcome st : s.steps()) {
                ObjectNode so = steps.addObject();
                so.put("trial", st.trial());
                so.put("errno", st.errno());
                if (st.readBack() != null) {
                    so.put("read_back", Json.hex(st.readBack()));
                }
                if (st.restore() != null) {
                    so.put("restore", st.restore());
                }
                if (st.detail() != null) {
                    so.put("detail", st.detail());
                }
            }
        }
        return Json.pretty(root);
    }

    public static TrialResults readResults(Path file) {
        String src = file.toString();
        JsonNode root = Json.readTree(file);
        Json.onlyKeys(src, "$", root, Set.of("format", "version", "executor", "host", "kernel", "seed", "scenarios"));
        header(src, root, TrialResults.FORMAT, TrialResults.VERSION);
        List<ScenarioOutcome> scenarios = new ArrayList<>();
        JsonNode arr = Json.required(src, "$", root, "scenarios");
        for (int i = 0; i < arr.size(); i++) {
            String path = "$.scenarios[" + i + "]";
            JsonNode o = arr.get(i);
            Json.onlyKeys(src, path, o, Set.of("id", "events", "steps"));
            List<String> events = new ArrayList<>();
            Json.required(src, path, o, "events").forEach(e -> events.add(e.asText()));
            List<StepOutcome> steps = new ArrayList<>();
            JsonNode sa = Json.required(src, path, o, "steps");
            for (int j = 0; j < sa.size(); j++) {
                String p = path + ".steps[" + j + "]";
                JsonNode so = sa.get(j);
                Json.onlyKeys(src, p, so, Set.of("trial", "errno", "read_back", "restore", "detail"));
                steps.add(new StepOutcome(Json.required(src, p, so, "trial").asInt(), str(src, so, "errno"),
                        so.has("read_back") ? Json.hex(src, p + ".read_back", so.get("read_back")) : null,
                        so.has("restore") ? so.get("restore").asText() : null, so.has("detail") ? so.get("detail").asText() : null));
            }
            scenarios.add(new ScenarioOutcome(Json.required(src, path, o, "id").asInt(), events, steps));
        }
        return new TrialResults(str(src, root, "executor"), str(src, root, "host"), str(src, root, "kernel"),
                Json.required(src, "$", root, "seed").asLong(), scenarios);
    }

    private static void header(String src, JsonNode root, String format, int version) {
        String f = str(src, root, "format");
        if (!f.equals(format)) {
            throw new ProfileFormatException(src, "$.format", "expected '" + format + "', got '" + f + "'");
        }
        int v = Json.required(src, "$", root, "version").asInt();
        if (v != version) {
            throw new ProfileFormatException(src, "$.version", "unsupported version " + v + " (this build reads " + version + ")");
        }
    }

    private static String str(String src, JsonNode o, String key) {
        return Json.text(src, "$." + key, Json.required(src, "$", o, key));
    }

    private static boolean bool(String src, String path, JsonNode o, String key) {
        JsonNode v = Json.required(src, path, o, key);
        if (!v.isBoolean()) {
            throw new ProfileFormatException(src, path + "." + key, "expected true or false");
        }
        return v.asBoolean();
    }
}
