package org.cpumodel.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.profile.validation.Hex;
import org.cpumodel.profile.validation.ModelRules;
import org.cpumodel.profile.validation.SveLengths;

/**
 * The guest CPU model document, format {@value GuestCpuModel#FORMAT} version
 * {@value GuestCpuModel#SCHEMA_VERSION} (schema: {@code docs/schemas/guest-model.schema.json}).
 * Strict like {@link ProfileJson}: unknown keys, unknown registers, bad hex, a wrong format or
 * version, and a content hash that does not match are rejected with the JSON path.
 */
public final class ModelJson {

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
        GuestCpuModel withoutId = m.withId(null);
        return Json.pretty(document(withoutId, Json.contentHash(document(withoutId, null))));
    }

    /** Computes and sets the content hash. */
    public static GuestCpuModel identify(GuestCpuModel m) {
        return m.withId(Json.contentHash(document(m, null)));
    }

    public static GuestCpuModel fromTree(String src, JsonNode root) {
        Json.object(src, "$", root);
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
        ModelDocument d = Json.bind(src, root, ModelDocument.class);
        FeatureSet fs;
        try {
            fs = FeatureSet.parse(d.featureSet());
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException(src, "$.featureSet", e.getMessage());
        }
        KnowledgeBase kb = KnowledgeBase.load();
        List<GuestCpuModel.RegisterSetting> regs = new ArrayList<>();
        d.registers().forEach((name, value) -> {
            String p = "$.registers." + name;
            var reg = kb.find(name).orElseThrow(() -> new ProfileFormatException(src, p, "unknown register (see 'cpumodel regs')"));
            if (!reg.name().equals(name)) {
                throw new ProfileFormatException(src, p, "write the register as '" + reg.name() + "'");
            }
            regs.add(new GuestCpuModel.RegisterSetting(name, hex(src, p, value)));
        });
        GuestCpuModel.Gic gic = null;
        ModelDocument.Gic g = d.gic();
        if (g != null) {
            gic = new GuestCpuModel.Gic(hex(src, "$.gic.iccCtlr", g.iccCtlr()), small(src, "$.gic.priBits", g.priBits(), 7),
                    small(src, "$.gic.idBits", g.idBits(), 7), small(src, "$.gic.seis", g.seis(), 1), small(src, "$.gic.a3v", g.a3v(), 1),
                    g.whatIfRange(), g.notes());
        }
        ModelDocument.Identity idn = d.identity();
        GuestCpuModel.Identity identity;
        try {
            identity = new GuestCpuModel.Identity(idn.policy(), optHex(src, "$.identity.midr", idn.midr()),
                    optHex(src, "$.identity.revidr", idn.revidr()), optHex(src, "$.identity.aidr", idn.aidr()),
                    indexed("$.identity.errataTargets", idn.errataTargets(), (p, t) -> new GuestCpuModel.ErrataTarget(hex(src, p + ".midr", t.midr()),
                            hex(src, p + ".revidr", t.revidr()), hex(src, p + ".aidr", t.aidr()))),
                    idn.warnings());
        } catch (IllegalArgumentException e) {
            throw new ProfileFormatException(src, "$.identity.policy", e.getMessage());
        }
        ModelDocument.Vcpu vn = d.vcpu();
        for (int i = 0; i < vn.sveVectorLengths().size(); i++) {
            small(src, "$.vcpu.sveVectorLengths[" + i + "]", vn.sveVectorLengths().get(i), SveLengths.MAX);
        }
        GuestCpuModel.Vcpu vcpu = new GuestCpuModel.Vcpu(vn.pmu(), vn.sve(), vn.sveVectorLengths(), vn.ptrauth(), vn.el2());
        List<GuestCpuModel.RegListEntry> drift = indexed("$.regListDrift", d.regListDrift(), (p, e) -> {
            if (!e.action().equals("hide") && !e.action().equals("tolerate")) {
                throw new ProfileFormatException(src, p + ".action", "expected 'hide' or 'tolerate'");
            }
            return new GuestCpuModel.RegListEntry(hex(src, p + ".id", e.id()), e.name(), e.action(), e.listedOn(), e.missingOn());
        });
        GuestCpuModel model = new GuestCpuModel(null, d.name(), fs, d.possible(),
                map(d.members(), m -> new GuestCpuModel.Member(m.profileId(), m.name(), m.kernelRelease())), regs,
                map(d.lowered(), l -> new GuestCpuModel.Lowering(l.register(), l.field(), l.from() == null ? List.of() : l.from(), l.value(), l.valueName(),
                        l.limitedBy(), l.rule(), l.kernels(), l.verified(), l.reason())),
                map(d.losses(), l -> new GuestCpuModel.MemberLoss(l.profileId(), l.name(), l.lost())), gic, identity, vcpu, drift,
                map(d.adjustments(), a -> new GuestCpuModel.Adjustment(a.rule(), a.register(), a.field(), a.from(), a.to(), a.reason(), a.source())),
                map(d.blockers(), b -> new GuestCpuModel.Blocker(b.host(), b.otherHost(), b.register(), b.field(), b.value(), b.otherValue(), b.why(),
                        b.rule(), b.kernels(), b.verified())),
                d.notes(), d.conditions() == null ? List.of()
                        : map(d.conditions(), c -> new GuestCpuModel.Condition(c.host(), c.register(), c.field(), c.assumed(), c.why())),
                d.counterFrequencyHz());
        if (d.counterFrequencyHz() != null && d.counterFrequencyHz() <= 0) {
            throw new ProfileFormatException(src, "$.counterFrequencyHz", "is " + d.counterFrequencyHz() + ": a counter frequency is a positive number of Hz");
        }
        ModelRules.check(src, model);
        if (d.id() != null) {
            // over the document as given, not as normalised: an edit that normalises away is still an edit
            String given = Json.contentHash((ObjectNode) root);
            if (!d.id().equals(given)) {
                throw new ProfileFormatException(src, "$.id", "content hash mismatch: the file says " + d.id() + " but its content hashes to "
                        + given + " (edited by hand? remove the \"id\" line to accept the edit)");
            }
        }
        return identify(model);
    }

    /** The document as written: keys in a fixed order, hex fixed-width, the id when known. */
    static ModelDocument document(GuestCpuModel m, String id) {
        Map<String, String> regs = new LinkedHashMap<>();
        m.registers().forEach(r -> regs.put(r.register(), Json.hex(r.value())));
        GuestCpuModel.Gic g = m.gic();
        GuestCpuModel.Identity idn = m.identity();
        GuestCpuModel.Vcpu v = m.vcpu();
        return new ModelDocument(GuestCpuModel.FORMAT, GuestCpuModel.SCHEMA_VERSION, id, m.name(), m.featureSet().name(), m.possible(),
                map(m.members(), x -> new ModelDocument.Member(x.profileId(), x.name(), x.kernelRelease())), regs,
                map(m.lowered(), l -> new ModelDocument.Lowering(l.register(), l.field(), l.from(), l.value(), l.valueName(), l.limitedBy(), l.rule(),
                        l.kernels(), l.verified(), l.reason())),
                map(m.losses(), l -> new ModelDocument.Loss(l.profileId(), l.name(), l.lost())),
                g == null ? null : new ModelDocument.Gic(Json.hex(g.iccCtlr()), g.priBits(), g.idBits(), g.seis(), g.a3v(), g.whatIfRange(), g.notes()),
                new ModelDocument.Identity(idn.policy(), optHex(idn.midr()), optHex(idn.revidr()), optHex(idn.aidr()),
                        map(idn.errataTargets(), t -> new ModelDocument.ErrataTarget(Json.hex(t.midr()), Json.hex(t.revidr()), Json.hex(t.aidr()))),
                        idn.warnings()),
                new ModelDocument.Vcpu(v.pmu(), v.sve(), v.sveVectorLengths(), v.ptrauth(), v.el2()),
                map(m.regListDrift(), e -> new ModelDocument.RegListEntry(Json.hex(e.id()), e.name(), e.action(), e.listedOn(), e.missingOn())),
                map(m.adjustments(), a -> new ModelDocument.Adjustment(a.rule(), a.register(), a.field(), a.from(), a.to(), a.reason(), a.source())),
                map(m.blockers(), ModelDocument.Blocker::of), m.notes(),
                map(m.conditions(), c -> new ModelDocument.Condition(c.host(), c.register(), c.field(), c.assumed(), c.why())),
                m.counterFrequencyHz());
    }

    /** One blocker as JSON (the model's "blockers" items; also used by reports that list blockers outside a model). */
    public static ObjectNode blocker(GuestCpuModel.Blocker b) {
        return Json.mapper().valueToTree(ModelDocument.Blocker.of(b));
    }

    /** The canonical tree: keys in a fixed order, hex fixed-width, id included when known. */
    public static ObjectNode toTree(GuestCpuModel m) {
        return Json.mapper().valueToTree(document(m, m.id()));
    }

    private static String optHex(Long v) {
        return v == null ? null : Json.hex(v);
    }

    private static Long optHex(String src, String p, String text) {
        return text == null ? null : hex(src, p, text);
    }

    private static long hex(String src, String p, String text) {
        try {
            return Hex.parse(text);
        } catch (NumberFormatException e) {
            throw new ProfileFormatException(src, p, e.getMessage());
        }
    }

    private static int small(String src, String p, int v, int max) {
        if (v < 0 || v > max) {
            throw new ProfileFormatException(src, p, v + " is out of range 0.." + max);
        }
        return v;
    }

    private static <A, B> List<B> map(List<A> in, Function<A, B> f) {
        return in.stream().map(f).toList();
    }

    private static <A, B> List<B> indexed(String p, List<A> in, java.util.function.BiFunction<String, A, B> f) {
        List<B> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            out.add(f.apply(p + "[" + i + "]", in.get(i)));
        }
        return out;
    }
}
