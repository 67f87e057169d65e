package org.cpumodel.planner.baseline;

import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kernel.abi.KernelTooOldException;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.planner.rules.CounterFrequencyRule;
import org.cpumodel.planner.rules.FieldRule;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;

/** A host compiled for one feature set: the columns {@link ColumnarAccumulator} folds. */
public final class ColumnarHost {
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
    /** Per field: the member's kernel hides it and takes the host's own hidden value (ReferenceBaseline.decideHidden). */
    final boolean[] hides;
    /**
     * Per field the member hides: the model values (bit v) it accepts, as ReferenceBaseline.decideHidden
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

    private ColumnarHost(HostProfile p, FeatureSet fs, MemberCache cache) {
        this.profileId = p.id();
        this.features = fs;
        this.seis = p.gic() == null ? -1 : p.gic().seis();
        this.a3v = p.gic() == null ? -1 : p.gic().a3v();
        this.counterHz = CounterFrequencyRule.of(p).orElse(-1);
        int nr = ColumnarColumns.REGS.size();
        int nf = ColumnarColumns.FIELDS.length;
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
            m = cache == null ? new MemberKvm(p, fs) : cache.of(p);
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
            Register r = ColumnarColumns.REGS.get(i);
            present[i] = m.present(r);
            ignores[i] = m.ignoresWrites(r);
            limit[i] = m.limit(r);
            int bits = 0;
            for (Precheck pc : m.registerAbi(r).prechecks()) {
                bits |= 1 << pc.ordinal();
            }
            prechecks[i] = bits;
            for (int fi = ColumnarColumns.FIELD_START[i]; fi < ColumnarColumns.FIELD_START[i + 1]; fi++) {
                Field f = ColumnarColumns.FIELDS[fi];
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
        if (ColumnarColumns.CLIDR >= 0) {
            Register r = ColumnarColumns.REGS.get(ColumnarColumns.CLIDR);
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

    public static ColumnarHost of(HostProfile p, FeatureSet fs) {
        return new ColumnarHost(p, fs, null);
    }

    /** Compiles a host reusing (and filling) a cache of members built for {@code fs}. */
    static ColumnarHost of(HostProfile p, FeatureSet fs, MemberCache cache) {
        return new ColumnarHost(p, fs, cache);
    }

    public String profileId() {
        return profileId;
    }
}
