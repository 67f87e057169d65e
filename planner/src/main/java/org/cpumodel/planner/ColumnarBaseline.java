package org.cpumodel.planner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kb.Sysregs.ID_AA64DFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_DFR0_EL1;
import org.cpumodel.kernel.abi.KernelTooOldException;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.VcpuFeature;

/**
 * The columnar baseline: {@link Baseline#decide} computed from per-field summaries of the members
 * instead of the members themselves, so that adding a host costs O(fields) and deciding costs
 * O(fields x distinct rules x distinct values), independent of the number of members.
 *
 * <p>{@link Host} is a host compiled for one feature set: per candidate register (the registers
 * {@code Baseline} may plan) presence, "userspace writes ignored", limit and pre-checks, and per field
 * its value, whether the member may change it and its kernel's rule, all read from {@link MemberKvm}
 * (the same answers {@code Baseline} uses). {@link Accumulator} folds hosts one at a time keeping, per
 * field, the facts {@code Baseline}'s decision depends on: the value of the non-writable ("fixed")
 * members and whether they all agree, and per distinct rule the set of values the writable members
 * offer; per register how many members record it and ignore writes to it and the union of their
 * kernel pre-checks; CLIDR_EL1, CTR_EL0.IDC, AArch32 and GIC summaries. {@link Accumulator#decide}
 * replays {@code Baseline.decideCore} on those summaries (the rules the fold uses are semilattices:
 * min, max, "0 or max", "equal or safe", so the set of values decides as the list of members does).
 *
 * <p>When a summary cannot be kept exactly (more than {@link #RULES} distinct rules for a field, a
 * field value of 64 or more, a rule without a cpufeature type on a writable field: none occur in the
 * bundled knowledge base) the verdict says {@code exact == false} and callers use {@link Baseline#decide}.
 * Tests prove equality with {@link Baseline#compute} on the real fleet and on simulated fleets.
 */
public final class ColumnarBaseline {

    /** Distinct rules kept per field. */
    static final int RULES = 4;

    private ColumnarBaseline() {
    }

    /** The columns: candidate registers and their fields, flattened. */
    private static final class Cols {
        static final List<Register> REGS = new ArrayList<>();
        static final int[] FIELD_START;
        static final Field[] FIELDS;
        static final int[] FIELD_REG;
        static final Map<String, Integer> FIELD_INDEX = new HashMap<>();
        /** Fields some kernel hides while accepting the host's own value (MPAM, MPAM_frac, NV). */
        static final boolean[] HIDEABLE;
        /** Per field: its index among the hideable fields, -1 for the others. */
        static final int[] HIDE_INDEX;
        static final int HIDEABLE_COUNT;
        static final int CLIDR;
        static final int CTR;
        /** FEAT_ count per field and value (0..63), -1 until computed. */
        static final int[][] FEATURE_COUNT;

        static {
            KnowledgeBase kb = KnowledgeBase.load();
            int clidr = -1;
            int ctr = -1;
            for (Register r : kb.featureIdRange()) {
                boolean candidate = r.registerClass() == RegisterClass.FEATURE_ID || r.name().equals("CTR_EL0") || r.name().equals("CLIDR_EL1");
                if (candidate && !Baseline.IDENTITY.contains(r.name())) {
                    if (r.name().equals("CLIDR_EL1")) {
                        clidr = REGS.size();
                    }
                    if (r.name().equals("CTR_EL0")) {
                        ctr = REGS.size();
                    }
                    REGS.add(r);
                }
            }
            CLIDR = clidr;
            CTR = ctr;
            FIELD_START = new int[REGS.size() + 1];
            List<Field> fields = new ArrayList<>();
            List<Integer> reg = new ArrayList<>();
            for (int i = 0; i < REGS.size(); i++) {
                FIELD_START[i] = fields.size();
                for (Field f : REGS.get(i).fields()) {
                    FIELD_INDEX.put(REGS.get(i).name() + "." + f.name(), fields.size());
                    fields.add(f);
                    reg.add(i);
                }
            }
            FIELD_START[REGS.size()] = fields.size();
            FIELDS = fields.toArray(new Field[0]);
            FIELD_REG = reg.stream().mapToInt(Integer::intValue).toArray();
            HIDEABLE = new boolean[FIELDS.length];
            for (org.cpumodel.kernel.abi.Precheck p : org.cpumodel.kernel.abi.Precheck.values()) {
                java.util.Optional.ofNullable(org.cpumodel.kernel.rules.PrecheckRule.ignoredField(p)).map(org.cpumodel.kb.SysregField::name).ifPresent(f -> {
                    for (Register r : REGS) {
                        Integer fi = FIELD_INDEX.get(r.name() + "." + f);
                        if (fi != null) {
                            HIDEABLE[fi] = true;
                        }
                    }
                });
            }
            HIDE_INDEX = new int[FIELDS.length];
            int nh = 0;
            for (int fi = 0; fi < FIELDS.length; fi++) {
                HIDE_INDEX[fi] = HIDEABLE[fi] ? nh++ : -1;
            }
            HIDEABLE_COUNT = nh;
            FEATURE_COUNT = new int[FIELDS.length][64];
            for (int[] row : FEATURE_COUNT) {
                Arrays.fill(row, -1);
            }
        }

