package org.cpumodel.kb;

/**
 * An Arm architecture feature implied by a field value, e.g. FEAT_LSE when Atomic >= 2.
 * Comparisons use the field's signedness when {@code signed} is true.
 */
public record FeatureCondition(String feature, Op op, long value, boolean signed) {

    public enum Op {
        GE(">="), GT(">"), EQ("=="), LT("<");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public static Op parse(String s) {
            for (Op o : values()) {
                if (o.symbol.equals(s)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown comparison '" + s + "' (expected >=, >, == or <)");
        }
    }

    /** Whether a field value (raw, unsigned bits) satisfies the condition. */
    public boolean holds(long rawValue, int width) {
        long v = signed ? Bits.signExtend(rawValue, width) : rawValue;
        long c = signed ? Bits.signExtend(value, width) : value;
        return switch (op) {
            case GE -> v >= c;
            case GT -> v > c;
            case EQ -> v == c;
            case LT -> v < c;
        };
    }

    @Override
    public String toString() {
        return feature + " (" + op.symbol + " " + value + ")";
    }
}
