package org.cpumodel.emit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.cpumodel.kb.Bits;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileFormatException;

/** The KVM plan document ({@value KvmPlan#FORMAT} version {@value KvmPlan#VERSION}): strict writer and reader. */
public final class KvmPlanJson {

    private static final String SRC = "kvm plan";

    private KvmPlanJson() {
    }

    public static String write(KvmPlan p) {
        List<KvmPlanDocument.Step> steps = new ArrayList<>();
        for (KvmPlan.Step s : p.steps()) {
            steps.add(step(steps.size() + 1, s));
        }
        return Json.pretty(new KvmPlanDocument(KvmPlan.FORMAT, KvmPlan.VERSION, p.modelId(), p.modelName(), p.featureSet(), p.host(), steps,
                map(p.hypercalls(), h -> new KvmPlanDocument.Hypercall(hex32(h.function()), h.name(), h.index(),
                        new KvmPlanDocument.Returns(Bits.hex64(h.x0()), Bits.hex64(h.x1()), Bits.hex64(h.x2()), Bits.hex64(h.x3())))),
                map(p.regList(), a -> new KvmPlanDocument.RegListAction(Bits.hex64(a.id()), a.name(), a.action())), p.notes()));
    }

    /** One step as written: "step", "op", the op's own keys, "why". */
    private static KvmPlanDocument.Step step(int n, KvmPlan.Step s) {
        return switch (s) {
            case KvmPlan.EnableCap c -> new KvmPlanDocument.Step(n, s.op(), c.cap(), c.name(), null, null, null, null, null, null, null, null, null,
                    null, null, null, s.why());
            case KvmPlan.SmcccFilter c -> new KvmPlanDocument.Step(n, s.op(), null, null, hex32(c.base()), c.nrFunctions(), c.action(), null, null,
                    null, null, null, null, null, null, null, s.why());
            case KvmPlan.CreateVcpus c -> new KvmPlanDocument.Step(n, s.op(), null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, s.why());
            case KvmPlan.VcpuInit c -> new KvmPlanDocument.Step(n, s.op(), null, null, null, null, null, String.format("0x%08x", c.bits()), c.features(), null,
                    null, null, null, null, null, null, s.why());
            case KvmPlan.FinalizeSve c -> new KvmPlanDocument.Step(n, s.op(), null, null, null, null, null, null, null, c.vectorLengths(),
                    null, null, null, null, null, null, s.why());
            case KvmPlan.SetOneReg c -> new KvmPlanDocument.Step(n, s.op(), null, null, null, null, null, null, null, null, c.register(),
                    Bits.hex64(c.id()), null, Bits.hex64(c.value()), null, null, s.why());
            case KvmPlan.CreateVgicV3 c -> new KvmPlanDocument.Step(n, s.op(), null, null, null, null, null, null, null, null, null, null, null,
                    null, "KVM_DEV_TYPE_ARM_VGIC_V3", null, s.why());
            case KvmPlan.SetVgicCpuSysreg c -> new KvmPlanDocument.Step(n, s.op(), null, null, null, null, null, null, null, null, c.register(),
                    null, String.format("0x%04x", c.sysreg()), Bits.hex64(c.value()), null, null, s.why());
            case KvmPlan.RestoreAfter c -> new KvmPlanDocument.Step(n, s.op(), null, null, null, null, null, null, null, null, null, null, null,
                    null, null, c.registers(), s.why());
        };
    }

