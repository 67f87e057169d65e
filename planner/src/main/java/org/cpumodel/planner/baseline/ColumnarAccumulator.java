package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kb.Sysregs.ID_AA64DFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_DFR0_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.planner.rules.ConsistencyRules;
import org.cpumodel.planner.rules.FieldRule;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.VcpuFeature;

/** Per-field summaries of a set of hosts; {@link #add} folds one host in O(fields). */
public final class ColumnarAccumulator {
    private final FeatureSet features;
    private int count;
    private boolean unusable;
    private boolean inexact;
    private int withoutAarch32;
    private long ctrIdcMin = 1;
    private boolean gicMissing;
    private boolean seis0;
    private boolean seis1;
    private boolean a3v0;
    private boolean a3v1;
    // CNTFRQ_EL0: the first known value (-1 none yet), and whether another known value differs
    private long counterHz = -1;
    private boolean counterDiffer;
    // per register
    private int[] present;
    private int[] ignoring;
    private int[] prechecks;
    // per field: the participants' first value and whether they differ (reserved bits)
    private long[] first;
    private boolean[] differs;
    // per field: non-writable participants
    private int[] fixedCount;
    private long[] fixedValue;
    private boolean[] fixedDiffer;
    // per hideable field (ColumnarColumns.HIDE_INDEX): how many participants hide it, the model values all
    // of them accept (ColumnarHost.hiddenOk), and the summaries of the others (ReferenceBaseline.decideHidden decides on them)
    private int[] hiders;
    private long[] hiddenOk;
    private int[] oFixedCount;
    private long[] oFixedValue;
    private boolean[] oFixedDiffer;
    private FieldRule[] oSlotRule;
    private long[] oSlotValues;
    // per field and rule slot: the rule and the set of values (bit v) of the writable participants
    private FieldRule[] slotRule;
    private long[] slotValues;
    // CLIDR_EL1
    private long[] clidrValues;
    private int fixedClidrCount;
    private long fixedClidr;
    private boolean fixedClidrDiffer;
    private long clidrMask = -1L;
    private boolean clidrNoIdc;

    public ColumnarAccumulator(FeatureSet fs) {
        this.features = fs;
        int nr = ColumnarColumns.REGS.size();
        int nf = ColumnarColumns.FIELDS.length;
        present = new int[nr];
        ignoring = new int[nr];
        prechecks = new int[nr];
        first = new long[nf];
        differs = new boolean[nf];
        fixedCount = new int[nf];
        fixedValue = new long[nf];
        fixedDiffer = new boolean[nf];
        int nh = ColumnarColumns.HIDEABLE_COUNT;
        hiders = new int[nh];
        hiddenOk = new long[nh];
        Arrays.fill(hiddenOk, -1L);
        oFixedCount = new int[nh];
        oFixedValue = new long[nh];
        oFixedDiffer = new boolean[nh];
        oSlotRule = new FieldRule[nh * ColumnarBaseline.RULES];
        oSlotValues = new long[nh * ColumnarBaseline.RULES];
        slotRule = new FieldRule[nf * ColumnarBaseline.RULES];
        slotValues = new long[nf * ColumnarBaseline.RULES];
        clidrValues = new long[0];
    }

    /** An independent copy (joining a pool folds one more host into a copy of the pool's summaries). */
    public ColumnarAccumulator copy() {
        return new ColumnarAccumulator(this);
    }

