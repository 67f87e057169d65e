package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.CLIDR_EL1;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kb.Sysregs.ID_AA64DFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_DFR0_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.KernelTooOldException;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.kernel.rules.ClidrRule;
import org.cpumodel.kernel.rules.PrecheckRule;
import org.cpumodel.planner.rules.ConsistencyRules;
import org.cpumodel.planner.rules.CounterFrequencyRule;
import org.cpumodel.planner.rules.Features;
import org.cpumodel.planner.rules.FieldRule;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.GuestCpuModel.Adjustment;
import org.cpumodel.profile.GuestCpuModel.Blocker;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;

/**
 * The reference baseline decision: what a baseline of a set of hosts for one vCPU feature set is,
 * field by field, exactly as each member's reference KVM decides ({@link MemberKvm}): the members,
 * the registers planned, each field's value (folds, hidden host values, kernel pre-checks,
 * consistency rules, AArch32 absence, CLIDR_EL1 with CTR_EL0), the GIC and the counter frequency,
 * with every blocker as data (see docs/planner.md, "Baseline"). It explains nothing: the lowered
 * fields, losses, identity and notes in words are {@link BaselineExplanation}'s, which reads the
 * {@link BaselineDecision} this returns. One instance decides once; {@link ReferenceDecider} is the
 * {@link BaselineDecider} over it.
 */
final class ReferenceBaseline {

    /** The identity registers: written apart (capability 239), never folded. */
    static final Set<String> IDENTITY = Set.of(Sysregs.MIDR_EL1.NAME, Sysregs.REVIDR_EL1.NAME, Sysregs.AIDR_EL1.NAME);

    private final Baseline.Options options;
    private final List<HostProfile> hosts;
    private final List<MemberKvm> members = new ArrayList<>();
    private final List<Blocker> blockers = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Adjustment> adjustments = new ArrayList<>();
    private final Map<String, Long> values = new LinkedHashMap<>();
    private final List<Register> planned = new ArrayList<>();
    private final List<GuestCpuModel.Condition> conditions = new ArrayList<>();

    /** Members already built for this feature set (pure caching across calls of one pool search), or null. */
    private final MemberCache memberCache;

