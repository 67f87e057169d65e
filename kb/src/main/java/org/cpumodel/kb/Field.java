package org.cpumodel.kb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One bit range of a register: layout (bits, kind, named values, FEAT_ names) and the kernel's
 * cpufeature policy per kernel range.
 */
public record Field(String name, int msb, int lsb, FieldKind kind, List<FieldValue> values,
                    List<FeatureCondition> features, List<FtrPolicy> ftr, String note) {

    public Field {
        if (msb < lsb || lsb < 0 || msb > 63) {
            throw new IllegalArgumentException("bad bit range " + msb + ":" + lsb + " for field " + name);
        }
        values = List.copyOf(values);
        features = List.copyOf(features);
        ftr = List.copyOf(ftr);
        note = note == null ? "" : note;
    }

    public int width() {
        return msb - lsb + 1;
    }

    public long mask() {
        return Bits.mask(msb, lsb);
    }

    /** The raw (unsigned) field bits of a register value. */
    public long get(long reg) {
        return Bits.extract(reg, msb, lsb);
    }

    public long set(long reg, long value) {
        return Bits.insert(reg, msb, lsb, value);
    }

    /** The cpufeature entry the given kernel has for this field, if any. */
    public Optional<FtrPolicy> ftr(KernelVersion kernel) {
        for (FtrPolicy p : ftr) {
            if (p.kernels().contains(kernel)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public Optional<String> valueName(long raw) {
        for (FieldValue v : values) {
            if (v.value() == raw) {
                return Optional.of(v.name());
            }
        }
        return Optional.empty();
    }

    /**
     * FEAT_ names that hold for this raw field value. Several conditions of one feature combine as a
     * range: at least one lower-bound or equality condition ({@code >=, >, ==}) must hold, and every
     * upper bound ({@code <}) must hold (FEAT_PMUv3: PMUVer >= 1 and PMUVer < 15). Conditions only
     * describe this field: a feature that also depends on other fields is a necessary condition here.
     */
    public List<String> featuresAt(long raw) {
        Map<String, boolean[]> state = new LinkedHashMap<>(); // [any lower holds, has lower, all upper hold]
        for (FeatureCondition f : features) {
            boolean[] s = state.computeIfAbsent(f.feature(), k -> new boolean[] {false, false, true});
            boolean holds = f.holds(raw, width());
            if (f.op() == FeatureCondition.Op.LT) {
                s[2] &= holds;
            } else {
                s[1] = true;
                s[0] |= holds;
            }
        }
        List<String> out = new ArrayList<>();
        state.forEach((name, s) -> {
            if ((s[0] || !s[1]) && s[2]) {
                out.add(name);
            }
        });
        return List.copyOf(out);
    }

    public boolean isReserved() {
        return kind != FieldKind.FIELD;
    }

    public String bits() {
        return msb == lsb ? Integer.toString(msb) : msb + ":" + lsb;
    }
}
