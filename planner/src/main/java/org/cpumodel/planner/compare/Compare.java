package org.cpumodel.planner.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kb.Sysregs.ICC_CTLR_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kernel.rules.ClidrRule;
import org.cpumodel.planner.gic.GicRules;
import org.cpumodel.planner.rules.Features;
import org.cpumodel.planner.rules.FieldRule;
import org.cpumodel.planner.rules.SveLengths;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/**
 * Compares two CPU descriptions (host profiles or guest models) with QEMU's
 * query-cpu-model-comparison words: {@code identical} (each runs where the other runs),
 * {@code superset} (B is guaranteed to run where A runs), {@code subset} (A runs where B runs),
 * {@code incompatible}; the responsible properties are REGISTER.FIELD names.
 *
 * <p>"X runs where Y runs" is judged field by field with the kernel rules of Y's side (the
 * cpufeature type after KVM's overrides; equality where the kernel has no rule): Y's KVM accepts
 * X's value against its own. Writability is not considered here: {@code check} says whether a
 * kernel can actually be configured. Identity registers (MIDR/REVIDR/AIDR, MPIDR) are not compared.
 */
public final class Compare {

    public enum Relation {
        IDENTICAL, SUPERSET, SUBSET, INCOMPATIBLE;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One side: a label, its feature set, register values, the kernels whose rules judge it, GIC and SVE lengths. */
    public record Side(String label, FeatureSet features, SortedMap<String, Long> registers, List<KernelVersion> kernels,
                       Long iccCtlr, List<Integer> sveVectorLengths, boolean aarch32El0, Map<String, Long> hidden) {

        public Side {
            hidden = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(hidden == null ? Map.of() : hidden));
        }

        /**
         * The fields ("REG.FIELD") the host's kernel hides while accepting the host's own value from
         * userspace (MPAM, MPAM_frac, NV), with that value when the profile records it, null when unknown.
         */
        static Map<String, Long> hiddenOf(HostProfile p) {
            Map<String, Long> out = new java.util.HashMap<>();
            org.cpumodel.kernel.abi.KernelAbi abi;
            try {
                abi = org.cpumodel.kernel.abi.KernelAbi.of(p.kernel());
            } catch (org.cpumodel.kernel.abi.KernelTooOldException e) {
                return out;
            }
            for (Register r : KnowledgeBase.load().featureIdRange()) {
                abi.register(r).ifPresent(a -> a.prechecks().forEach(pc -> java.util.Optional.ofNullable(org.cpumodel.kernel.rules.PrecheckRule.ignoredField(pc)).map(org.cpumodel.kb.SysregField::name).ifPresent(f -> {
                    String v = p.host().facts().get(org.cpumodel.kernel.abi.Precheck.hiddenFact(r.name(), f));
                    out.put(r.name() + "." + f, v == null ? null : Long.decode(v));
                })));
            }
            return out;
        }

        public static Side of(HostProfile p, FeatureSet fs) {
            FeatureSetView v = p.featureSet(fs).orElseThrow(() -> new IllegalArgumentException(
                    p.host().name() + " does not offer vCPU features '" + fs + "' (profile has: " + String.join(", ", p.featureSets().keySet()) + ")"));
            SortedMap<String, Long> regs = new TreeMap<>();
            v.registers().forEach((k, val) -> {
                if (val != null && comparable(k)) {
                    regs.put(k, val);
                }
            });
            boolean aa32 = p.defaultView().hasAArch32El0();
            return new Side(p.host().name(), fs, regs, List.of(p.kernel()), p.gic() == null ? null : p.gic().iccCtlr(),
                    v.sveVectorLengths(), aa32, hiddenOf(p));
        }

