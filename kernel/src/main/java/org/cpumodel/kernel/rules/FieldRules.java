package org.cpumodel.kernel.rules;

import org.cpumodel.kb.Bits;
import org.cpumodel.kb.FtrPolicy;
import org.cpumodel.kb.FtrType;

/**
 * The kernel's per-field rules (arch/arm64/kernel/cpufeature.c arm64_ftr_safe_value, and
 * arm64_check_features in arch/arm64/kvm/sys_regs.c), on field values already extracted with the
 * field's signedness. Pure functions; no KVM state.
 */
public final class FieldRules {

    private FieldRules() {
    }

    /** Extracts the field of a register value: sign-extended when {@code signed}. */
    public static long extract(long reg, int msb, int lsb, boolean signed) {
        long raw = Bits.extract(reg, msb, lsb);
        return signed ? Bits.signExtend(raw, msb - lsb + 1) : raw;
    }

    /** arm64_ftr_safe_value(new, cur): the value the kernel considers safe given two values. */
    public static long safeValue(FtrType type, long safeVal, long newValue, long current) {
        return switch (type) {
            case EXACT -> safeVal;
            case LOWER_SAFE -> Math.min(newValue, current);
            case HIGHER_SAFE -> Math.max(newValue, current);
            case HIGHER_OR_ZERO_SAFE -> (newValue == 0 || current == 0) ? 0 : Math.max(newValue, current);
        };
    }

    /** Whether KVM accepts a user field value against the host's limit: equal, or safe(user, limit) == user. */
    public static boolean accepts(FtrType type, long safeVal, long user, long limit) {
        return user == limit || safeValue(type, safeVal, user, limit) == user;
    }

    /**
     * The safe combination of two hosts' values: the most capable value both accept. For EXACT
     * fields it is the value itself when both agree, else the entry's safe value.
     */
    public static long combine(FtrType type, long safeVal, long a, long b) {
        if (a == b) {
            return a;
        }
        return safeValue(type, safeVal, a, b);
    }

    /** {@link #combine} on raw field bits, honouring signedness; returns raw bits. */
    public static long combineRaw(FtrPolicy p, int width, long rawA, long rawB) {
        return combineRaw(p.type(), p.signed(), p.safeValue(), width, rawA, rawB);
    }

    /** {@link #combineRaw(FtrPolicy, int, long, long)} without a policy object (for inner loops). */
    public static long combineRaw(FtrType type, boolean signed, long rawSafe, int width, long rawA, long rawB) {
        long a = signed ? Bits.signExtend(rawA, width) : rawA;
        long b = signed ? Bits.signExtend(rawB, width) : rawB;
        long s = signed ? Bits.signExtend(rawSafe, width) : rawSafe;
        long c = combine(type, s, a, b);
        return c & (width == 64 ? -1L : (1L << width) - 1);
    }

    /** {@link #accepts} on raw field bits, honouring signedness. */
    public static boolean acceptsRaw(FtrType type, boolean signed, long rawSafe, int width, long rawUser, long rawLimit) {
        long u = signed ? Bits.signExtend(rawUser, width) : rawUser;
        long l = signed ? Bits.signExtend(rawLimit, width) : rawLimit;
        long s = signed ? Bits.signExtend(rawSafe, width) : rawSafe;
        return accepts(type, s, u, l);
    }

    /** A person's description of what a rule accepts, e.g. "lower-safe, signed: any value <= limit". */
    public static String describe(FtrType type, boolean signed, long safeVal) {
        String sign = signed ? "signed" : "unsigned";
        return switch (type) {
            case LOWER_SAFE -> "lower-safe (" + sign + "): accepts values <= the limit";
            case HIGHER_SAFE -> "higher-safe (" + sign + "): accepts values >= the limit";
            case HIGHER_OR_ZERO_SAFE -> "higher-or-zero-safe (" + sign + "): accepts 0, the limit, or values above a non-zero limit";
            case EXACT -> "exact (" + sign + "): accepts only the limit or the safe value 0x" + Long.toHexString(safeVal);
        };
    }
}
