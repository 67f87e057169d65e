package org.cpumodel.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.profile.validation.ModelRules;
import org.cpumodel.profile.validation.SveLengths;

/**
 * The guest CPU model document, format {@value GuestCpuModel#FORMAT} version
 * {@value GuestCpuModel#SCHEMA_VERSION} (schema: {@code docs/schemas/guest-model.schema.json}).
 * Strict like {@link ProfileJson}: unknown keys, unknown registers, bad hex, a wrong format or
 * version, and a content hash that does not match are rejected with the JSON path.
 */
public final class ModelJson {

    private static final Set<String> TOP = Set.of("format", "version", "id", "name", "featureSet", "possible", "members", "registers",
            "lowered", "losses", "gic", "identity", "vcpu", "regListDrift", "adjustments", "blockers", "notes", "conditions",
            "counterFrequencyHz");
    private static final Set<String> MEMBER = Set.of("profileId", "name", "kernelRelease");
    private static final Set<String> LOWERING = Set.of("register", "field", "value", "valueName", "limitedBy", "rule", "reason");
    private static final Set<String> LOSS = Set.of("profileId", "name", "lost");
    private static final Set<String> GIC = Set.of("iccCtlr", "priBits", "idBits", "seis", "a3v", "whatIfRange", "notes");
    private static final Set<String> IDENTITY = Set.of("policy", "midr", "revidr", "aidr", "errataTargets", "warnings");
    private static final Set<String> TARGET = Set.of("midr", "revidr", "aidr");
    private static final Set<String> VCPU = Set.of("pmu", "sve", "sveVectorLengths", "ptrauth", "el2");
    private static final Set<String> REGLIST = Set.of("id", "name", "action", "listedOn", "missingOn");
    private static final Set<String> ADJUST = Set.of("rule", "register", "field", "from", "to", "reason", "source");
    private static final Set<String> BLOCKER = Set.of("host", "otherHost", "register", "field", "value", "otherValue", "why", "rule", "kernels",
            "verified");
    private static final Set<String> CONDITION = Set.of("host", "register", "field", "assumed", "why");

    private ModelJson() {
    }

    /** Whether a parsed JSON document claims to be a guest CPU model. */
    public static boolean isModel(JsonNode root) {
        return root.isObject() && GuestCpuModel.FORMAT.equals(root.path("format").asText());
    }

    public static GuestCpuModel read(Path file) {
        return fromTree(file.toString(), Json.readTree(file));
    }

    public static GuestCpuModel parse(String source, String text) {
        return fromTree(source, Json.readTree(source, text));
    }

    /** The model with its content hash, as pretty JSON. */
    public static String write(GuestCpuModel m) {
        return Json.pretty(toTree(identify(m)));
    }

    /** Computes and sets the content hash. */
    public static GuestCpuModel identify(GuestCpuModel m) {
        return m.withId(Json.contentHash(toTree(m.withId(null))));
    }

