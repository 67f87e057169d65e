package org.cpumodel.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cpumodel.kb.Bits;
import org.cpumodel.profile.Json;

/** The KVM plan document ({@value KvmPlan#FORMAT} version {@value KvmPlan#VERSION}): strict writer and reader. */
public final class KvmPlanJson {

    private static final String SRC = "kvm plan";
    private static final Set<String> TOP = Set.of("format", "version", "model", "name", "featureSet", "host", "steps", "hypercalls", "regList", "notes");

    private KvmPlanJson() {
    }

    public static String write(KvmPlan p) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", KvmPlan.FORMAT);
        root.put("version", KvmPlan.VERSION);
        root.put("model", p.modelId());
        root.put("name", p.modelName());
        root.put("featureSet", p.featureSet());
        if (p.host() == null) {
            root.putNull("host");
        } else {
            root.put("host", p.host());
        }
        ArrayNode steps = root.putArray("steps");
        int n = 1;
        for (KvmPlan.Step s : p.steps()) {
            ObjectNode o = steps.addObject();
            o.put("step", n++);
            o.put("op", s.op());
            switch (s) {
                case KvmPlan.EnableCap c -> {
                    o.put("cap", c.cap());
                    o.put("name", c.name());
                }
                case KvmPlan.SmcccFilter c -> {
                    o.put("base", hex32(c.base()));
                    o.put("nrFunctions", c.nrFunctions());
                    o.put("action", c.action());
                }
                case KvmPlan.CreateVcpus c -> {
                }
                case KvmPlan.VcpuInit c -> {
                    o.put("features0", String.format("0x%08x", c.bits()));
                    ArrayNode a = o.putArray("features");
                    c.features().forEach(a::add);
                }
                case KvmPlan.FinalizeSve c -> {
                    ArrayNode a = o.putArray("vectorLengths");
                    c.vectorLengths().forEach(a::add);
                }
                case KvmPlan.SetOneReg c -> {
                    o.put("register", c.register());
                    o.put("id", Bits.hex64(c.id()));
                    o.put("value", Bits.hex64(c.value()));
                }
                case KvmPlan.CreateVgicV3 c -> o.put("device", "KVM_DEV_TYPE_ARM_VGIC_V3");
                case KvmPlan.SetVgicCpuSysreg c -> {
                    o.put("register", c.register());
                    o.put("sysreg", String.format("0x%04x", c.sysreg()));
                    o.put("value", Bits.hex64(c.value()));
                }
                case KvmPlan.RestoreAfter c -> {
                    ArrayNode a = o.putArray("registers");
                    c.registers().forEach(a::add);
                }
            }
            o.put("why", s.why());
        }
        ArrayNode calls = root.putArray("hypercalls");
        for (KvmPlan.HypercallAnswer h : p.hypercalls()) {
            ObjectNode o = calls.addObject();
            o.put("function", hex32(h.function()));
            o.put("name", h.name());
            if (h.index() == null) {
                o.putNull("index");
            } else {
                o.put("index", h.index());
            }
            ObjectNode r = o.putObject("returns");
            r.put("x0", Bits.hex64(h.x0()));
            r.put("x1", Bits.hex64(h.x1()));
            r.put("x2", Bits.hex64(h.x2()));
            r.put("x3", Bits.hex64(h.x3()));
        }
        ArrayNode rl = root.putArray("regList");
        for (KvmPlan.RegListAction a : p.regList()) {
            ObjectNode o = rl.addObject();
            o.put("id", Bits.hex64(a.id()));
            o.put("name", a.name());
            o.put("action", a.action());
        }
        ArrayNode notes = root.putArray("notes");
        p.notes().forEach(notes::add);
        return Json.pretty(root);
    }

    public static KvmPlan read(String text) {
        JsonNode root = Json.readTree(SRC, text);
        Json.onlyKeys(SRC, "$", root, TOP);
        if (!KvmPlan.FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != KvmPlan.VERSION) {
            throw new EmitException("not a " + KvmPlan.FORMAT + " version " + KvmPlan.VERSION + " document");
        }
        List<KvmPlan.Step> steps = new ArrayList<>();
        int n = 1;
        for (JsonNode o : root.path("steps")) {
            if (o.path("step").asInt() != n++) {
                throw new EmitException("steps out of order at step " + (n - 1));
            }
            String why = str(o, "why");
            KvmPlan.Step s = switch (str(o, "op")) {
                case "KVM_ENABLE_CAP" -> new KvmPlan.EnableCap(o.path("cap").asInt(), str(o, "name"), why);
                case "KVM_ARM_VM_SMCCC_FILTER" -> new KvmPlan.SmcccFilter(Bits.parseHex(str(o, "base")), o.path("nrFunctions").asInt(),
                        str(o, "action"), why);
                case "KVM_CREATE_VCPU" -> new KvmPlan.CreateVcpus(why);
                case "KVM_ARM_VCPU_INIT" -> new KvmPlan.VcpuInit((int) Bits.parseHex(str(o, "features0")), strings(o.path("features")), why);
                case "KVM_ARM_VCPU_FINALIZE" -> {
                    List<Integer> vls = new ArrayList<>();
                    o.path("vectorLengths").forEach(x -> vls.add(x.asInt()));
                    yield new KvmPlan.FinalizeSve(vls, why);
                }
                case "KVM_SET_ONE_REG" -> new KvmPlan.SetOneReg(str(o, "register"), Bits.parseHex(str(o, "id")), Bits.parseHex(str(o, "value")), why);
                case "KVM_CREATE_DEVICE" -> new KvmPlan.CreateVgicV3(why);
                case "KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS" -> new KvmPlan.SetVgicCpuSysreg(str(o, "register"), (int) Bits.parseHex(str(o, "sysreg")),
                        Bits.parseHex(str(o, "value")), why);
                case "RESTORE_AFTER" -> new KvmPlan.RestoreAfter(strings(o.path("registers")), why);
                default -> throw new EmitException("unknown step op " + o.path("op"));
            };
            steps.add(s);
        }
        List<KvmPlan.HypercallAnswer> calls = new ArrayList<>();
        for (JsonNode o : root.path("hypercalls")) {
            JsonNode r = o.path("returns");
            calls.add(new KvmPlan.HypercallAnswer(Bits.parseHex(str(o, "function")), str(o, "name"),
                    o.path("index").isNull() ? null : o.path("index").asLong(), Bits.parseHex(str(r, "x0")), Bits.parseHex(str(r, "x1")),
                    Bits.parseHex(str(r, "x2")), Bits.parseHex(str(r, "x3"))));
        }
        List<KvmPlan.RegListAction> rl = new ArrayList<>();
        for (JsonNode o : root.path("regList")) {
            rl.add(new KvmPlan.RegListAction(Bits.parseHex(str(o, "id")), str(o, "name"), str(o, "action")));
        }
        return new KvmPlan(str(root, "model"), str(root, "name"), str(root, "featureSet"), root.path("host").isNull() ? null : str(root, "host"),
                steps, calls, rl, strings(root.path("notes")));
    }

    private static String str(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual()) {
            throw new EmitException("kvm plan: missing text '" + key + "' in " + o);
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static String hex32(long v) {
        return String.format("0x%08x", v);
    }
}
