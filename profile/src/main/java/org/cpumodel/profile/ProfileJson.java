package org.cpumodel.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.profile.validation.Keys;
import org.cpumodel.profile.validation.ProfileRules;
import org.cpumodel.profile.validation.SveLengths;

/**
 * The host profile document, version {@value HostProfile#SCHEMA_VERSION} (schema:
 * {@code docs/schemas/host-profile.schema.json}). Parsing is strict: unknown keys, unknown register
 * names, malformed hex and a wrong format or version are rejected with the JSON path.
 */
public final class ProfileJson {

    public static final String FORMAT = "cpumodel-host-profile";
    public static final String ABSENT = "absent";

    private static final Set<String> TOP = Set.of("format", "version", "id", "host", "partial", "notes", "capabilities", "masks", "gic", "featureSets");
    private static final Set<String> HOST = Set.of("name", "cpu", "kernelRelease", "kvmMode", "source", "facts");
    private static final Set<String> MASKS = Set.of("provenance", "values");
    private static final Set<String> GIC = Set.of("provenance", "iccCtlr");
    private static final Set<String> FSET = Set.of("provenance", "registers", "ccsidr", "regList", "sveVectorLengths", "inferred");

    /** The largest KVM_CAP number a profile may name (the kernel's are below 300 today). */
    static final int MAX_CAPABILITY = 65535;
    /** The largest CSSELR_EL1 value: level 7, instruction cache. */
    static final int MAX_CSSELR = 13;

    private ProfileJson() {
    }

    public static HostProfile read(Path file) {
        return fromTree(file.toString(), Json.readTree(file));
    }

    public static HostProfile parse(String source, String text) {
        return fromTree(source, Json.readTree(source, text));
    }

    /** Whether a parsed JSON document claims to be a host profile. */
    public static boolean isProfile(JsonNode root) {
        return root.isObject() && FORMAT.equals(root.path("format").asText());
    }