    private ColumnarAccumulator(ColumnarAccumulator o) {
        features = o.features;
        count = o.count;
        unusable = o.unusable;
        inexact = o.inexact;
        counterHz = o.counterHz;
        counterDiffer = o.counterDiffer;
        withoutAarch32 = o.withoutAarch32;
        ctrIdcMin = o.ctrIdcMin;
        gicMissing = o.gicMissing;
        seis0 = o.seis0;
        seis1 = o.seis1;
        a3v0 = o.a3v0;
        a3v1 = o.a3v1;
        present = o.present.clone();
        ignoring = o.ignoring.clone();
        prechecks = o.prechecks.clone();
        first = o.first.clone();
        differs = o.differs.clone();
        fixedCount = o.fixedCount.clone();
        fixedValue = o.fixedValue.clone();
        fixedDiffer = o.fixedDiffer.clone();
        hiders = o.hiders.clone();
        hiddenOk = o.hiddenOk.clone();
        oFixedCount = o.oFixedCount.clone();
        oFixedValue = o.oFixedValue.clone();
        oFixedDiffer = o.oFixedDiffer.clone();
        oSlotRule = o.oSlotRule.clone();
        oSlotValues = o.oSlotValues.clone();
        slotRule = o.slotRule.clone();
        slotValues = o.slotValues.clone();
        clidrValues = o.clidrValues;
        fixedClidrCount = o.fixedClidrCount;
        fixedClidr = o.fixedClidr;
        fixedClidrDiffer = o.fixedClidrDiffer;
        clidrMask = o.clidrMask;
        clidrNoIdc = o.clidrNoIdc;
    }

    public int size() {
        return count;
    }

    /** Folds one more host (a distinct profile: the caller de-duplicates by id). */
    public ColumnarAccumulator add(ColumnarHost h) {
        if (!h.features.equals(features)) {
            throw new IllegalArgumentException("host compiled for " + h.features + ", accumulator for " + features);
        }
        count++;
        if (h.counterHz > 0) {
            counterDiffer |= counterHz > 0 && counterHz != h.counterHz;
            counterHz = counterHz > 0 ? counterHz : h.counterHz;
        }
        if (h.seis < 0) {
            gicMissing = true;
        } else {
            seis0 |= h.seis == 0;
            seis1 |= h.seis == 1;
            a3v0 |= h.a3v == 0;
            a3v1 |= h.a3v == 1;
        }
        if (h.unusable) {
            unusable = true;
            return this;
        }
        if (!h.aarch32El0) {
            withoutAarch32++;
        }
        ctrIdcMin = Math.min(ctrIdcMin, h.ctrIdc);
        int nr = ColumnarColumns.REGS.size();
        for (int r = 0; r < nr; r++) {
            if (h.present[r]) {
                present[r]++;
            }
            if (h.ignores[r]) {
                ignoring[r]++;
                continue;
            }
            boolean firstPart = count - ignoring[r] == 1;
            prechecks[r] |= h.prechecks[r];
            for (int fi = ColumnarColumns.FIELD_START[r]; fi < ColumnarColumns.FIELD_START[r + 1]; fi++) {
                long v = h.value[fi];
                if (firstPart) {
                    first[fi] = v;
                } else if (first[fi] != v) {
                    differs[fi] = true;
                }
                if (ColumnarColumns.FIELDS[fi].kind() != FieldKind.FIELD) {
                    continue;
                }
                int hi = ColumnarColumns.HIDE_INDEX[fi];
                if (hi >= 0) {
                    // ReferenceBaseline.decideHidden: the hiders' accepted values, and the others' own summaries
                    if (h.hides[fi]) {
                        hiders[hi]++;
                        hiddenOk[hi] &= h.hiddenOk[fi];
                    } else {
                        summarise(hi, v, h.writable[fi], h.rule[fi], oFixedCount, oFixedValue, oFixedDiffer, oSlotRule, oSlotValues);
                    }
                }
                summarise(fi, v, h.writable[fi], h.rule[fi], fixedCount, fixedValue, fixedDiffer, slotRule, slotValues);
            }
        }
        if (ColumnarColumns.CLIDR >= 0 && h.present[ColumnarColumns.CLIDR]) {
            long c = h.limit[ColumnarColumns.CLIDR];
            boolean seen = false;
            for (long x : clidrValues) {
                seen |= x == c;
            }
            if (!seen) {
                long[] n = Arrays.copyOf(clidrValues, clidrValues.length + 1);
                n[clidrValues.length] = c;
                clidrValues = n;
            }
        }
        if (ColumnarColumns.CLIDR >= 0) {
            // ReferenceBaseline.clidrAccepts over every member (CLIDR_EL1 is never an ignored AArch32 register)
            long c = h.limit[ColumnarColumns.CLIDR];
            if (!h.clidrKind) {
                if (fixedClidrCount++ == 0) {
                    fixedClidr = c;
                } else if (fixedClidr != c) {
                    fixedClidrDiffer = true;
                }
            } else {
                clidrMask &= h.clidrMask;
                clidrNoIdc |= h.ctrIdc == 0;
            }
        }
        return this;
    }