    public static GuestCpuModel fromTree(String src, JsonNode root) {
        Json.onlyKeys(src, "$", root, TOP);
        String format = Json.text(src, "$.format", Json.required(src, "$", root, "format"));
        if (!GuestCpuModel.FORMAT.equals(format)) {
            throw new ProfileFormatException(src, "$.format", "is '" + format + "', expected '" + GuestCpuModel.FORMAT + "' (is this a guest CPU model?)");
        }
        JsonNode ver = Json.required(src, "$", root, "version");
        if (!ver.isIntegralNumber()) {
            throw new ProfileFormatException(src, "$.version", "expected the number " + GuestCpuModel.SCHEMA_VERSION + ", found " + Json.kind(ver));
        }
        if (!ver.isInt() || ver.asInt() != GuestCpuModel.SCHEMA_VERSION) {
            throw new ProfileFormatException(src, "$.version", "unsupported model version " + ver + " (this cpumodel reads version " + GuestCpuModel.SCHEMA_VERSION + ")");
        }
        String name = Json.text(src, "$.name", Json.required(src, "$", root, "name"));
        String fsText = Json.text(src, "$.featureSet", Json.required(src, "$", root, "featureSet"));
        FeatureSet fs;
        try {
            fs = FeatureSet.parse(fsText);
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException(src, "$.featureSet", e.getMessage());
        }
        boolean possible = bool(src, "$.possible", Json.required(src, "$", root, "possible"));
        List<GuestCpuModel.Member> members = list(src, "$.members", Json.required(src, "$", root, "members"), (p, n) -> {
            Json.onlyKeys(src, p, n, MEMBER);
            return new GuestCpuModel.Member(str(src, p, n, "profileId"), str(src, p, n, "name"), str(src, p, n, "kernelRelease"));
        });
        KnowledgeBase kb = KnowledgeBase.load();
        List<GuestCpuModel.RegisterSetting> regs = new ArrayList<>();
        JsonNode rn = Json.required(src, "$", root, "registers");
        if (!rn.isObject()) {
            throw new ProfileFormatException(src, "$.registers", "expected an object of register name to hex value");
        }
        for (var e : Json.fields(rn)) {
            String p = "$.registers." + e.getKey();
            var reg = kb.find(e.getKey()).orElseThrow(() -> new ProfileFormatException(src, p, "unknown register (see 'cpumodel regs')"));
            if (!reg.name().equals(e.getKey())) {
                throw new ProfileFormatException(src, p, "write the register as '" + reg.name() + "'");
            }
            regs.add(new GuestCpuModel.RegisterSetting(e.getKey(), Json.hex(src, p, e.getValue())));
        }
        List<GuestCpuModel.Lowering> lowered = list(src, "$.lowered", Json.required(src, "$", root, "lowered"), (p, n) -> {
            Json.onlyKeys(src, p, n, LOWERING);
            return new GuestCpuModel.Lowering(str(src, p, n, "register"), str(src, p, n, "field"), integer(src, p, n, "value"),
                    str(src, p, n, "valueName"), strings(src, p + ".limitedBy", Json.required(src, p, n, "limitedBy")),
                    str(src, p, n, "rule"), str(src, p, n, "reason"));
        });
        List<GuestCpuModel.MemberLoss> losses = list(src, "$.losses", Json.required(src, "$", root, "losses"), (p, n) -> {
            Json.onlyKeys(src, p, n, LOSS);
            return new GuestCpuModel.MemberLoss(str(src, p, n, "profileId"), str(src, p, n, "name"),
                    strings(src, p + ".lost", Json.required(src, p, n, "lost")));
        });
        GuestCpuModel.Gic gic = null;
        JsonNode g = Json.required(src, "$", root, "gic");
        if (!g.isNull()) {
            Json.onlyKeys(src, "$.gic", g, GIC);
            gic = new GuestCpuModel.Gic(Json.hex(src, "$.gic.iccCtlr", Json.required(src, "$.gic", g, "iccCtlr")),
                    (int) small(src, "$.gic", g, "priBits", 7), (int) small(src, "$.gic", g, "idBits", 7),
                    (int) small(src, "$.gic", g, "seis", 1), (int) small(src, "$.gic", g, "a3v", 1),
                    bool(src, "$.gic.whatIfRange", Json.required(src, "$.gic", g, "whatIfRange")),
                    strings(src, "$.gic.notes", Json.required(src, "$.gic", g, "notes")));
        }
        JsonNode idn = Json.required(src, "$", root, "identity");
        Json.onlyKeys(src, "$.identity", idn, IDENTITY);
        GuestCpuModel.Identity identity;
        try {
            identity = new GuestCpuModel.Identity(str(src, "$.identity", idn, "policy"), optHex(src, "$.identity.midr", idn.get("midr")),
                    optHex(src, "$.identity.revidr", idn.get("revidr")), optHex(src, "$.identity.aidr", idn.get("aidr")),
                    list(src, "$.identity.errataTargets", Json.required(src, "$.identity", idn, "errataTargets"), (p, n) -> {
                        Json.onlyKeys(src, p, n, TARGET);
                        return new GuestCpuModel.ErrataTarget(Json.hex(src, p + ".midr", Json.required(src, p, n, "midr")),
                                Json.hex(src, p + ".revidr", Json.required(src, p, n, "revidr")),
                                Json.hex(src, p + ".aidr", Json.required(src, p, n, "aidr")));
                    }),
                    strings(src, "$.identity.warnings", Json.required(src, "$.identity", idn, "warnings")));
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException(src, "$.identity.policy", e.getMessage());
        }
        JsonNode vn = Json.required(src, "$", root, "vcpu");
        Json.onlyKeys(src, "$.vcpu", vn, VCPU);
        List<Integer> vls = list(src, "$.vcpu.sveVectorLengths", Json.required(src, "$.vcpu", vn, "sveVectorLengths"), (p, n) -> {
            return (int) Json.integer(src, p, n, 0, SveLengths.MAX);
        });
        GuestCpuModel.Vcpu vcpu = new GuestCpuModel.Vcpu(bool(src, "$.vcpu.pmu", Json.required(src, "$.vcpu", vn, "pmu")),
                bool(src, "$.vcpu.sve", Json.required(src, "$.vcpu", vn, "sve")), vls,
                bool(src, "$.vcpu.ptrauth", Json.required(src, "$.vcpu", vn, "ptrauth")),
                bool(src, "$.vcpu.el2", Json.required(src, "$.vcpu", vn, "el2")));
        List<GuestCpuModel.RegListEntry> drift = list(src, "$.regListDrift", Json.required(src, "$", root, "regListDrift"), (p, n) -> {
            Json.onlyKeys(src, p, n, REGLIST);
            String action = str(src, p, n, "action");
            if (!action.equals("hide") && !action.equals("tolerate")) {
                throw new ProfileFormatException(src, p + ".action", "expected 'hide' or 'tolerate'");
            }
            return new GuestCpuModel.RegListEntry(Json.hex(src, p + ".id", Json.required(src, p, n, "id")), str(src, p, n, "name"), action,
                    strings(src, p + ".listedOn", Json.required(src, p, n, "listedOn")),
                    strings(src, p + ".missingOn", Json.required(src, p, n, "missingOn")));
        });
        List<GuestCpuModel.Adjustment> adjustments = list(src, "$.adjustments", Json.required(src, "$", root, "adjustments"), (p, n) -> {
            Json.onlyKeys(src, p, n, ADJUST);
            return new GuestCpuModel.Adjustment(str(src, p, n, "rule"), str(src, p, n, "register"), str(src, p, n, "field"),
                    integer(src, p, n, "from"), integer(src, p, n, "to"), str(src, p, n, "reason"), str(src, p, n, "source"));
        });
        List<GuestCpuModel.Blocker> blockers = list(src, "$.blockers", Json.required(src, "$", root, "blockers"), (p, n) -> {
            Json.onlyKeys(src, p, n, BLOCKER);
            return new GuestCpuModel.Blocker(str(src, p, n, "host"), str(src, p, n, "otherHost"), str(src, p, n, "register"),
                    str(src, p, n, "field"), str(src, p, n, "value"), str(src, p, n, "otherValue"), str(src, p, n, "why"),
                    n.has("rule") ? str(src, p, n, "rule") : null, n.has("kernels") ? str(src, p, n, "kernels") : null,
                    n.has("verified") ? bool(src, p + ".verified", n.get("verified")) : null);
        });
        List<String> notes = strings(src, "$.notes", Json.required(src, "$", root, "notes"));
        List<GuestCpuModel.Condition> conditions = !root.has("conditions") ? List.of()
                : list(src, "$.conditions", root.get("conditions"), (p, n) -> {
                    Json.onlyKeys(src, p, n, CONDITION);
                    return new GuestCpuModel.Condition(str(src, p, n, "host"), str(src, p, n, "register"), str(src, p, n, "field"),
                            integer(src, p, n, "assumed"), str(src, p, n, "why"));
                });
        Long counterHz = root.has("counterFrequencyHz") ? integer(src, "$", root, "counterFrequencyHz") : null;
        if (counterHz != null && counterHz <= 0) {
            throw new ProfileFormatException(src, "$.counterFrequencyHz", "is " + counterHz + ": a counter frequency is a positive number of Hz");
        }
        GuestCpuModel model = new GuestCpuModel(null, name, fs, possible, members, regs, lowered, losses, gic, identity, vcpu, drift,
                adjustments, blockers, notes, conditions, counterHz);
        ModelRules.check(src, model);
        if (root.has("id")) {
            // over the document as given, not as normalised: an edit that normalises away is still an edit
            String id = Json.text(src, "$.id", root.get("id"));
            String given = Json.contentHash((ObjectNode) root);
            if (!id.equals(given)) {
                throw new ProfileFormatException(src, "$.id", "content hash mismatch: the file says " + id + " but its content hashes to "
                        + given + " (edited by hand? remove the \"id\" line to accept the edit)");
            }
        }
        return model.withId(Json.contentHash(toTree(model)));
    }