        public static Side of(GuestCpuModel m) {
            if (!m.possible()) {
                throw new IllegalArgumentException("model " + m.shortId() + " is not possible (" + m.blockers().size() + " blockers): nothing to compare");
            }
            SortedMap<String, Long> regs = new TreeMap<>();
            m.registers().forEach(r -> {
                if (comparable(r.register())) {
                    regs.put(r.register(), r.value());
                }
            });
            List<KernelVersion> ks = m.members().stream().map(x -> KernelVersion.parse(x.kernelRelease())).distinct().sorted().toList();
            boolean aa32 = regs.containsKey("ID_AA64PFR0_EL1") && RegisterFacts.aarch32El0(regs.get(ID_AA64PFR0_EL1.NAME));
            return new Side("model " + m.shortId(), m.featureSet(), regs, ks, m.gic() == null ? null : m.gic().iccCtlr(),
                    m.vcpu().sveVectorLengths(), aa32, Map.of());
        }

        private static boolean comparable(String reg) {
            if (Set.of("MIDR_EL1", "REVIDR_EL1", "AIDR_EL1", "MPIDR_EL1").contains(reg)) {
                return false;
            }
            Register r = KnowledgeBase.load().find(reg).orElse(null);
            return r != null && (r.registerClass() == RegisterClass.FEATURE_ID || reg.equals("CTR_EL0") || reg.equals("CLIDR_EL1"));
        }
    }

    /**
     * A property whose values differ: A's and B's value, whether A's side accepts B's value ({@code aHoldsB}: B
     * runs where A runs) and the other way, and the FEAT_ names only one side has.
     */
    public record Difference(String property, String a, String b, boolean aHoldsB, boolean bHoldsA, List<String> onlyA, List<String> onlyB) {
        public Difference {
            onlyA = List.copyOf(onlyA);
            onlyB = List.copyOf(onlyB);
        }

        public boolean blocks() {
            return !(aHoldsB && bHoldsA);
        }
    }

    public record Result(String a, String b, Relation relation, List<String> responsible, List<Difference> differences, List<String> notes) {
        public Result {
            responsible = List.copyOf(responsible);
            differences = List.copyOf(differences);
            notes = List.copyOf(notes);
        }
    }

    private Compare() {
    }

    /** A side whose kernel hides the field takes the host's own hidden value (or, unknown, on that condition: noted). */
    private static boolean hiddenHolds(Side s, Register r, Field f, long other, List<String> notes) {
        String key = r.name() + "." + f.name();
        if (!s.hidden().containsKey(key)) {
            return false;
        }
        Long own = s.hidden().get(key);
        if (own == null) {
            String note = s.label() + " holds " + key + " = " + other + " only if that is its host's own (hidden, not recorded) value:"
                    + " measure it with 'cpumodel collect'";
            if (!notes.contains(note)) {
                notes.add(note);
            }
            return true;
        }
        return own == other;
    }