    private ReferenceBaseline(Collection<HostProfile> input, Baseline.Options options, MemberCache memberCache) {
        this.options = options;
        this.memberCache = memberCache;
        Map<String, HostProfile> byId = new TreeMap<>();
        for (HostProfile p : input) {
            byId.putIfAbsent(p.id() != null ? p.id() : org.cpumodel.profile.ProfileJson.identify(p).id(), p);
        }
        this.hosts = List.copyOf(byId.values());
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one host profile");
        }
    }

    /** The decision for {@code hosts}, reusing (and filling) a cache of members built for {@code options.features()}, or none. */
    static BaselineDecision decide(Collection<HostProfile> hosts, Baseline.Options options, MemberCache memberCache) {
        ReferenceBaseline b = new ReferenceBaseline(hosts, options, memberCache);
        b.decideCore();
        return new BaselineDecision(options, b.hosts, b.members, b.planned, b.values, dedupe(b.blockers), b.adjustments, b.notes,
                b.conditions, b.decidedGic);
    }

    private GuestCpuModel.Gic decidedGic;

    /** Members, registers, field values, pre-checks, consistency, AArch32, CLIDR, then the GIC: everything that can block. */
    private void decideCore() {
        FeatureSet fs = options.features();
        for (HostProfile p : hosts) {
            MemberKvm m;
            try {
                m = memberCache == null ? new MemberKvm(p, fs) : memberCache.of(p);
            } catch (KernelTooOldException e) {
                blockers.add(new Blocker(p.host().name(), "-", "-", "-", p.host().kernelRelease(), "-", e.getMessage()));
                continue;
            }
            if (m.view == null) {
                blockers.add(new Blocker(p.host().name(), "-", "-", "-", fs.name(), "-", "the host does not offer vCPU features '" + fs
                        + "' (its profile has: " + String.join(", ", p.featureSets().keySet()) + ")"));
                continue;
            }
            members.add(m);
            if (p.partial()) {
                notes.add(p.host().name() + " has a partial profile: registers it does not record are not planned");
            }
            if (p.masks() == null || p.masks().provenance() != Provenance.MEASURED) {
                notes.add("writable masks of " + p.host().name() + " are inferred from the kernel table for Linux " + m.kernel + ", not measured");
            }
        }
        if (!members.isEmpty() && blockers.isEmpty()) {
            selectRegisters();
            for (Register r : planned) {
                if (!r.name().equals(Sysregs.CLIDR_EL1.NAME)) {
                    combine(r);
                }
            }
            prechecks();
            applyConsistency();
            aarch32();
            planned.stream().filter(r -> r.name().equals(Sysregs.CLIDR_EL1.NAME)).findFirst().ifPresent(this::clidr);
        }
        CounterFrequencyRule.apply(hosts, blockers, conditions);
        decidedGic = members.isEmpty() ? null : GicDecision.decide(members, options.gicWhatIf(), blockers);
    }

    private static List<Blocker> dedupe(List<Blocker> in) {
        return List.copyOf(new LinkedHashSet<>(in));
    }

    // ---- which registers ----

    private void selectRegisters() {
        KnowledgeBase kb = KnowledgeBase.load();
        for (Register r : kb.featureIdRange()) {
            boolean candidate = r.registerClass() == RegisterClass.FEATURE_ID || r.name().equals(Sysregs.CTR_EL0.NAME) || r.name().equals(Sysregs.CLIDR_EL1.NAME);
            if (!candidate || IDENTITY.contains(r.name())) {
                continue;
            }
            List<MemberKvm> present = members.stream().filter(m -> m.present(r)).toList();
            if (present.size() == members.size()) {
                planned.add(r);
            } else if (!present.isEmpty()) {
                List<String> notRecorded = members.stream().filter(m -> !m.view.recorded(r.name())).map(MemberKvm::name).toList();
                List<String> absent = members.stream().filter(m -> m.view.absent(r.name())).map(MemberKvm::name).toList();
                if (!notRecorded.isEmpty()) {
                    notes.add(r.name() + " is not recorded for " + String.join(", ", notRecorded)
                            + ": the model does not set it, so each host shows its own value; measure it to plan it");
                }
                if (!absent.isEmpty()) {
                    notes.add(r.name() + " does not exist (ENOENT) on " + String.join(", ", absent) + " but does on "
                            + String.join(", ", present.stream().map(MemberKvm::name).toList()) + ": not planned");
                }
            }
        }
    }

    private List<MemberKvm> participants(Register r) {
        return members.stream().filter(m -> !m.ignoresWrites(r)).toList();
    }

    // ---- field by field ----

    private void combine(Register r) {
        List<MemberKvm> parts = participants(r);
        long v = 0;
        if (parts.isEmpty()) {
            values.put(r.name(), 0L);
            return;
        }
        long common = parts.get(0).limit(r);
        boolean same = true;
        for (MemberKvm m : parts) {
            same &= m.limit(r) == common;
        }
        for (Field f : r.fields()) {
            if (same || (f.kind() == FieldKind.FIELD && sameValue(r, f, parts))) {
                // every participant shows this value: each accepts its own limit under any rule, and every
                // rule's fold of equal values is that value, so the field takes it with nothing to report
                v = f.set(v, f.get(parts.get(0).limit(r)));
                continue;
            }
            if (f.kind() != FieldKind.FIELD) {
                MemberKvm a = parts.get(0);
                long va = f.get(a.limit(r));
                for (MemberKvm b : parts) {
                    long vb = f.get(b.limit(r));
                    if (vb != va) {
                        String rule = "reserved bits are never writable: every host must show the same";
                        blockers.add(blocker(a, b, r, f.kind() + "[" + f.bits() + "]", hex(va), hex(vb), rule, rule, List.of(a, b)));
                        break;
                    }
                }
                v = f.set(v, va);
                continue;
            }
            Long fv = decide(r, f, parts);
            if (fv != null) {
                v = f.set(v, fv);
            }
        }
        values.put(r.name(), v);
    }

    private static boolean sameValue(Register r, Field f, List<MemberKvm> parts) {
        long v = f.get(parts.get(0).limit(r));
        for (MemberKvm m : parts) {
            if (f.get(m.limit(r)) != v) {
                return false;
            }
        }
        return true;
    }

    /**
     * The field value every participant accepts, or null after recording a blocker. (Plain loops, and
     * the rare outcomes in methods of their own: this runs for every field of every decision, and a
     * fresh JVM compiles a small method sooner.)
     */
    private Long decide(Register r, Field f, List<MemberKvm> parts) {
        if (MemberKvm.hideable(r, f)) {
            List<MemberKvm> hiders = parts.stream().filter(m -> m.hides(r, f)).toList();
            if (!hiders.isEmpty() && hiders.size() < parts.size()) {
                return decideHidden(r, f, parts, hiders);
            }
        }
        for (MemberKvm m : parts) {
            if (!m.writable(r, f)) {
                return decideFixed(r, f, parts);
            }
        }
        // every participant may change the field: each member's rule folds the values, in order of first use
        int w = f.width();
        List<FieldRule> rules = new ArrayList<>(2);
        for (MemberKvm m : parts) {
            FieldRule rule = m.rule(r, f);
            if (!rules.contains(rule)) {
                rules.add(rule);
            }
        }
        long[] folds = new long[rules.size()];
        int nFolds = 0;
        for (FieldRule rule : rules) {
            long c = f.get(parts.get(0).limit(r));
            for (MemberKvm m : parts) {
                c = rule.combine(w, c, f.get(m.limit(r)));
            }
            if (!contains(folds, nFolds, c)) {
                folds[nFolds++] = c;
            }
        }
        long chosen = 0;
        boolean any = false;
        for (int i = 0; i < nFolds; i++) {
            long c = folds[i];
            if (acceptedByAll(r, f, parts, c) && (!any || fewerFeatures(f, c, chosen))) {
                chosen = c;
                any = true;
            }
        }
        if (!any) {
            return decideFallback(r, f, parts, rules);
        }
        if (rules.size() > 1 && nFolds > 1) {
            policiesDiffer(r, f, parts, folds[0], chosen);
        }
        return chosen;
    }

    private static boolean contains(long[] values, int n, long v) {
        for (int i = 0; i < n; i++) {
            if (values[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** The reference's choice among accepted values: the fewest FEAT_ names, then the smallest value (unsigned). */
    private static boolean fewerFeatures(Field f, long c, long best) {
        int cc = f.featuresAt(c).size();
        int cb = f.featuresAt(best).size();
        return cc != cb ? cc < cb : Long.compareUnsigned(c, best) < 0;
    }

    /** Some participant cannot change the field: they must agree, and every other must accept their value. */
    private Long decideFixed(Register r, Field f, List<MemberKvm> parts) {
        int w = f.width();
        MemberKvm a = null;
        long va = 0;
        for (MemberKvm b : parts) {
            if (b.writable(r, f)) {
                continue;
            }
            long vb = f.get(b.limit(r));
            if (a == null) {
                a = b;
                va = vb;
            } else if (vb != va) {
                fixedDiffer(r, f, a, b, va, vb);
                return null;
            }
        }
        for (MemberKvm b : parts) {
            long vb = f.get(b.limit(r));
            if (b.writable(r, f) && !b.rule(r, f).accepts(w, va, vb)) {
                fixedRefused(r, f, a, b, va, vb);
                return null;
            }
        }
        return va;
    }

    private void fixedDiffer(Register r, Field f, MemberKvm a, MemberKvm b, long va, long vb) {
        String rule = sameOrBoth(a.fixedRule(r, f), b.fixedRule(r, f));
        blockers.add(blocker(a, b, r, f.name(), Features.valueText(f, va), Features.valueText(f, vb), rule,
                r.name() + "." + f.name() + " cannot be changed on either host (" + rule + ")", List.of(a, b)));
    }

    private void fixedRefused(Register r, Field f, MemberKvm a, MemberKvm b, long va, long vb) {
        blockers.add(blocker(a, b, r, f.name(), Features.valueText(f, va), Features.valueText(f, vb), a.fixedRule(r, f),
                r.name() + "." + f.name() + " must stay " + va + " on " + a.name() + " (" + a.fixedRule(r, f) + "), and "
                        + b.name() + " accepts only " + b.rule(r, f).describe() + ", below its own " + vb, List.of(a, b)));
    }

    /** No fold is accepted by everyone: any value some member offers or a rule's safe value, else a blocker. */
    private Long decideFallback(Register r, Field f, List<MemberKvm> parts, List<FieldRule> rules) {
        Set<Long> more = new TreeSet<>();
        parts.forEach(m -> more.add(f.get(m.limit(r))));
        rules.forEach(rule -> more.add(rule.safeValue() & f.mask() >>> f.lsb()));
        List<Long> accepted = more.stream().filter(c -> acceptedByAll(r, f, parts, c)).toList();
        if (accepted.isEmpty()) {
            MemberKvm a = parts.get(0);
            MemberKvm b = parts.get(parts.size() - 1);
            String rule = "no value is accepted by every member's rule (" + String.join("; ", rules.stream().map(FieldRule::describe).toList()) + ")";
            blockers.add(blocker(a, b, r, f.name(), Features.valueText(f, f.get(a.limit(r))),
                    Features.valueText(f, f.get(b.limit(r))), rule, rule, parts));
            return null;
        }
        long chosen = accepted.stream().min(Comparator.<Long>comparingInt(c -> f.featuresAt(c).size()).thenComparing(Long::compareUnsigned))
                .orElseThrow();
        if (rules.size() > 1) {
            // the folds differed (none was accepted), as in decide: record the stricter reading taken
            long firstFold = f.get(parts.get(0).limit(r));
            for (MemberKvm m : parts) {
                firstFold = rules.get(0).combine(f.width(), firstFold, f.get(m.limit(r)));
            }
            if (distinctFolds(r, f, parts, rules) > 1) {
                policiesDiffer(r, f, parts, firstFold, chosen);
            }
        }
        return chosen;
    }

    private static int distinctFolds(Register r, Field f, List<MemberKvm> parts, List<FieldRule> rules) {
        Set<Long> folds = new LinkedHashSet<>();
        for (FieldRule rule : rules) {
            long c = f.get(parts.get(0).limit(r));
            for (MemberKvm m : parts) {
                c = rule.combine(f.width(), c, f.get(m.limit(r)));
            }
            folds.add(c);
        }
        return folds.size();
    }

    /** The members' kernels judge the field differently: the adjustment that says which reading was taken. */
    private void policiesDiffer(Register r, Field f, List<MemberKvm> parts, long firstFold, long chosen) {
        Map<FieldRule, List<MemberKvm>> byRule = new LinkedHashMap<>();
        for (MemberKvm m : parts) {
            byRule.computeIfAbsent(m.rule(r, f), k -> new ArrayList<>()).add(m);
        }
        adjustments.add(new Adjustment("kernel-policy-differs", r.name(), f.name(), firstFold, chosen,
                "the members' kernels judge " + f.name() + " differently ("
                        + String.join("; ", byRule.entrySet().stream().map(e -> e.getKey().shortName() + " on "
                        + String.join(", ", e.getValue().stream().map(MemberKvm::name).toList())).toList())
                        + "): took the stricter reading every member accepts", "cpufeature.c ftr tables per kernel (knowledge base)"));
    }

    /**
     * A field that some members' kernels hide (MPAM, MPAM_frac, NV: they read 0 there and accept from
     * userspace 0 or exactly the host's own sanitised value, then ignore it): the others decide the
     * value; each hiding member takes it when it is 0, its measured hidden value, or, when that value
     * is not measured, on the condition that it is (recorded in the model's conditions).
     */
    private Long decideHidden(Register r, Field f, List<MemberKvm> parts, List<MemberKvm> hiders) {
        List<MemberKvm> others = parts.stream().filter(m -> !hiders.contains(m)).toList();
        Long v = decide(r, f, others);
        if (v == null || v == 0) {
            return v;
        }
        for (MemberKvm h : hiders) {
            long own = f.get(h.limit(r));
            if (own == v) {
                continue;
            }
            var hidden = h.hiddenHostValue(r, f);
            String rule = "Linux " + h.kernel + " hides " + r.name() + "." + f.name() + " from guests and accepts from userspace only 0"
                    + " or the host's own value, which it then ignores";
            if (hidden.isEmpty()) {
                conditions.add(new GuestCpuModel.Condition(h.name(), r.name(), f.name(), v, rule + "; " + h.name() + "'s own value is not in its"
                        + " profile (imports and profiles collected before the hidden-value probe cannot see it): the model holds if it is " + v + "; measure it with 'cpumodel collect' on that host"));
            } else if (hidden.getAsLong() != v) {
                MemberKvm o = others.get(0);
                blockers.add(blocker(o, h, r, f.name(), Features.valueText(f, v), Features.valueText(f, hidden.getAsLong()) + " (hidden)",
                        rule, rule + "; the others need " + v, List.of(h)));
                return null;
            }
        }
        List<String> hiding = hiders.stream().filter(h -> f.get(h.limit(r)) != v).map(MemberKvm::name).toList();
        if (!hiding.isEmpty()) {
            // the kernel accepts the move on purpose (migration from kernels that exposed the field); the guest can tell
            notes.add("guest-visible difference: guests read " + r.name() + "." + f.name() + " " + v + " on "
                    + String.join(", ", others.stream().map(MemberKvm::name).toList()) + " and 0 on " + String.join(", ", hiding)
                    + " (their kernels hide it); KVM accepts the move by design" + (f.name().startsWith("MPAM")
                            ? ", and a guest cannot use MPAM (KVM does not virtualise it)"
                            : options.features().has(org.cpumodel.profile.VcpuFeature.EL2) ? "" : ", and a guest cannot use NV (it needs the el2 vCPU feature, which this model does not have)"));
        }
        return v;
    }

    private static String sameOrBoth(String a, String b) {
        return a.equals(b) ? a : a + "; " + b;
    }

    /** A blocker with the kernel rule that decided it, the kernels it was applied for, and whether their table rows are verified. */
    private static Blocker blocker(MemberKvm a, MemberKvm b, Register r, String field, String va, String vb, String rule, String why,
                                   List<MemberKvm> ruledBy) {
        return blocker(a.name(), b == null ? "-" : b.name(), r, field, va, vb, rule, why, ruledBy);
    }

    private static Blocker blocker(String a, String b, Register r, String field, String va, String vb, String rule, String why,
                                   List<MemberKvm> ruledBy) {
        return new Blocker(a, b, r.name(), field, va, vb, why, rule, MemberKvm.kernels(ruledBy), MemberKvm.verified(r, ruledBy));
    }

    private static boolean acceptedByAll(Register r, Field f, List<MemberKvm> parts, long c) {
        for (MemberKvm m : parts) {
            if (!m.rule(r, f).accepts(f.width(), c, f.get(m.limit(r)))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the planner may give this field a new value: every participant can write it and accepts it. */
    boolean canSet(Register r, Field f, long raw) {
        if (!values.containsKey(r.name())) {
            return false;
        }
        for (MemberKvm m : participants(r)) {
            if (!m.writable(r, f) || !m.rule(r, f).accepts(f.width(), raw, f.get(m.limit(r)))) {
                return false;
            }
            for (Precheck p : m.registerAbi(r).prechecks()) {
                if (!precheckAllows(p, r, f, raw, options.features().has(VcpuFeature.EL2))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether a register-specific pre-check of the kernel lets a field take this value
     * ({@link PrecheckRule}). The value is taken as the member's own limit (the columnar baseline has no
     * per-member limit here): a nested vCPU's TGRAN*_2 equality is left to the reference verification.
     */
    static boolean precheckAllows(Precheck p, Register r, Field f, long raw, boolean el2) {
        return PrecheckRule.fieldAllowed(p, new SysregField(r.name(), f.name(), f.msb(), f.lsb(), false), raw, raw, el2);
    }

    // ---- register-specific kernel pre-checks ----

    private void prechecks() {
        for (Register r : planned) {
            if (values.containsKey(r.name())) {
                prechecks(r);
            }
        }
    }

    /** The pre-checks of one register's members' kernels (the hosts are named only in a blocker's or adjustment's text). */
    private void prechecks(Register r) {
        Map<Precheck, List<MemberKvm>> who = new LinkedHashMap<>();
        for (MemberKvm m : participants(r)) {
            for (Precheck p : m.registerAbi(r).prechecks()) {
                who.computeIfAbsent(p, k -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<Precheck, List<MemberKvm>> e : who.entrySet()) {
            precheck(r, e.getKey(), () -> String.join(", ", e.getValue().stream().map(m -> m.name() + " (Linux " + m.kernel + ")").toList()));
        }
    }

    private void precheck(Register r, Precheck p, Supplier<String> on) {
        switch (p) {
            case DFR0_PMUVER_IMPDEF -> rewrite(r, ID_AA64DFR0_EL1.PMUVer, 0xF, 0, p, () -> "PMUVer 0xF (IMPLEMENTATION DEFINED) is rewritten to 0 by " + on.get());
            case DFR0_PMUVER_RESERVED -> {
                long pv = field(r, ID_AA64DFR0_EL1.PMUVer);
                if (pv == 2 || pv == 3) {
                    rewrite(r, ID_AA64DFR0_EL1.PMUVer, pv, 1, p, () -> "PMUVer " + pv + " is reserved and rejected by " + on.get() + ": lowered to 1 (PMUv3)");
                }
            }
            case DFR0_DEBUGVER_MIN -> minimum(r, ID_AA64DFR0_EL1.DebugVer, 6, on, "DebugVer below 6 (Armv8.0 debug) is rejected by the kernel pre-check");
            case PFR0_EL_NONZERO -> {
                minimum(r, ID_AA64PFR0_EL1.EL0, 1, on, "EL0 must be implemented (non-zero) for the kernel pre-check");
                minimum(r, ID_AA64PFR0_EL1.EL1, 1, on, "EL1 must be implemented (non-zero) for the kernel pre-check");
                if (options.features().has(VcpuFeature.EL2)) {
                    minimum(r, ID_AA64PFR0_EL1.EL2, 1, on, "EL2 must be implemented for a nested vCPU");
                }
            }
            case IDDFR0_PERFMON -> {
                long pm = field(r, ID_DFR0_EL1.PerfMon);
                if (pm == 0xF) {
                    rewrite(r, ID_DFR0_EL1.PerfMon, 0xF, 0, p, () -> "PerfMon 0xF is rewritten to 0 by " + on.get());
                } else if (pm == 1 || pm == 2) {
                    rewrite(r, ID_DFR0_EL1.PerfMon, pm, 0, p, () -> "PerfMon " + pm + " (below PMUv3) is rejected by " + on.get() + ": lowered to 0");
                }
                minimum(r, ID_DFR0_EL1.CopDbg, 6, on, "CopDbg below 6 is rejected by the kernel pre-check");
            }
            case CTR_L1IP -> minimum(r, CTR_EL0.L1Ip, 2, on, "L1Ip 0 (VPIPT) or 1 (AIVIVT) is rejected by the kernel pre-check");
            default -> {
                // MPAM/NV "accept the host value" tricks and the NV TGRAN*_2 check need nothing: limits already satisfy them
            }
        }
    }

    private long field(Register r, SysregField field) {
        return r.field(field).get(values.get(r.name()));
    }

    /** Whether a field already has a blocker (its value then is no decision, and a pre-check on it would be a phantom). */
    private boolean blocked(Register r, String fieldName) {
        return blockers.stream().anyMatch(b -> b.register().equals(r.name()) && b.field().equals(fieldName));
    }

    private void rewrite(Register r, SysregField field, long from, long to, Precheck p, Supplier<String> because) {
        Field f = r.field(field);
        String fieldName = f.name();
        if (f.get(values.get(r.name())) != from || blocked(r, fieldName)) {
            return;
        }
        String why = because.get();
        if (canSet(r, f, to)) {
            values.put(r.name(), f.set(values.get(r.name()), to));
            adjustments.add(new Adjustment("precheck-" + p.id(), r.name(), fieldName, from, to, why,
                    "kvm-arm64-semantics.md 2.5 (register-specific pre-checks)"));
        } else {
            blockers.add(blocker(participants(r).get(0), null, r, fieldName, Long.toString(from), Long.toString(to), why,
                    why + ", and not every member can be given " + to, participants(r)));
        }
    }

    private void minimum(Register r, SysregField field, long min, Supplier<String> hosts, String why) {
        Field f = r.field(field);
        String fieldName = f.name();
        long v = f.get(values.get(r.name()));
        if (v < min && !blocked(r, fieldName)) {
            String on = hosts.get();
            blockers.add(blocker(on, "-", r, fieldName, Long.toString(v), ">= " + min, why,
                    why + " on " + on + ", and the members' common value cannot be raised", participants(r)));
        }
    }

    // ---- architectural consistency ----

    private void applyConsistency() {
        ConsistencyRules.Outcome out = ConsistencyRules.load().apply(values, this::canSet);
        adjustments.addAll(out.adjustments());
        notes.addAll(out.warnings());
    }

    /** Hosts without AArch32 EL0 show 0 in AArch32 ID registers: lower them to 0 where every other member allows it. */
    private void aarch32() {
        List<String> without = members.stream().filter(m -> !m.aarch32El0).map(MemberKvm::name).toList();
        if (without.isEmpty() || without.size() == members.size()) {
            return;
        }
        for (Register r : planned) {
            if (members.stream().noneMatch(m -> m.ignoresWrites(r)) || !values.containsKey(r.name())) {
                continue;
            }
            long before = values.get(r.name());
            List<String> kept = new ArrayList<>();
            for (Field f : r.namedFields()) {
                if (f.get(values.get(r.name())) != 0) {
                    if (canSet(r, f, 0)) {
                        values.put(r.name(), f.set(values.get(r.name()), 0));
                    } else {
                        kept.add(f.name());
                    }
                }
            }
            long after = values.get(r.name());
            if (after != before) {
                adjustments.add(new Adjustment("aarch32-absent", r.name(), "*", before, after, String.join(", ", without)
                        + " run no AArch32 at EL0 and show this register as 0: lowered to 0 where every other member allows it"
                        + (kept.isEmpty() ? "" : " (kept " + String.join(", ", kept) + ")"), "kvm-arm64-semantics.md 7.3 (AArch32 RAZ/WI)"));
            }
        }
    }

    // ---- CLIDR_EL1 with CTR_EL0 ----

    private void clidr(Register r) {
        long modelIdc = values.containsKey(CTR_EL0.NAME) ? CTR_EL0.IDC.get(values.get(CTR_EL0.NAME))
                : members.stream().mapToLong(m -> CTR_EL0.IDC.get(m.limit(CTR_EL0.NAME))).min().orElse(0);
        List<MemberKvm> parts = members;
        TreeSet<Long> candidates = new TreeSet<>();
        parts.forEach(m -> candidates.add(m.limit(r)));
        List<Long> ok = candidates.stream()
                .filter(c -> modelIdc == 1 || !RegisterFacts.clidrImpliesIdc(c))
                .filter(c -> parts.stream().allMatch(m -> clidrAccepts(m, r, c)))
                .sorted(CLIDR_ORDER)
                .toList();
        if (ok.isEmpty()) {
            MemberKvm a = parts.get(0);
            MemberKvm b = parts.get(parts.size() - 1);
            blockers.add(blocker(a, b, r, "LoC,LoUU,LoUIS", hex(a.limit(r)), hex(b.limit(r)),
                    "set_clidr: a kernel that cannot write CLIDR_EL1 requires its own value, and values implying IDC need a host with IDC",
                    "no member's CLIDR_EL1 is accepted by every member together with CTR_EL0.IDC=" + modelIdc
                            + " (a kernel that cannot write CLIDR_EL1 requires its own value; set_clidr rejects values implying IDC on hosts without IDC)", parts));
            return;
        }
        values.put(r.name(), ok.get(0));
    }

    /** The CLIDR_EL1 candidates in order of preference: not implying IDC, deepest LoC, deepest LoUU, smallest value. */
    static final Comparator<Long> CLIDR_ORDER = Comparator.<Long, Boolean>comparing(RegisterFacts::clidrImpliesIdc)
            .thenComparing(c -> -CLIDR_EL1.LoC.get(c))
            .thenComparing(c -> -CLIDR_EL1.LoUU.get(c))
            .thenComparing(Long::compareUnsigned);

    private static boolean clidrAccepts(MemberKvm m, Register r, long c) {
        RegisterKind k = m.kind(r);
        if (k != RegisterKind.CLIDR) {
            return c == m.limit(r);
        }
        return ClidrRule.accepts(c, m.registerAbi(r).mask(), m.limit(CTR_EL0.NAME));
    }

    private static String hex(long v) {
        return Bits.hex64(v);
    }
}