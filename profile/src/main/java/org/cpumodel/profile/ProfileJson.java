package org.cpumodel.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.profile.validation.Hex;
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
        Json.object(src, "$", root);
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
        ProfileDocument d = Json.bind(src, root, ProfileDocument.class);
        ProfileDocument.Host h = d.host();
        try {
            org.cpumodel.kb.KernelVersion.parse(h.kernelRelease());
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException(src, "$.host.kernelRelease", e.getMessage());
        }
        HostInfo host = new HostInfo(h.name(), h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(),
                h.facts() == null ? null : new TreeMap<>(h.facts()));
        SortedMap<Integer, Long> caps = new TreeMap<>();
        if (d.capabilities() != null) {
            d.capabilities().forEach((k, v) -> {
                String p = "$.capabilities." + k;
                int cap;
                try {
                    cap = Keys.decimal(k, 0, MAX_CAPABILITY);
                } catch (NumberFormatException ex) {
                    throw new ProfileFormatException(src, p, ex.getMessage() + " (capability keys are KVM_CAP numbers, e.g. \"230\")");
                }
                // KVM_CHECK_EXTENSION returns a non-negative int (kvm_vm_ioctl_check_extension)
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new ProfileFormatException(src, p, v + " is out of range 0.." + Integer.MAX_VALUE);
                }
                caps.put(cap, v);
            });
        }
        WritableMasks masks = d.masks() == null ? null : new WritableMasks(provenance(src, "$.masks.provenance", d.masks().provenance()),
                registerMap(src, "$.masks.values", d.masks().values(), false));
        GicCpuInterface gic = d.gic() == null ? null : new GicCpuInterface(provenance(src, "$.gic.provenance", d.gic().provenance()),
                hex(src, "$.gic.iccCtlr", d.gic().iccCtlr()));
        SortedMap<String, FeatureSetView> sets = new TreeMap<>();
        d.featureSets().forEach((name, fs) -> {
            String p = "$.featureSets." + name;
            FeatureSet parsed;
            try {
                parsed = FeatureSet.parse(name);
            } catch (IllegalArgumentException ex) {
                throw new ProfileFormatException(src, p, ex.getMessage());
            }
            if (!parsed.name().equals(name)) {
                throw new ProfileFormatException(src, p, "feature set must be written '" + parsed.name() + "'");
            }
            sets.put(name, featureSet(src, p, fs));
        });
        if (!sets.containsKey(FeatureSet.DEFAULT.name())) {
            throw new ProfileFormatException(src, "$.featureSets", "missing the 'default' feature set");
        }
        HostProfile profile = new HostProfile(null, host, d.partial(), d.notes(), caps, masks, gic, sets);
        ProfileRules.check(src, profile);
        if (d.id() != null) {
            // over the document as given, not as normalised: an edit that normalises away is still an edit
            String given = Json.contentHash((ObjectNode) root);
            if (!d.id().equals(given)) {
                throw new ProfileFormatException(src, "$.id", "content hash mismatch: the file says " + d.id() + " but its content hashes to " + given
                        + " (edited by hand? remove the \"id\" line to accept the edit, or print the normalised profile with 'cpumodel show --json')");
            }
        }
        return identify(profile);
    }

    private static FeatureSetView featureSet(String src, String p, ProfileDocument.FeatureSet n) {
        SortedMap<Integer, Long> ccsidr = new TreeMap<>();
        if (n.ccsidr() != null) {
            n.ccsidr().forEach((k, v) -> {
                int csselr;
                try {
                    // CSSELR_EL1: Level (cache level - 1, levels 1 to 7) above InD, so 0..13
                    csselr = Keys.decimal(k, 0, MAX_CSSELR);
                } catch (NumberFormatException ex) {
                    throw new ProfileFormatException(src, p + ".ccsidr." + k, ex.getMessage() + " (keys are CSSELR values: 2 x (cache level - 1) + InD, 0..13)");
                }
                ccsidr.put(csselr, hex(src, p + ".ccsidr." + k, v));
            });
        }
        List<Long> regList = null;
        if (n.regList() != null) {
            regList = new ArrayList<>();
            for (int i = 0; i < n.regList().size(); i++) {
                regList.add(hex(src, p + ".regList[" + i + "]", n.regList().get(i)));
            }
        }
        List<Integer> vls = n.sveVectorLengths() == null ? List.of() : n.sveVectorLengths();
        for (int i = 0; i < vls.size(); i++) {
            if (vls.get(i) < 0 || vls.get(i) > SveLengths.MAX) {
                throw new ProfileFormatException(src, p + ".sveVectorLengths[" + i + "]", vls.get(i) + " is out of range 0.." + SveLengths.MAX);
            }
        }
        String problem = SveLengths.problem(vls);
        if (problem != null) {
            throw new ProfileFormatException(src, p + ".sveVectorLengths", problem);
        }
        SortedMap<String, Long> regs = registerMap(src, p + ".registers", n.registers(), true);
        if (n.inferred() != null) {
            for (String r : n.inferred().keySet()) {
                if (!regs.containsKey(r)) {
                    throw new ProfileFormatException(src, p + ".inferred." + r, "expected the rule (text) that inferred a register of this feature set");
                }
            }
        }
        return new FeatureSetView(provenance(src, p + ".provenance", n.provenance()), regs, ccsidr, regList, vls,
                n.inferred() == null ? null : new TreeMap<>(n.inferred()));
    }

    private static SortedMap<String, Long> registerMap(String src, String p, Map<String, String> n, boolean allowAbsent) {
        KnowledgeBase kb = KnowledgeBase.load();
        SortedMap<String, Long> out = new TreeMap<>();
        n.forEach((name, value) -> {
            String rp = p + "." + name;
            var reg = kb.find(name).orElseThrow(() -> new ProfileFormatException(src, rp, "unknown register (see 'cpumodel regs')"));
            if (!reg.name().equals(name)) {
                throw new ProfileFormatException(src, rp, "write the register as '" + reg.name() + "'");
            }
            out.put(name, allowAbsent && ABSENT.equals(value) ? null : hex(src, rp, value));
        });
        return out;
    }

    private static long hex(String src, String p, String text) {
        try {
            return Hex.parse(text);
        } catch (NumberFormatException e) {
            throw new ProfileFormatException(src, p, e.getMessage());
        }
    }

    private static Provenance provenance(String src, String p, String text) {
        for (Provenance v : Provenance.values()) {
            if (v.json().equalsIgnoreCase(text)) {
                return v;
            }
        }
        throw new ProfileFormatException(src, p, "unknown value '" + text + "'");
    }

    /** The document as written: keys in a fixed order, hex fixed-width, the id when known. */
    static ProfileDocument document(HostProfile p, String id) {
        HostInfo h = p.host();
        Map<String, Long> caps = new LinkedHashMap<>();
        p.capabilities().forEach((k, v) -> caps.put(Integer.toString(k), v));
        Map<String, ProfileDocument.FeatureSet> sets = new LinkedHashMap<>();
        p.featureSets().forEach((name, v) -> {
            Map<String, String> regs = new LinkedHashMap<>();
            v.registers().forEach((k, val) -> regs.put(k, val == null ? ABSENT : Json.hex(val)));
            Map<String, String> ccsidr = new LinkedHashMap<>();
            v.ccsidr().forEach((k, val) -> ccsidr.put(Integer.toString(k), Json.hex(val)));
            sets.put(name, new ProfileDocument.FeatureSet(v.provenance().json(), regs, ccsidr,
                    v.regList() == null ? null : v.regList().stream().map(Json::hex).toList(), v.sveVectorLengths(), v.inferred()));
        });
        return new ProfileDocument(FORMAT, HostProfile.SCHEMA_VERSION, id,
                new ProfileDocument.Host(h.name(), h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), h.facts()),
                p.partial(), p.notes(), caps,
                p.masks() == null ? null : new ProfileDocument.Masks(p.masks().provenance().json(), hexValues(p.masks().values())),
                p.gic() == null ? null : new ProfileDocument.Gic(p.gic().provenance().json(), Json.hex(p.gic().iccCtlr())),
                sets);
    }

    private static Map<String, String> hexValues(Map<String, Long> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, Json.hex(v)));
        return out;
    }

    /** The canonical tree (keys in a fixed order, hex fixed-width), id included when known. */
    public static ObjectNode toTree(HostProfile p) {
        return Json.mapper().valueToTree(document(p, p.id()));
    }

    /** A profile with its content hash set, and its pretty JSON. */
    public record Document(HostProfile profile, String json) {
    }

    /**
     * The profile identified and written: the document hashed without its id, then written with the
     * id in its place (after "version").
     */
    public static Document document(HostProfile p) {
        HostProfile withoutId = p.withId(null);
        String id = Json.contentHash(document(withoutId, null));
        return new Document(withoutId.withId(id), Json.pretty(document(withoutId, id)));
    }

    /** The profile with its content hash, as pretty JSON. */
    public static String write(HostProfile p) {
        return document(p).json();
    }

    /**
     * Builds the shared mapper and the serialisers of the profile document ahead of the first write:
     * collect calls it on a second thread while the main thread talks to KVM.
     */
    public static void prepareWriter() {
        FeatureSetView empty = new FeatureSetView(Provenance.MEASURED, new TreeMap<>(), null, List.of(), null);
        document(new HostProfile(null, new HostInfo("-", "-", "0.0", "-", "-", new TreeMap<>(Map.of("-", "-"))), false, List.of("-"),
                new TreeMap<>(Map.of(0, 0L)), new WritableMasks(Provenance.MEASURED, new TreeMap<>()), new GicCpuInterface(Provenance.MEASURED, 0),
                new TreeMap<>(Map.of("default", empty))));
    }

    /** Computes and sets the content hash. */
    public static HostProfile identify(HostProfile p) {
        return p.withId(Json.contentHash(document(p, null)));
    }
}
