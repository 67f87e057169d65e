package org.cpumodel.kb;

import java.util.ArrayList;
import java.util.List;
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
        if (features.isEmpty()) {
            return List.of();
        }
        // a handful of conditions per field: each feature's conditions are gathered by a scan (no map), in order of first mention
        List<String> out = null;
        for (int i = 0; i < features.size(); i++) {
            String name = features.get(i).feature();
            if (mentionedBefore(name, i)) {
                continue;
            }
            boolean anyLower = false;
            boolean hasLower = false;
            boolean allUpper = true;
            for (int j = i; j < features.size(); j++) {
                FeatureCondition f = features.get(j);
                if (!f.feature().equals(name)) {
                    continue;
                }
                boolean holds = f.holds(raw, width());
                if (f.op() == FeatureCondition.Op.LT) {
                    allUpper &= holds;
                } else {
                    hasLower = true;
                    anyLower |= holds;
                }
            }
            if ((anyLower || !hasLower) && allUpper) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(name);
            }
        }
        return out == null ? List.of() : java.util.Collections.unmodifiableList(out);
    }

    private boolean mentionedBefore(String feature, int index) {
        for (int j = 0; j < index; j++) {
            if (features.get(j).feature().equals(feature)) {
                return true;
            }
        }
        return false;
    }

    public boolean isReserved() {
        return kind != FieldKind.FIELD;
    }

    public String bits() {
        return msb == lsb ? Integer.toString(msb) : msb + ":" + lsb;
    }
}