    public static Result compare(Side a, Side b) {
        List<Difference> diffs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!a.features().equals(b.features())) {
            diffs.add(new Difference("featureSet", a.features().name(), b.features().name(), false, false, List.of(), List.of()));
        }
        KnowledgeBase kb = KnowledgeBase.load();
        SortedSet<String> onlyInA = new TreeSet<>(a.registers().keySet());
        onlyInA.removeAll(b.registers().keySet());
        SortedSet<String> onlyInB = new TreeSet<>(b.registers().keySet());
        onlyInB.removeAll(a.registers().keySet());
        if (!onlyInA.isEmpty() || !onlyInB.isEmpty()) {
            notes.add("not compared (recorded on one side only): " + String.join(", ", onlyInA) + (onlyInA.isEmpty() || onlyInB.isEmpty() ? "" : ", ")
                    + String.join(", ", onlyInB));
        }
        for (Register r : kb.featureIdRange()) {
            Long va = a.registers().get(r.name());
            Long vb = b.registers().get(r.name());
            if (va == null || vb == null || va.longValue() == vb.longValue()) {
                continue;
            }
            boolean aa32 = RegisterFacts.inAarch32IdSpace(r);
            if (r.name().equals("CLIDR_EL1")) {
                boolean aHolds = clidrHolds(a, vb);
                boolean bHolds = clidrHolds(b, va);
                diffs.add(new Difference("CLIDR_EL1", org.cpumodel.kb.Bits.hex64(va), org.cpumodel.kb.Bits.hex64(vb), aHolds, bHolds, List.of(), List.of()));
                continue;
            }
            for (Field f : r.fields()) {
                long fa = f.get(va);
                long fb = f.get(vb);
                if (fa == fb) {
                    continue;
                }
                String prop = r.name() + "." + (f.kind() == FieldKind.FIELD ? f.name() : f.kind() + "[" + f.bits() + "]");
                boolean aHolds = (aa32 && !a.aarch32El0()) || hiddenHolds(a, r, f, fb, notes) || holds(r, f, a.kernels(), fb, fa);
                boolean bHolds = (aa32 && !b.aarch32El0()) || hiddenHolds(b, r, f, fa, notes) || holds(r, f, b.kernels(), fa, fb);
                List<String> featA = new ArrayList<>(f.featuresAt(fa));
                featA.removeAll(f.featuresAt(fb));
                List<String> featB = new ArrayList<>(f.featuresAt(fb));
                featB.removeAll(f.featuresAt(fa));
                diffs.add(new Difference(prop, Features.valueText(f, fa), Features.valueText(f, fb), aHolds, bHolds, featA, featB));
            }
        }
        if (a.iccCtlr() != null && b.iccCtlr() != null) {
            long ga = a.iccCtlr();
            long gb = b.iccCtlr();
            gicDiff(diffs, ICC_CTLR_EL1.PRIbits.name(), GicRules.pri(ga), GicRules.pri(gb), true);
            gicDiff(diffs, ICC_CTLR_EL1.IDbits.name(), GicRules.id(ga), GicRules.id(gb), true);
            gicDiff(diffs, ICC_CTLR_EL1.SEIS.name(), GicRules.seis(ga), GicRules.seis(gb), false);
            gicDiff(diffs, ICC_CTLR_EL1.A3V.name(), GicRules.a3v(ga), GicRules.a3v(gb), false);
        } else {
            notes.add("ICC_CTLR_EL1 not compared: unknown on " + (a.iccCtlr() == null ? a.label() : b.label()));
        }
        if (a.features().equals(b.features()) && !a.sveVectorLengths().equals(b.sveVectorLengths())) {
            boolean aHolds = SveLengths.holds(a.sveVectorLengths(), b.sveVectorLengths());
            boolean bHolds = SveLengths.holds(b.sveVectorLengths(), a.sveVectorLengths());
            diffs.add(new Difference("sveVectorLengths", a.sveVectorLengths().toString(), b.sveVectorLengths().toString(), aHolds, bHolds, List.of(), List.of()));
        }
        boolean allBoth = diffs.stream().noneMatch(Difference::blocks);
        boolean aHoldsAll = diffs.stream().allMatch(Difference::aHoldsB);
        boolean bHoldsAll = diffs.stream().allMatch(Difference::bHoldsA);
        Relation rel = allBoth ? Relation.IDENTICAL : aHoldsAll ? Relation.SUPERSET : bHoldsAll ? Relation.SUBSET : Relation.INCOMPATIBLE;
        List<String> responsible = diffs.stream().filter(Difference::blocks).map(Difference::property).distinct().toList();
        return new Result(a.label(), b.label(), rel, responsible, diffs, notes);
    }

    private static void gicDiff(List<Difference> diffs, String field, int a, int b, boolean lowerable) {
        if (a == b) {
            return;
        }
        boolean aHolds = lowerable && b <= a;
        boolean bHolds = lowerable && a <= b;
        diffs.add(new Difference("ICC_CTLR_EL1." + field, Integer.toString(a), Integer.toString(b), aHolds, bHolds, List.of(), List.of()));
    }

    /** Whether every kernel of the holder accepts {@code user} against the holder's {@code limit}. */
    private static boolean holds(Register r, Field f, List<KernelVersion> kernels, long user, long limit) {
        if (f.kind() != FieldKind.FIELD) {
            return false;
        }
        for (KernelVersion k : kernels) {
            if (!FieldRule.of(r.name(), f, f.ftr(k).orElse(null)).accepts(f.width(), user, limit)) {
                return false;
            }
        }
        return true;
    }

    private static boolean clidrHolds(Side holder, long clidr) {
        return ClidrRule.consistentWithCtr(clidr, holder.registers().getOrDefault(CTR_EL0.NAME, 0L));
    }
}