    public static KvmPlan read(String text) {
        JsonNode root = Json.readTree(SRC, text);
        if (!KvmPlan.FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != KvmPlan.VERSION) {
            throw new EmitException("not a " + KvmPlan.FORMAT + " version " + KvmPlan.VERSION + " document");
        }
        KvmPlanDocument d;
        try {
            d = Json.bind(SRC, root, KvmPlanDocument.class);
        } catch (ProfileFormatException e) {
            throw new EmitException(e.getMessage());
        }
        List<KvmPlan.Step> steps = new ArrayList<>();
        for (KvmPlanDocument.Step o : d.steps()) {
            String p = "$.steps[" + steps.size() + "]";
            if (o.step() != steps.size() + 1) {
                throw new EmitException("steps out of order at step " + (steps.size() + 1));
            }
            KvmPlan.Step s = switch (o.op()) {
                case "KVM_ENABLE_CAP" -> new KvmPlan.EnableCap(need(p, "cap", o.cap()), need(p, "name", o.name()), o.why());
                case "KVM_ARM_VM_SMCCC_FILTER" -> new KvmPlan.SmcccFilter(hex(p, "base", o.base()), need(p, "nrFunctions", o.nrFunctions()),
                        need(p, "action", o.action()), o.why());
                case "KVM_CREATE_VCPU" -> new KvmPlan.CreateVcpus(o.why());
                case "KVM_ARM_VCPU_INIT" -> new KvmPlan.VcpuInit((int) hex(p, "features0", o.features0()), need(p, "features", o.features()), o.why());
                case "KVM_ARM_VCPU_FINALIZE" -> new KvmPlan.FinalizeSve(need(p, "vectorLengths", o.vectorLengths()), o.why());
                case "KVM_SET_ONE_REG" -> new KvmPlan.SetOneReg(need(p, "register", o.register()), hex(p, "id", o.id()), hex(p, "value", o.value()), o.why());
                case "KVM_CREATE_DEVICE" -> new KvmPlan.CreateVgicV3(o.why());
                case "KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS" -> new KvmPlan.SetVgicCpuSysreg(need(p, "register", o.register()), (int) hex(p, "sysreg", o.sysreg()),
                        hex(p, "value", o.value()), o.why());
                case "RESTORE_AFTER" -> new KvmPlan.RestoreAfter(need(p, "registers", o.registers()), o.why());
                default -> throw new EmitException(SRC + ": " + p + ".op: unknown step op '" + o.op() + "'");
            };
            if (!step(o.step(), s).equals(o)) {
                throw new EmitException(SRC + ": " + p + ": keys other than those of " + o.op() + " (or a value not in canonical form)");
            }
            steps.add(s);
        }
        List<KvmPlan.HypercallAnswer> calls = new ArrayList<>();
        for (KvmPlanDocument.Hypercall h : d.hypercalls()) {
            String p = "$.hypercalls[" + calls.size() + "]";
            KvmPlanDocument.Returns r = h.returns();
            calls.add(new KvmPlan.HypercallAnswer(hex(p, "function", h.function()), h.name(), h.index(), hex(p, "returns.x0", r.x0()),
                    hex(p, "returns.x1", r.x1()), hex(p, "returns.x2", r.x2()), hex(p, "returns.x3", r.x3())));
        }
        List<KvmPlan.RegListAction> rl = new ArrayList<>();
        for (KvmPlanDocument.RegListAction a : d.regList()) {
            rl.add(new KvmPlan.RegListAction(hex("$.regList[" + rl.size() + "]", "id", a.id()), a.name(), a.action()));
        }
        return new KvmPlan(d.model(), d.name(), d.featureSet(), d.host(), steps, calls, rl, d.notes());
    }

    private static <T> T need(String p, String key, T v) {
        if (v == null) {
            throw new EmitException(SRC + ": " + p + ": missing key '" + key + "'");
        }
        return v;
    }

    private static long hex(String p, String key, String v) {
        try {
            return Bits.parseHex(need(p, key, v));
        } catch (NumberFormatException e) {
            throw new EmitException(SRC + ": " + p + "." + key + ": " + e.getMessage());
        }
    }

    private static <A, B> List<B> map(List<A> in, Function<A, B> f) {
        return in.stream().map(f).toList();
    }

    private static String hex32(long v) {
        return String.format("0x%08x", v);
    }
}
