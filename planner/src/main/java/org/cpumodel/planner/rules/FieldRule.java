package org.cpumodel.planner.rules;

import org.cpumodel.kb.Field;
import org.cpumodel.kb.FtrPolicy;
import org.cpumodel.kb.FtrType;
import org.cpumodel.kernel.rules.FieldRules;

/**
 * How one kernel's KVM judges one field: the cpufeature type after KVM's overrides
 * ({@link org.cpumodel.kernel.rules.FeatureCheck#kvmType}), signedness and safe value; or
 * {@code null} type for "no cpufeature entry: the value must equal the limit".
 */
public record FieldRule(FtrType type, boolean signed, long safeValue) {

    public static final FieldRule EQUAL = new FieldRule(null, false, 0);

    public static FieldRule of(String register, Field f, FtrPolicy p) {
        if (p == null) {
            return EQUAL;
        }
        return new FieldRule(org.cpumodel.kernel.rules.FeatureCheck.kvmType(register, f.name(), p.type()), p.signed(), p.safeValue());
    }

    public boolean isEqualOnly() {
        return type == null;
    }

    /** Whether a user value (raw bits) is accepted against a limit (raw bits). */
    public boolean accepts(int width, long user, long limit) {
        if (type == null) {
            return user == limit;
        }
        return FieldRules.acceptsRaw(type, signed, safeValue, width, user, limit);
    }

    /** The safe combination of two raw values under this rule (raw bits). */
    public long combine(int width, long a, long b) {
        if (type == null) {
            return a;
        }
        return FieldRules.combineRaw(type, signed, safeValue, width, a, b);
    }

    public String describe() {
        return type == null ? "no cpufeature rule on this kernel: must equal the host's value" : FieldRules.describe(type, signed, safeValue);
    }

    public String shortName() {
        if (type == null) {
            return "equal";
        }
        String t = switch (type) {
            case LOWER_SAFE -> "lower-safe";
            case HIGHER_SAFE -> "higher-safe";
            case HIGHER_OR_ZERO_SAFE -> "higher-or-zero-safe";
            case EXACT -> "exact(safe=" + safeValue + ")";
        };
        return t + (signed ? " signed" : "");
    }
}