    /** The canonical tree: keys in a fixed order, hex fixed-width, id included when known. */
    public static ObjectNode toTree(GuestCpuModel m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", GuestCpuModel.FORMAT);
        root.put("version", GuestCpuModel.SCHEMA_VERSION);
        if (m.id() != null) {
            root.put("id", m.id());
        }
        root.put("name", m.name());
        root.put("featureSet", m.featureSet().name());
        root.put("possible", m.possible());
        ArrayNode members = root.putArray("members");
        for (var mem : m.members()) {
            ObjectNode o = members.addObject();
            o.put("profileId", mem.profileId());
            o.put("name", mem.name());
            o.put("kernelRelease", mem.kernelRelease());
        }
        ObjectNode regs = root.putObject("registers");
        m.registers().forEach(r -> regs.put(r.register(), Json.hex(r.value())));
        ArrayNode lowered = root.putArray("lowered");
        for (var l : m.lowered()) {
            ObjectNode o = lowered.addObject();
            o.put("register", l.register());
            o.put("field", l.field());
            o.put("value", l.value());
            o.put("valueName", l.valueName());
            ArrayNode by = o.putArray("limitedBy");
            l.limitedBy().forEach(by::add);
            o.put("rule", l.rule());
            o.put("reason", l.reason());
        }
        ArrayNode losses = root.putArray("losses");
        for (var l : m.losses()) {
            ObjectNode o = losses.addObject();
            o.put("profileId", l.profileId());
            o.put("name", l.name());
            ArrayNode lost = o.putArray("lost");
            l.lost().forEach(lost::add);
        }
        if (m.gic() == null) {
            root.putNull("gic");
        } else {
            ObjectNode g = root.putObject("gic");
            g.put("iccCtlr", Json.hex(m.gic().iccCtlr()));
            g.put("priBits", m.gic().priBits());
            g.put("idBits", m.gic().idBits());
            g.put("seis", m.gic().seis());
            g.put("a3v", m.gic().a3v());
            g.put("whatIfRange", m.gic().whatIfRange());
            ArrayNode n = g.putArray("notes");
            m.gic().notes().forEach(n::add);
        }
        ObjectNode id = root.putObject("identity");
        id.put("policy", m.identity().policy());
        putHex(id, "midr", m.identity().midr());
        putHex(id, "revidr", m.identity().revidr());
        putHex(id, "aidr", m.identity().aidr());
        ArrayNode targets = id.putArray("errataTargets");
        for (var t : m.identity().errataTargets()) {
            ObjectNode o = targets.addObject();
            o.put("midr", Json.hex(t.midr()));
            o.put("revidr", Json.hex(t.revidr()));
            o.put("aidr", Json.hex(t.aidr()));
        }
        ArrayNode warnings = id.putArray("warnings");
        m.identity().warnings().forEach(warnings::add);
        ObjectNode v = root.putObject("vcpu");
        v.put("pmu", m.vcpu().pmu());
        v.put("sve", m.vcpu().sve());
        ArrayNode vls = v.putArray("sveVectorLengths");
        m.vcpu().sveVectorLengths().forEach(vls::add);
        v.put("ptrauth", m.vcpu().ptrauth());
        v.put("el2", m.vcpu().el2());
        ArrayNode drift = root.putArray("regListDrift");
        for (var d : m.regListDrift()) {
            ObjectNode o = drift.addObject();
            o.put("id", Json.hex(d.id()));
            o.put("name", d.name());
            o.put("action", d.action());
            ArrayNode on = o.putArray("listedOn");
            d.listedOn().forEach(on::add);
            ArrayNode off = o.putArray("missingOn");
            d.missingOn().forEach(off::add);
        }
        ArrayNode adj = root.putArray("adjustments");
        for (var a : m.adjustments()) {
            ObjectNode o = adj.addObject();
            o.put("rule", a.rule());
            o.put("register", a.register());
            o.put("field", a.field());
            o.put("from", a.from());
            o.put("to", a.to());
            o.put("reason", a.reason());
            o.put("source", a.source());
        }
        ArrayNode blockers = root.putArray("blockers");
        for (var b : m.blockers()) {
            blockers.add(blocker(b));
        }
        ArrayNode notes = root.putArray("notes");
        m.notes().forEach(notes::add);
        if (!m.conditions().isEmpty()) {
            ArrayNode conds = root.putArray("conditions");
            for (var c : m.conditions()) {
                ObjectNode o = conds.addObject();
                o.put("host", c.host());
                o.put("register", c.register());
                o.put("field", c.field());
                o.put("assumed", c.assumed());
                o.put("why", c.why());
            }
        }
        if (m.counterFrequencyHz() != null) {
            root.put("counterFrequencyHz", m.counterFrequencyHz());
        }
        return root;
    }