        static int featureCount(int fi, long value) {
            if (value >= 0 && value < 64) {
                int c = FEATURE_COUNT[fi][(int) value];
                if (c < 0) {
                    c = FIELDS[fi].featuresAt(value).size();
                    FEATURE_COUNT[fi][(int) value] = c;
                }
                return c;
            }
            return FIELDS[fi].featuresAt(value).size();
        }
    }

    /** A host compiled for one feature set: the columns {@link Accumulator} folds. */
    public static final class Host {
        final String profileId;
        final FeatureSet features;
        final boolean unusable;
        final boolean aarch32El0;
        /** -1 when the profile records no GIC CPU interface. */
        final int seis;
        final int a3v;
        final boolean[] present;
        final boolean[] ignores;
        final long[] limit;
        final int[] prechecks;
        final long[] value;
        final boolean[] writable;
        /** Per field: the member's kernel hides it and takes the host's own hidden value (Baseline.decideHidden). */
        final boolean[] hides;
        /**
         * Per field the member hides: the model values (bit v) it accepts, as Baseline.decideHidden
         * judges them: 0, its own value, and its hidden host value (every value when that is unknown:
         * the model then states a condition).
         */
        final long[] hiddenOk;
        final FieldRule[] rule;
        final boolean clidrKind;
        final long clidrMask;
        final long ctrIdc;
        /** CNTFRQ_EL0 in Hz, -1 when the profile does not know it. */
        final long counterHz;

        private Host(HostProfile p, FeatureSet fs, Map<HostProfile, MemberKvm> cache) {
            this.profileId = p.id();
            this.features = fs;
            this.seis = p.gic() == null ? -1 : p.gic().seis();
            this.a3v = p.gic() == null ? -1 : p.gic().a3v();
            this.counterHz = CounterFrequencyRule.of(p).orElse(-1);
            int nr = Cols.REGS.size();
            int nf = Cols.FIELDS.length;
            present = new boolean[nr];
            ignores = new boolean[nr];
            limit = new long[nr];
            prechecks = new int[nr];
            value = new long[nf];
            writable = new boolean[nf];
            hides = new boolean[nf];
            hiddenOk = new long[nf];
            rule = new FieldRule[nf];
            MemberKvm m;
            try {
                m = cache == null ? new MemberKvm(p, fs) : cache.computeIfAbsent(p, x -> new MemberKvm(x, fs));
            } catch (KernelTooOldException e) {
                m = null;
            }
            if (m == null || m.view == null) {
                unusable = true;
                aarch32El0 = false;
                clidrKind = false;
                clidrMask = 0;
                ctrIdc = 0;
                return;
            }
            unusable = false;
            aarch32El0 = m.aarch32El0;
            for (int i = 0; i < nr; i++) {
                Register r = Cols.REGS.get(i);
                present[i] = m.present(r.name());
                ignores[i] = m.ignoresWrites(r);
                limit[i] = m.limit(r);
                int bits = 0;
                for (Precheck pc : m.registerAbi(r).prechecks()) {
                    bits |= 1 << pc.ordinal();
                }
                prechecks[i] = bits;
                for (int fi = Cols.FIELD_START[i]; fi < Cols.FIELD_START[i + 1]; fi++) {
                    Field f = Cols.FIELDS[fi];
                    value[fi] = f.get(limit[i]);
                    if (f.kind() == FieldKind.FIELD) {
                        hides[fi] = prechecks[i] != 0 && m.hides(r, f);
                        if (hides[fi]) {
                            java.util.OptionalLong hidden = m.hiddenHostValue(r, f);
                            hiddenOk[fi] = 1L | bit(value[fi]) | (hidden.isEmpty() ? -1L : bit(hidden.getAsLong()));
                        }
                        writable[fi] = m.writable(r, f);
                        rule[fi] = writable[fi] ? m.rule(r, f) : null;
                    }
                }
            }
            if (Cols.CLIDR >= 0) {
                Register r = Cols.REGS.get(Cols.CLIDR);
                clidrKind = m.kind(r) == RegisterKind.CLIDR;
                clidrMask = m.registerAbi(r).mask();
            } else {
                clidrKind = false;
                clidrMask = 0;
            }
            ctrIdc = CTR_EL0.IDC.get(m.limit(CTR_EL0.NAME));
        }