    public static HostProfile fromTree(String src, JsonNode root) {
        Json.onlyKeys(src, "$", root, TOP);
        String format = Json.text(src, "$.format", Json.required(src, "$", root, "format"));
        if (!FORMAT.equals(format)) {
            throw new ProfileFormatException(src, "$.format", "is '" + format + "', expected '" + FORMAT + "' (is this a host profile?)");
        }
        JsonNode ver = Json.required(src, "$", root, "version");
        if (!ver.isIntegralNumber()) {
            throw new ProfileFormatException(src, "$.version", "expected the number " + HostProfile.SCHEMA_VERSION + ", found " + Json.kind(ver));
        }
        if (!ver.isInt() || ver.asInt() != HostProfile.SCHEMA_VERSION) {
            throw new ProfileFormatException(src, "$.version", "unsupported profile version " + ver + " (this cpumodel reads version " + HostProfile.SCHEMA_VERSION + ")");
        }
        JsonNode h = Json.required(src, "$", root, "host");
        Json.onlyKeys(src, "$.host", h, HOST);
        SortedMap<String, String> facts = new TreeMap<>();
        if (h.has("facts")) {
            for (Map.Entry<String, JsonNode> e : Json.fields(Json.object(src, "$.host.facts", h.get("facts")))) {
                facts.put(e.getKey(), Json.text(src, "$.host.facts." + e.getKey(), e.getValue()));
            }
        }
        String release = Json.text(src, "$.host.kernelRelease", Json.required(src, "$.host", h, "kernelRelease"));
        try {
            org.cpumodel.kb.KernelVersion.parse(release);
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException(src, "$.host.kernelRelease", e.getMessage());
        }
        HostInfo host = new HostInfo(
                Json.text(src, "$.host.name", Json.required(src, "$.host", h, "name")),
                optText(src, "$.host.cpu", h.get("cpu")), release,
                optText(src, "$.host.kvmMode", h.get("kvmMode")),
                optText(src, "$.host.source", h.get("source")), facts);
        boolean partial = root.has("partial") && Json.bool(src, "$.partial", root.get("partial"));
        List<String> notes = new ArrayList<>();
        if (root.has("notes")) {
            JsonNode n = root.get("notes");
            if (!n.isArray()) {
                throw new ProfileFormatException(src, "$.notes", "expected an array of strings");
            }
            for (int i = 0; i < n.size(); i++) {
                notes.add(Json.text(src, "$.notes[" + i + "]", n.get(i)));
            }
        }
        SortedMap<Integer, Long> caps = new TreeMap<>();
        if (root.has("capabilities")) {
            for (Map.Entry<String, JsonNode> e : Json.fields(Json.object(src, "$.capabilities", root.get("capabilities")))) {
                String p = "$.capabilities." + e.getKey();
                int cap;
                try {
                    cap = Keys.decimal(e.getKey(), 0, MAX_CAPABILITY);
                } catch (NumberFormatException ex) {
                    throw new ProfileFormatException(src, p, ex.getMessage() + " (capability keys are KVM_CAP numbers, e.g. \"230\")");
                }
                // KVM_CHECK_EXTENSION returns a non-negative int (kvm_vm_ioctl_check_extension)
                caps.put(cap, Json.integer(src, p, e.getValue(), 0, Integer.MAX_VALUE));
            }
        }
        WritableMasks masks = null;
        JsonNode m = root.get("masks");
        if (m != null && !m.isNull()) {
            Json.onlyKeys(src, "$.masks", m, MASKS);
            masks = new WritableMasks(Json.enumValue(src, "$.masks.provenance", Json.required(src, "$.masks", m, "provenance"), Provenance.class),
                    registerMap(src, "$.masks.values", Json.required(src, "$.masks", m, "values"), false));
        }
        GicCpuInterface gic = null;
        JsonNode g = root.get("gic");
        if (g != null && !g.isNull()) {
            Json.onlyKeys(src, "$.gic", g, GIC);
            gic = new GicCpuInterface(Json.enumValue(src, "$.gic.provenance", Json.required(src, "$.gic", g, "provenance"), Provenance.class),
                    Json.hex(src, "$.gic.iccCtlr", Json.required(src, "$.gic", g, "iccCtlr")));
        }
        SortedMap<String, FeatureSetView> sets = new TreeMap<>();
        JsonNode fs = Json.object(src, "$.featureSets", Json.required(src, "$", root, "featureSets"));
        for (Map.Entry<String, JsonNode> e : Json.fields(fs)) {
            String p = "$.featureSets." + e.getKey();
            FeatureSet parsed;
            try {
                parsed = FeatureSet.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new ProfileFormatException(src, p, ex.getMessage());
            }
            if (!parsed.name().equals(e.getKey())) {
                throw new ProfileFormatException(src, p, "feature set must be written '" + parsed.name() + "'");
            }
            sets.put(e.getKey(), featureSet(src, p, e.getValue()));
        }
        if (!sets.containsKey(FeatureSet.DEFAULT.name())) {
            throw new ProfileFormatException(src, "$.featureSets", "missing the 'default' feature set");
        }
        HostProfile profile = new HostProfile(null, host, partial, notes, caps, masks, gic, sets);
        ProfileRules.check(src, profile);
        if (root.has("id")) {
            // over the document as given, not as normalised: an edit that normalises away is still an edit
            String id = Json.text(src, "$.id", root.get("id"));
            String given = Json.contentHash((ObjectNode) root);
            if (!id.equals(given)) {
                throw new ProfileFormatException(src, "$.id", "content hash mismatch: the file says " + id + " but its content hashes to " + given
                        + " (edited by hand? remove the \"id\" line to accept the edit, or print the normalised profile with 'cpumodel show --json')");
            }
        }
        return profile.withId(Json.contentHash(toTree(profile)));
    }

