package org.cpumodel.planner.compare;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kernel.rules.ClidrRule;
import org.cpumodel.planner.gic.GicRules;
import org.cpumodel.planner.rules.FieldTable;
import org.cpumodel.planner.rules.SveLengths;

/**
 * {@link Compare#compare}'s relation (identical, superset, subset, incompatible) without the
 * differences and their texts, on sides compiled once: register values by feature-ID-range index and
 * the holder kernels' field rules compiled per register ({@link FieldTable}, bit-parallel for the
 * four-bit lower/higher-safe fields). For all-pairs work (compatibility matrices); tests prove it
 * equal to {@link Compare} on the real and on simulated fleets.
 */
public final class FastCompare {

    private static final List<Register> RANGE = KnowledgeBase.load().featureIdRange();
    private static final int N = RANGE.size();
    private static final int CLIDR = indexOf("CLIDR_EL1");
    private static final int CTR = indexOf("CTR_EL0");
    private static final boolean[] AA32 = new boolean[N];
    private static final Map<KernelVersion, FieldTable[]> TABLES = new ConcurrentHashMap<>();

    static {
        for (int i = 0; i < N; i++) {
            AA32[i] = org.cpumodel.kb.RegisterFacts.inAarch32IdSpace(RANGE.get(i));
        }
    }

    /** One side of a comparison, compiled. */
    public static final class Side {
        final String features;
        final long[] values;
        final long[] present;
        final FieldTable[][] tables;
        final Long iccCtlr;
        final List<Integer> sve;
        final boolean aarch32El0;
        final long ctr;
        /** Per register index: the hidden fields (Compare.hiddenHolds) as field and host value (null: unknown), or null. */
        final Object[][][] hidden;

        private Side(Compare.Side s) {
            this.hidden = new Object[N][][];
            s.hidden().forEach((key, v) -> {
                int dot = key.indexOf('.');
                int i = indexOf(key.substring(0, dot));
                if (i >= 0) {
                    Field f = RANGE.get(i).field(key.substring(dot + 1)).orElseThrow();
                    Object[][] old = hidden[i] == null ? new Object[0][] : hidden[i];
                    Object[][] n = java.util.Arrays.copyOf(old, old.length + 1);
                    n[old.length] = new Object[] {f, v};
                    hidden[i] = n;
                }
            });
            this.features = s.features().name();
            this.values = new long[N];
            this.present = new long[(N + 63) / 64];
            for (int i = 0; i < N; i++) {
                Long v = s.registers().get(RANGE.get(i).name());
                if (v != null) {
                    values[i] = v;
                    present[i >>> 6] |= 1L << i;
                }
            }
            this.tables = s.kernels().stream().map(FastCompare::tables).toArray(FieldTable[][]::new);
            this.iccCtlr = s.iccCtlr();
            this.sve = s.sveVectorLengths();
            this.aarch32El0 = s.aarch32El0();
            this.ctr = s.registers().getOrDefault("CTR_EL0", 0L);
        }

        public static Side of(Compare.Side s) {
            return new Side(s);
        }

        /** Whether this side (the holder) runs a value of the other side for register i: {@code Difference.aHoldsB}. */
        boolean holds(int i, long other, long own) {
            if (AA32[i] && !aarch32El0) {
                return true;
            }
            if (i == CLIDR) {
                return ClidrRule.consistentWithCtr(other, ctr);
            }
            if (hidden[i] != null) {
                for (Object[] h : hidden[i]) {
                    Field f = (Field) h[0];
                    Long v = (Long) h[1];
                    if (f.get(other) != f.get(own) && (v == null || v == f.get(other))) {
                        other = f.set(other, f.get(own));
                    }
                }
            }
            for (FieldTable[] t : tables) {
                if (!t[i].accepts(other, own)) {
                    return false;
                }
            }
            return true;
        }
    }

    private FastCompare() {
    }

    private static int indexOf(String name) {
        for (int i = 0; i < RANGE.size(); i++) {
            if (RANGE.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static FieldTable[] tables(KernelVersion k) {
        return TABLES.computeIfAbsent(k, kv -> {
            FieldTable[] t = new FieldTable[N];
            for (int i = 0; i < N; i++) {
                t[i] = FieldTable.of(RANGE.get(i), kv, f -> true);
            }
            return t;
        });
    }

    /** Same as {@code Compare.compare(a, b).relation()} for the sides these were compiled from. */
    public static Compare.Relation relation(Side a, Side b) {
        if (!a.features.equals(b.features)) {
            return Compare.Relation.INCOMPATIBLE;
        }
        boolean aAll = true;
        boolean bAll = true;
        long[] av = a.values;
        long[] bv = b.values;
        for (int w = 0; w < a.present.length; w++) {
            long both = a.present[w] & b.present[w];
            while (both != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(both);
                both &= both - 1;
                long va = av[i];
                long vb = bv[i];
                if (va == vb) {
                    continue;
                }
                if (aAll && !a.holds(i, vb, va)) {
                    aAll = false;
                }
                if (bAll && !b.holds(i, va, vb)) {
                    bAll = false;
                }
                if (!aAll && !bAll) {
                    return Compare.Relation.INCOMPATIBLE;
                }
            }
        }
        if (a.iccCtlr != null && b.iccCtlr != null) {
            long ga = a.iccCtlr;
            long gb = b.iccCtlr;
            int pa = GicRules.pri(ga);
            int pb = GicRules.pri(gb);
            int ia = GicRules.id(ga);
            int ib = GicRules.id(gb);
            aAll &= pb <= pa && ib <= ia;
            bAll &= pa <= pb && ia <= ib;
            if (GicRules.seis(ga) != GicRules.seis(gb) || GicRules.a3v(ga) != GicRules.a3v(gb)) {
                return Compare.Relation.INCOMPATIBLE;
            }
        }
        if (!a.sve.equals(b.sve)) {
            aAll &= SveLengths.holds(a.sve, b.sve);
            bAll &= SveLengths.holds(b.sve, a.sve);
        }
        return aAll && bAll ? Compare.Relation.IDENTICAL : aAll ? Compare.Relation.SUPERSET : bAll ? Compare.Relation.SUBSET : Compare.Relation.INCOMPATIBLE;
    }
}