    /**
     * Whether folding {@code h} in certainly leaves no baseline, read from the summaries without
     * folding: a sound, cheap test (false says nothing). It holds when, in a register every host
     * records and both sides take part in (neither ignores writes), a field cannot change on the pool's
     * members nor on {@code h} and the values differ, or reserved bits differ: the reference decision
     * then records a blocker whether the summaries are exact or not ({@code ReferenceBaseline.combine}
     * and {@code decide}). Fields some kernel hides and CLIDR_EL1 (decided apart) are left out.
     */
    public boolean certainlyRefuses(ColumnarHost h) {
        if (count == 0 || h.unusable) {
            return false;
        }
        int nr = ColumnarColumns.REGS.size();
        for (int r = 0; r < nr; r++) {
            if (r == ColumnarColumns.CLIDR || present[r] != count || !h.present[r] || h.ignores[r] || count - ignoring[r] == 0) {
                continue;
            }
            for (int fi = ColumnarColumns.FIELD_START[r]; fi < ColumnarColumns.FIELD_START[r + 1]; fi++) {
                long v = h.value[fi];
                if (ColumnarColumns.FIELDS[fi].kind() != FieldKind.FIELD) {
                    if (first[fi] != v) {
                        return true;
                    }
                } else if (ColumnarColumns.HIDE_INDEX[fi] < 0 && fixedCount[fi] > 0 && !h.writable[fi] && fixedValue[fi] != v) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code ReferenceBaseline.decide} of the hosts folded so far, from the summaries. */
    public ColumnarBaseline.Outcome decide(boolean gicWhatIf) {
        if (count == 0) {
            throw new IllegalStateException("a baseline needs at least one host profile");
        }
        if (unusable) {
            return ColumnarBaseline.Outcome.IMPOSSIBLE;
        }
        // different counter frequencies: an unusual fleet, ReferenceBaseline decides it (CounterFrequencyRule)
        if (inexact || counterDiffer) {
            return ColumnarBaseline.Outcome.INEXACT;
        }
        // the GIC decides cheaply; ReferenceBaseline records its blockers after everything else, the verdict is the same
        if (gicMissing || (!gicWhatIf && ((seis0 && seis1) || (a3v0 && a3v1)))) {
            return ColumnarBaseline.Outcome.IMPOSSIBLE;
        }
        boolean el2 = features.has(VcpuFeature.EL2);
        List<Integer> planned = planned();
        Map<String, Long> values = registerValues(planned);
        if (values == null) {
            return ColumnarBaseline.Outcome.IMPOSSIBLE;
        }
        Editor editor = new Editor(values, el2);
        if (!prechecks(planned, values, editor)) {
            return ColumnarBaseline.Outcome.IMPOSSIBLE;
        }
        ConsistencyRules.load().apply(values, editor);
        if (withoutAarch32 > 0 && withoutAarch32 < count) {
            lowerAarch32(planned, values, editor);
        }
        if (planned.contains(ColumnarColumns.CLIDR) && !clidr(values)) {
            return ColumnarBaseline.Outcome.IMPOSSIBLE;
        }
        Map<String, Long> regs = new LinkedHashMap<>();
        for (int r : planned) {
            String name = ColumnarColumns.REGS.get(r).name();
            regs.put(name, values.get(name));
        }
        return new ColumnarBaseline.Outcome(true, true, java.util.Collections.unmodifiableMap(regs));
    }

    /** The registers every host records (the reference plans those). */
    private List<Integer> planned() {
        List<Integer> planned = new ArrayList<>();
        for (int r = 0; r < ColumnarColumns.REGS.size(); r++) {
            if (present[r] == count) {
                planned.add(r);
            }
        }
        return planned;
    }

    /** Each planned register's value field by field (CLIDR_EL1 apart), or null for a blocker. */
    private Map<String, Long> registerValues(List<Integer> planned) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (int r : planned) {
            if (r == ColumnarColumns.CLIDR) {
                continue;
            }
            Register reg = ColumnarColumns.REGS.get(r);
            if (count - ignoring[r] == 0) {
                values.put(reg.name(), 0L);
                continue;
            }
            if (!registerValue(r, reg, values)) {
                return null;
            }
        }
        return values;
    }

    /** Puts one register's value, from its fields' summaries; false for a blocker. */
    private boolean registerValue(int r, Register reg, Map<String, Long> values) {
        long v = 0;
        for (int fi = ColumnarColumns.FIELD_START[r]; fi < ColumnarColumns.FIELD_START[r + 1]; fi++) {
            Field f = ColumnarColumns.FIELDS[fi];
            if (f.kind() != FieldKind.FIELD) {
                if (differs[fi]) {
                    return false;
                }
                v = f.set(v, first[fi]);
                continue;
            }
            long fv = decideField(fi);
            if (fv == NONE) {
                return false;
            }
            v = f.set(v, fv);
        }
        values.put(reg.name(), v);
        return true;
    }

    /** ReferenceBaseline.aarch32: hosts without AArch32 EL0 read 0 there; lower where every other member allows it. */
    private void lowerAarch32(List<Integer> planned, Map<String, Long> values, Editor editor) {
        for (int r : planned) {
            Register reg = ColumnarColumns.REGS.get(r);
            if (ignoring[r] == 0 || !values.containsKey(reg.name())) {
                continue;
            }
            for (Field f : reg.namedFields()) {
                if (f.get(values.get(reg.name())) != 0 && editor.canSet(reg, f, 0)) {
                    values.put(reg.name(), f.set(values.get(reg.name()), 0));
                }
            }
        }
    }

    /** ReferenceBaseline.clidr on the summaries: the first CLIDR_EL1 value every member accepts, false when none. */
    private boolean clidr(Map<String, Long> values) {
        long modelIdc = values.containsKey(CTR_EL0.NAME) ? CTR_EL0.IDC.get(values.get(CTR_EL0.NAME)) : ctrIdcMin;
        TreeSet<Long> ok = new TreeSet<>(ReferenceBaseline.CLIDR_ORDER);
        for (long c : clidrValues) {
            boolean idcOk = modelIdc == 1 || !RegisterFacts.clidrImpliesIdc(c);
            boolean fixedOk = fixedClidrCount == 0 || (!fixedClidrDiffer && c == fixedClidr);
            boolean writableOk = (c & ~clidrMask) == 0 && (!clidrNoIdc || !RegisterFacts.clidrImpliesIdc(c));
            if (idcOk && fixedOk && writableOk) {
                ok.add(c);
            }
        }
        if (ok.isEmpty()) {
            return false;
        }
        values.put(Sysregs.CLIDR_EL1.NAME, ok.first());
        return true;
    }

    private static final long NONE = Long.MIN_VALUE;

    /** Folds one participant's field value into summaries at index {@code i}; an overflow makes the accumulator inexact. */
    private void summarise(int i, long v, boolean writable, FieldRule rule, int[] fCount, long[] fValue, boolean[] fDiffer,
            FieldRule[] sRule, long[] sValues) {
        if (!writable) {
            if (fCount[i]++ == 0) {
                fValue[i] = v;
            } else if (fValue[i] != v) {
                fDiffer[i] = true;
            }
            return;
        }
        if (rule == null || rule.isEqualOnly() || v < 0 || v >= 64) {
            inexact = true;
            return;
        }
        int base = i * ColumnarBaseline.RULES;
        int s = 0;
        while (s < ColumnarBaseline.RULES && sRule[base + s] != null && sRule[base + s] != rule && !sRule[base + s].equals(rule)) {
            s++;
        }
        if (s == ColumnarBaseline.RULES) {
            inexact = true;
            return;
        }
        sRule[base + s] = rule;
        sValues[base + s] |= 1L << v;
    }

    /** ReferenceBaseline.decide(Register, Field, parts) on the summaries; NONE for a blocker. */
    private long decideField(int fi) {
        int hi = ColumnarColumns.HIDE_INDEX[fi];
        if (hi >= 0 && hiders[hi] > 0 && hiders[hi] < count - ignoring[ColumnarColumns.FIELD_REG[fi]]) {
            // ReferenceBaseline.decideHidden: decided by the others; 0 always holds, else every hider must accept it
            long v = decideField(fi, hi, oFixedCount, oFixedValue, oFixedDiffer, oSlotRule, oSlotValues);
            return v == NONE || v == 0 || (v < 64 && (hiddenOk[hi] >>> v & 1) != 0) ? v : NONE;
        }
        return decideField(fi, fi, fixedCount, fixedValue, fixedDiffer, slotRule, slotValues);
    }

    private long decideField(int fi, int i, int[] fixedCount, long[] fixedValue, boolean[] fixedDiffer, FieldRule[] slotRule, long[] slotValues) {
        Field f = ColumnarColumns.FIELDS[fi];
        int w = f.width();
        int base = i * ColumnarBaseline.RULES;
        if (fixedCount[i] > 0) {
            if (fixedDiffer[i]) {
                return NONE;
            }
            long va = fixedValue[i];
            return acceptedByAll(i, w, va, slotRule, slotValues) ? va : NONE;
        }
        long union = 0;
        for (int s = 0; s < ColumnarBaseline.RULES && slotRule[base + s] != null; s++) {
            union |= slotValues[base + s];
        }
        long any = Long.numberOfTrailingZeros(union);
        long best = NONE;
        for (int s = 0; s < ColumnarBaseline.RULES && slotRule[base + s] != null; s++) {
            FieldRule rule = slotRule[base + s];
            long c = any;
            for (long bits = union; bits != 0; bits &= bits - 1) {
                c = rule.combine(w, c, Long.numberOfTrailingZeros(bits));
            }
            if (acceptedByAll(i, w, c, slotRule, slotValues)) {
                best = better(fi, best, c);
            }
        }
        if (best != NONE) {
            return best;
        }
        // fall back to any value some member offers or a rule's safe value
        for (long bits = union; bits != 0; bits &= bits - 1) {
            long c = Long.numberOfTrailingZeros(bits);
            if (acceptedByAll(i, w, c, slotRule, slotValues)) {
                best = better(fi, best, c);
            }
        }
        for (int s = 0; s < ColumnarBaseline.RULES && slotRule[base + s] != null; s++) {
            long c = slotRule[base + s].safeValue() & f.mask() >>> f.lsb();
            if (acceptedByAll(i, w, c, slotRule, slotValues)) {
                best = better(fi, best, c);
            }
        }
        return best;
    }

    /** The fewest FEAT_ names, then the smallest value (ReferenceBaseline's choice among accepted values). */
    private static long better(int fi, long best, long c) {
        if (best == NONE) {
            return c;
        }
        int cb = ColumnarColumns.featureCount(fi, best);
        int cc = ColumnarColumns.featureCount(fi, c);
        if (cc != cb) {
            return cc < cb ? c : best;
        }
        return Long.compareUnsigned(c, best) < 0 ? c : best;
    }

    private boolean acceptedByAll(int fi, int w, long c) {
        return acceptedByAll(fi, w, c, slotRule, slotValues);
    }

    private static boolean acceptedByAll(int i, int w, long c, FieldRule[] slotRule, long[] slotValues) {
        int base = i * ColumnarBaseline.RULES;
        for (int s = 0; s < ColumnarBaseline.RULES && slotRule[base + s] != null; s++) {
            FieldRule rule = slotRule[base + s];
            for (long bits = slotValues[base + s]; bits != 0; bits &= bits - 1) {
                if (!rule.accepts(w, c, Long.numberOfTrailingZeros(bits))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** ReferenceBaseline.canSet on the summaries. */
    private final class Editor implements ConsistencyRules.Editor {
        private final Map<String, Long> values;
        private final boolean el2;

        Editor(Map<String, Long> values, boolean el2) {
            this.values = values;
            this.el2 = el2;
        }

        @Override
        public boolean canSet(Register r, Field f, long raw) {
            if (!values.containsKey(r.name())) {
                return false;
            }
            Integer fi = ColumnarColumns.FIELD_INDEX.get(r.name() + "." + f.name());
            if (fi == null) {
                return false;
            }
            int reg = ColumnarColumns.FIELD_REG[fi];
            if (count - ignoring[reg] == 0) {
                return true;
            }
            if (fixedCount[fi] > 0 || !acceptedByAll(fi, f.width(), raw)) {
                return false;
            }
            for (int bits = prechecks[reg]; bits != 0; bits &= bits - 1) {
                if (!ReferenceBaseline.precheckAllows(PRECHECKS[Integer.numberOfTrailingZeros(bits)], r, f, raw, el2)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Precheck[] PRECHECKS = Precheck.values();

    /** ReferenceBaseline.prechecks on the summaries: false when it would record a blocker. */
    private boolean prechecks(List<Integer> planned, Map<String, Long> values, Editor editor) {
        for (int r : planned) {
            Register reg = ColumnarColumns.REGS.get(r);
            if (!values.containsKey(reg.name())) {
                continue;
            }
            for (int bits = prechecks[r]; bits != 0; bits &= bits - 1) {
                Precheck p = PRECHECKS[Integer.numberOfTrailingZeros(bits)];
                boolean ok = switch (p) {
                    case DFR0_PMUVER_IMPDEF -> rewrite(reg, ID_AA64DFR0_EL1.PMUVer, 0xF, 0, values, editor);
                    case DFR0_PMUVER_RESERVED -> {
                        long pv = field(reg, ID_AA64DFR0_EL1.PMUVer, values);
                        yield pv != 2 && pv != 3 || rewrite(reg, ID_AA64DFR0_EL1.PMUVer, pv, 1, values, editor);
                    }
                    case DFR0_DEBUGVER_MIN -> field(reg, ID_AA64DFR0_EL1.DebugVer, values) >= 6;
                    case PFR0_EL_NONZERO -> field(reg, ID_AA64PFR0_EL1.EL0, values) >= 1 && field(reg, ID_AA64PFR0_EL1.EL1, values) >= 1
                            && (!features.has(VcpuFeature.EL2) || field(reg, ID_AA64PFR0_EL1.EL2, values) >= 1);
                    case IDDFR0_PERFMON -> {
                        long pm = field(reg, ID_DFR0_EL1.PerfMon, values);
                        boolean rw = true;
                        if (pm == 0xF) {
                            rw = rewrite(reg, ID_DFR0_EL1.PerfMon, 0xF, 0, values, editor);
                        } else if (pm == 1 || pm == 2) {
                            rw = rewrite(reg, ID_DFR0_EL1.PerfMon, pm, 0, values, editor);
                        }
                        yield rw && field(reg, ID_DFR0_EL1.CopDbg, values) >= 6;
                    }
                    case CTR_L1IP -> field(reg, CTR_EL0.L1Ip, values) >= 2;
                    default -> true;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long field(Register r, SysregField field, Map<String, Long> values) {
        return r.field(field).get(values.get(r.name()));
    }

    private static boolean rewrite(Register r, SysregField field, long from, long to, Map<String, Long> values, Editor editor) {
        Field f = r.field(field);
        if (f.get(values.get(r.name())) != from) {
            return true;
        }
        if (editor.canSet(r, f, to)) {
            values.put(r.name(), f.set(values.get(r.name()), to));
            return true;
        }
        return false;
    }
}
