package org.cpumodel.kb;

/** The kernel's per-field safe-value types (arch/arm64/kernel/cpufeature.c, enum ftr_type). */
public enum FtrType {
    /** Lower value is safe: the safe combination is the minimum. */
    LOWER_SAFE,
    /** Higher value is safe: the safe combination is the maximum. */
    HIGHER_SAFE,
    /** Higher value is safe, but 0 is the highest. */
    HIGHER_OR_ZERO_SAFE,
    /** Values must match; when they differ the entry's safe value is used. */
    EXACT
}