    private static FeatureSetView featureSet(String src, String p, JsonNode n) {
        Json.onlyKeys(src, p, n, FSET);
        Provenance prov = Json.enumValue(src, p + ".provenance", Json.required(src, p, n, "provenance"), Provenance.class);
        SortedMap<String, Long> regs = registerMap(src, p + ".registers", Json.required(src, p, n, "registers"), true);
        SortedMap<Integer, Long> ccsidr = new TreeMap<>();
        if (n.has("ccsidr")) {
            for (Map.Entry<String, JsonNode> e : Json.fields(Json.object(src, p + ".ccsidr", n.get("ccsidr")))) {
                int csselr;
                try {
                    // CSSELR_EL1: Level (cache level - 1, levels 1 to 7) above InD, so 0..13
                    csselr = Keys.decimal(e.getKey(), 0, MAX_CSSELR);
                } catch (NumberFormatException ex) {
                    throw new ProfileFormatException(src, p + ".ccsidr." + e.getKey(), ex.getMessage() + " (keys are CSSELR values: 2 x (cache level - 1) + InD, 0..13)");
                }
                ccsidr.put(csselr, Json.hex(src, p + ".ccsidr." + e.getKey(), e.getValue()));
            }
        }
        List<Long> regList = null;
        JsonNode rl = n.get("regList");
        if (rl != null && !rl.isNull()) {
            if (!rl.isArray()) {
                throw new ProfileFormatException(src, p + ".regList", "expected an array of hex ids");
            }
            regList = new ArrayList<>();
            for (int i = 0; i < rl.size(); i++) {
                regList.add(Json.hex(src, p + ".regList[" + i + "]", rl.get(i)));
            }
        }
        List<Integer> vls = new ArrayList<>();
        if (n.has("sveVectorLengths")) {
            JsonNode a = Json.array(src, p + ".sveVectorLengths", n.get("sveVectorLengths"));
            for (int i = 0; i < a.size(); i++) {
                vls.add((int) Json.integer(src, p + ".sveVectorLengths[" + i + "]", a.get(i), 0, SveLengths.MAX));
            }
            String problem = SveLengths.problem(vls);
            if (problem != null) {
                throw new ProfileFormatException(src, p + ".sveVectorLengths", problem);
            }
        }
        SortedMap<String, String> inferred = new TreeMap<>();
        if (n.has("inferred")) {
            for (Map.Entry<String, JsonNode> e : Json.fields(n.get("inferred"))) {
                if (!regs.containsKey(e.getKey()) || !e.getValue().isTextual()) {
                    throw new ProfileFormatException(src, p + ".inferred." + e.getKey(), "expected the rule (text) that inferred a register of this feature set");
                }
                inferred.put(e.getKey(), e.getValue().asText());
            }
        }
        return new FeatureSetView(prov, regs, ccsidr, regList, vls, inferred);
    }