        private static long bit(long v) {
            return v >= 0 && v < 64 ? 1L << v : 0;
        }

        public static Host of(HostProfile p, FeatureSet fs) {
            return new Host(p, fs, null);
        }

        /** Compiles a host reusing (and filling) a cache of members built for {@code fs}. */
        static Host of(HostProfile p, FeatureSet fs, Map<HostProfile, MemberKvm> cache) {
            return new Host(p, fs, cache);
        }

        public String profileId() {
            return profileId;
        }
    }

    /**
     * What {@link Baseline#decide} says, from the summaries: possible or not, and the register values
     * (planned registers in knowledge-base order) when possible. {@code exact == false}: a summary
     * overflowed, ask {@link Baseline#decide}.
     */
    public record Verdict(boolean possible, boolean exact, Map<String, Long> registers) {
        static final Verdict INEXACT = new Verdict(false, false, Map.of());
        static final Verdict IMPOSSIBLE = new Verdict(false, true, Map.of());
    }

    /** Per-field summaries of a set of hosts; {@link #add} folds one host in O(fields). */
    public static final class Accumulator {
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
        // per hideable field (Cols.HIDE_INDEX): how many participants hide it, the model values all of
        // them accept (Host.hiddenOk), and the summaries of the others (Baseline.decideHidden decides on them)
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

        public Accumulator(FeatureSet fs) {
            this.features = fs;
            int nr = Cols.REGS.size();
            int nf = Cols.FIELDS.length;
            present = new int[nr];
            ignoring = new int[nr];
            prechecks = new int[nr];
            first = new long[nf];
            differs = new boolean[nf];
            fixedCount = new int[nf];
            fixedValue = new long[nf];
            fixedDiffer = new boolean[nf];
            int nh = Cols.HIDEABLE_COUNT;
            hiders = new int[nh];
            hiddenOk = new long[nh];
            Arrays.fill(hiddenOk, -1L);
            oFixedCount = new int[nh];
            oFixedValue = new long[nh];
            oFixedDiffer = new boolean[nh];
            oSlotRule = new FieldRule[nh * RULES];
            oSlotValues = new long[nh * RULES];
            slotRule = new FieldRule[nf * RULES];
            slotValues = new long[nf * RULES];
            clidrValues = new long[0];
        }

        /** An independent copy (joining a pool folds one more host into a copy of the pool's summaries). */
        public Accumulator copy() {
            return new Accumulator(this);
        }