    /** One blocker as JSON (the model's "blockers" items; also used by reports that list blockers outside a model). */
    public static ObjectNode blocker(GuestCpuModel.Blocker b) {
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        {
            o.put("host", b.host());
            o.put("otherHost", b.otherHost());
            o.put("register", b.register());
            o.put("field", b.field());
            o.put("value", b.value());
            o.put("otherValue", b.otherValue());
            o.put("why", b.why());
            if (b.rule() != null) {
                o.put("rule", b.rule());
            }
            if (b.kernels() != null) {
                o.put("kernels", b.kernels());
            }
            if (b.verified() != null) {
                o.put("verified", b.verified());
            }
        }
        return o;
    }

    private static void putHex(ObjectNode n, String key, Long v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, Json.hex(v));
        }
    }

    private static Long optHex(String src, String p, JsonNode n) {
        if (n == null) {
            throw new ProfileFormatException(src, p, "missing (write null when not set)");
        }
        return n.isNull() ? null : Json.hex(src, p, n);
    }

    private static boolean bool(String src, String p, JsonNode n) {
        return Json.bool(src, p, n);
    }

    private static long integer(String src, String p, JsonNode n, String key) {
        return Json.integer(src, p + "." + key, Json.required(src, p, n, key), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static long small(String src, String p, JsonNode n, String key, long max) {
        return Json.integer(src, p + "." + key, Json.required(src, p, n, key), 0, max);
    }

    private static String str(String src, String p, JsonNode n, String key) {
        return Json.text(src, p + "." + key, Json.required(src, p, n, key));
    }

    private static List<String> strings(String src, String p, JsonNode n) {
        return list(src, p, n, (pp, x) -> Json.text(src, pp, x));
    }

    private static <T> List<T> list(String src, String p, JsonNode n, BiFunction<String, JsonNode, T> item) {
        if (!n.isArray()) {
            throw new ProfileFormatException(src, p, "expected an array");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(item.apply(p + "[" + i + "]", n.get(i)));
        }
        return out;
    }
}