    private static SortedMap<String, Long> registerMap(String src, String p, JsonNode n, boolean allowAbsent) {
        if (!n.isObject()) {
            throw new ProfileFormatException(src, p, "expected an object of register name to hex value");
        }
        KnowledgeBase kb = KnowledgeBase.load();
        SortedMap<String, Long> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : Json.fields(n)) {
            String rp = p + "." + e.getKey();
            var reg = kb.find(e.getKey()).orElseThrow(() -> new ProfileFormatException(src, rp, "unknown register (see 'cpumodel regs')"));
            if (!reg.name().equals(e.getKey())) {
                throw new ProfileFormatException(src, rp, "write the register as '" + reg.name() + "'");
            }
            if (allowAbsent && e.getValue().isTextual() && ABSENT.equals(e.getValue().asText())) {
                out.put(e.getKey(), null);
            } else {
                out.put(e.getKey(), Json.hex(src, rp, e.getValue()));
            }
        }
        return out;
    }

    private static String optText(String src, String p, JsonNode n) {
        return n == null || n.isNull() ? null : Json.text(src, p, n);
    }

    /** The canonical tree (keys in a fixed order, hex fixed-width), id included when known. */
    public static ObjectNode toTree(HostProfile p) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("version", HostProfile.SCHEMA_VERSION);
        if (p.id() != null) {
            root.put("id", p.id());
        }
        ObjectNode h = root.putObject("host");
        h.put("name", p.host().name());
        putOpt(h, "cpu", p.host().cpu());
        h.put("kernelRelease", p.host().kernelRelease());
        putOpt(h, "kvmMode", p.host().kvmMode());
        putOpt(h, "source", p.host().source());
        if (!p.host().facts().isEmpty()) {
            ObjectNode facts = h.putObject("facts");
            p.host().facts().forEach(facts::put);
        }
        root.put("partial", p.partial());
        ArrayNode notes = root.putArray("notes");
        p.notes().forEach(notes::add);
        ObjectNode caps = root.putObject("capabilities");
        p.capabilities().forEach((k, v) -> caps.put(Integer.toString(k), v));
        if (p.masks() != null) {
            ObjectNode m = root.putObject("masks");
            m.put("provenance", p.masks().provenance().json());
            ObjectNode vals = m.putObject("values");
            p.masks().values().forEach((k, v) -> vals.put(k, Json.hex(v)));
        } else {
            root.putNull("masks");
        }
        if (p.gic() != null) {
            ObjectNode g = root.putObject("gic");
            g.put("provenance", p.gic().provenance().json());
            g.put("iccCtlr", Json.hex(p.gic().iccCtlr()));
        } else {
            root.putNull("gic");
        }
        ObjectNode sets = root.putObject("featureSets");
        p.featureSets().forEach((name, v) -> {
            ObjectNode s = sets.putObject(name);
            s.put("provenance", v.provenance().json());
            ObjectNode regs = s.putObject("registers");
            v.registers().forEach((k, val) -> {
                if (val == null) {
                    regs.put(k, ABSENT);
                } else {
                    regs.put(k, Json.hex(val));
                }
            });
            if (!v.ccsidr().isEmpty()) {
                ObjectNode c = s.putObject("ccsidr");
                v.ccsidr().forEach((k, val) -> c.put(Integer.toString(k), Json.hex(val)));
            }
            if (v.regList() != null) {
                ArrayNode rl = s.putArray("regList");
                v.regList().forEach(id -> rl.add(Json.hex(id)));
            }
            if (!v.sveVectorLengths().isEmpty()) {
                ArrayNode a = s.putArray("sveVectorLengths");
                v.sveVectorLengths().forEach(a::add);
            }
            if (!v.inferred().isEmpty()) {
                ObjectNode inf = s.putObject("inferred");
                v.inferred().forEach(inf::put);
            }
        });
        return root;
    }

    private static void putOpt(ObjectNode n, String k, String v) {
        if (v != null) {
            n.put(k, v);
        }
    }

    /** A profile with its content hash set, and its pretty JSON. */
    public record Document(HostProfile profile, String json) {
    }

    /**
     * The profile identified and written in one pass: one tree, hashed without its id, then written
     * with the id in its place (after "version"). Collect writes a profile of ~1,500 values once, so
     * building the tree again for the id would show where the JVM runs emulated.
     */
    public static Document document(HostProfile p) {
        HostProfile withoutId = p.withId(null);
        ObjectNode tree = toTree(withoutId);
        String id = Json.contentHash(tree);
        ObjectNode withId = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            withId.set(e.getKey(), e.getValue());
            if (e.getKey().equals("version")) {
                withId.put("id", id);
            }
        }
        return new Document(withoutId.withId(id), Json.pretty(withId));
    }

    /** The profile with its content hash, as pretty JSON. */
    public static String write(HostProfile p) {
        return document(p).json();
    }

    /** Computes and sets the content hash. */
    public static HostProfile identify(HostProfile p) {
        return p.withId(Json.contentHash(toTree(p.withId(null))));
    }
}