        private Accumulator(Accumulator o) {
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
        public Accumulator add(Host h) {
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
            int nr = Cols.REGS.size();
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
                for (int fi = Cols.FIELD_START[r]; fi < Cols.FIELD_START[r + 1]; fi++) {
                    long v = h.value[fi];
                    if (firstPart) {
                        first[fi] = v;
                    } else if (first[fi] != v) {
                        differs[fi] = true;
                    }
                    if (Cols.FIELDS[fi].kind() != FieldKind.FIELD) {
                        continue;
                    }
                    int hi = Cols.HIDE_INDEX[fi];
                    if (hi >= 0) {
                        // Baseline.decideHidden: the hiders' accepted values, and the others' own summaries
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
            if (Cols.CLIDR >= 0 && h.present[Cols.CLIDR]) {
                long c = h.limit[Cols.CLIDR];
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
            if (Cols.CLIDR >= 0) {
                // Baseline.clidrAccepts over every member (CLIDR_EL1 is never an ignored AArch32 register)
                long c = h.limit[Cols.CLIDR];
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
            int base = i * RULES;
            int s = 0;
            while (s < RULES && sRule[base + s] != null && !sRule[base + s].equals(rule)) {
                s++;
            }
            if (s == RULES) {
                inexact = true;
                return;
            }
            sRule[base + s] = rule;
            sValues[base + s] |= 1L << v;
        }

        /** {@code Baseline.decide} of the hosts folded so far, from the summaries. */
        public Verdict decide(boolean gicWhatIf) {
            if (count == 0) {
                throw new IllegalStateException("a baseline needs at least one host profile");
            }
            if (unusable) {
                return Verdict.IMPOSSIBLE;
            }
            // different counter frequencies: an unusual fleet, Baseline explains it (CounterFrequencyRule)
            if (inexact || counterDiffer) {
                return Verdict.INEXACT;
            }
            // the GIC decides cheaply; Baseline records its blockers after everything else, the verdict is the same
            if (gicMissing || (!gicWhatIf && ((seis0 && seis1) || (a3v0 && a3v1)))) {
                return Verdict.IMPOSSIBLE;
            }
            boolean el2 = features.has(VcpuFeature.EL2);
            int nr = Cols.REGS.size();
            List<Integer> planned = new ArrayList<>();
            for (int r = 0; r < nr; r++) {
                if (present[r] == count) {
                    planned.add(r);
                }
            }
            Map<String, Long> values = new LinkedHashMap<>();
            for (int r : planned) {
                if (r == Cols.CLIDR) {
                    continue;
                }
                Register reg = Cols.REGS.get(r);
                if (count - ignoring[r] == 0) {
                    values.put(reg.name(), 0L);
                    continue;
                }
                long v = 0;
                for (int fi = Cols.FIELD_START[r]; fi < Cols.FIELD_START[r + 1]; fi++) {
                    Field f = Cols.FIELDS[fi];
                    if (f.kind() != FieldKind.FIELD) {
                        if (differs[fi]) {
                            return Verdict.IMPOSSIBLE;
                        }
                        v = f.set(v, first[fi]);
                        continue;
                    }
                    long fv = decideField(fi);
                    if (fv == NONE) {
                        return Verdict.IMPOSSIBLE;
                    }
                    v = f.set(v, fv);
                }
                values.put(reg.name(), v);
            }
            Editor editor = new Editor(values, el2);
            if (!prechecks(planned, values, editor)) {
                return Verdict.IMPOSSIBLE;
            }
            ConsistencyRules.load().apply(values, editor);
            if (withoutAarch32 > 0 && withoutAarch32 < count) {
                for (int r : planned) {
                    Register reg = Cols.REGS.get(r);
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
            if (planned.contains(Cols.CLIDR)) {
                long modelIdc = values.containsKey(CTR_EL0.NAME) ? CTR_EL0.IDC.get(values.get(CTR_EL0.NAME)) : ctrIdcMin;
                TreeSet<Long> ok = new TreeSet<>(Baseline.CLIDR_ORDER);
                for (long c : clidrValues) {
                    boolean idcOk = modelIdc == 1 || !RegisterFacts.clidrImpliesIdc(c);
                    boolean fixedOk = fixedClidrCount == 0 || (!fixedClidrDiffer && c == fixedClidr);
                    boolean writableOk = (c & ~clidrMask) == 0 && (!clidrNoIdc || !RegisterFacts.clidrImpliesIdc(c));
                    if (idcOk && fixedOk && writableOk) {
                        ok.add(c);
                    }
                }
                if (ok.isEmpty()) {
                    return Verdict.IMPOSSIBLE;
                }
                values.put("CLIDR_EL1", ok.first());
            }
            Map<String, Long> regs = new LinkedHashMap<>();
            for (int r : planned) {
                String name = Cols.REGS.get(r).name();
                regs.put(name, values.get(name));
            }
            return new Verdict(true, true, java.util.Collections.unmodifiableMap(regs));
        }

        private static final long NONE = Long.MIN_VALUE;

        /** Baseline.decide(Register, Field, parts) on the summaries; NONE for a blocker. */
        private long decideField(int fi) {
            int hi = Cols.HIDE_INDEX[fi];
            if (hi >= 0 && hiders[hi] > 0 && hiders[hi] < count - ignoring[Cols.FIELD_REG[fi]]) {
                // Baseline.decideHidden: decided by the others; 0 always holds, else every hider must accept it
                long v = decideField(fi, hi, oFixedCount, oFixedValue, oFixedDiffer, oSlotRule, oSlotValues);
                return v == NONE || v == 0 || (v < 64 && (hiddenOk[hi] >>> v & 1) != 0) ? v : NONE;
            }
            return decideField(fi, fi, fixedCount, fixedValue, fixedDiffer, slotRule, slotValues);
        }

        private long decideField(int fi, int i, int[] fixedCount, long[] fixedValue, boolean[] fixedDiffer, FieldRule[] slotRule, long[] slotValues) {
            Field f = Cols.FIELDS[fi];
            int w = f.width();
            int base = i * RULES;
            if (fixedCount[i] > 0) {
                if (fixedDiffer[i]) {
                    return NONE;
                }
                long va = fixedValue[i];
                return acceptedByAll(i, w, va, slotRule, slotValues) ? va : NONE;
            }
            long union = 0;
            for (int s = 0; s < RULES && slotRule[base + s] != null; s++) {
                union |= slotValues[base + s];
            }
            long any = Long.numberOfTrailingZeros(union);
            long best = NONE;
            for (int s = 0; s < RULES && slotRule[base + s] != null; s++) {
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
            for (int s = 0; s < RULES && slotRule[base + s] != null; s++) {
                long c = slotRule[base + s].safeValue() & f.mask() >>> f.lsb();
                if (acceptedByAll(i, w, c, slotRule, slotValues)) {
                    best = better(fi, best, c);
                }
            }
            return best;
        }

        /** The fewest FEAT_ names, then the smallest value (Baseline's choice among accepted values). */
        private static long better(int fi, long best, long c) {
            if (best == NONE) {
                return c;
            }
            int cb = Cols.featureCount(fi, best);
            int cc = Cols.featureCount(fi, c);
            if (cc != cb) {
                return cc < cb ? c : best;
            }
            return Long.compareUnsigned(c, best) < 0 ? c : best;
        }

        private boolean acceptedByAll(int fi, int w, long c) {
            return acceptedByAll(fi, w, c, slotRule, slotValues);
        }

        private static boolean acceptedByAll(int i, int w, long c, FieldRule[] slotRule, long[] slotValues) {
            int base = i * RULES;
            for (int s = 0; s < RULES && slotRule[base + s] != null; s++) {
                FieldRule rule = slotRule[base + s];
                for (long bits = slotValues[base + s]; bits != 0; bits &= bits - 1) {
                    if (!rule.accepts(w, c, Long.numberOfTrailingZeros(bits))) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Baseline.canSet on the summaries. */
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
                Integer fi = Cols.FIELD_INDEX.get(r.name() + "." + f.name());
                if (fi == null) {
                    return false;
                }
                int reg = Cols.FIELD_REG[fi];
                if (count - ignoring[reg] == 0) {
                    return true;
                }
                if (fixedCount[fi] > 0 || !acceptedByAll(fi, f.width(), raw)) {
                    return false;
                }
                for (int bits = prechecks[reg]; bits != 0; bits &= bits - 1) {
                    if (!Baseline.precheckAllows(PRECHECKS[Integer.numberOfTrailingZeros(bits)], r, f, raw, el2)) {
                        return false;
                    }
                }
                return true;
            }
        }

        private static final Precheck[] PRECHECKS = Precheck.values();

        /** Baseline.prechecks on the summaries: false when it would record a blocker. */
        private boolean prechecks(List<Integer> planned, Map<String, Long> values, Editor editor) {
            for (int r : planned) {
                Register reg = Cols.REGS.get(r);
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

    /** The accumulator of some compiled hosts (distinct profiles). */
    public static Accumulator fold(FeatureSet fs, Iterable<Host> hosts) {
        Accumulator a = new Accumulator(fs);
        for (Host h : hosts) {
            a.add(h);
        }
        return a;
    }
}
