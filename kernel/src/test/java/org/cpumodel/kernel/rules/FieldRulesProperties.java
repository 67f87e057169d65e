package org.cpumodel.kernel.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.cpumodel.kb.FtrPolicy;
import org.cpumodel.kb.FtrType;
import org.cpumodel.kb.KernelRange;

/** The rule algebra of arm64_ftr_safe_value / arm64_check_features, as properties over 4-bit fields. */
class FieldRulesProperties {

    @Provide
    Arbitrary<FtrPolicy> policies() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(FtrType.class), Arbitraries.longs().between(0, 15))
                .as((signed, type, safe) -> new FtrPolicy(signed, type, safe, KernelRange.ALL, "property"));
    }

    @Provide
    Arbitrary<Long> nibbles() {
        // every 4-bit value, with the signed corners 0x8..0xF weighted up
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 15)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(8, 15)));
    }

    private static boolean accepts(FtrPolicy p, long user, long limit) {
        return FieldRules.acceptsRaw(p.type(), p.signed(), p.safeValue(), 4, user, limit);
    }

    @Property
    void aLimitAlwaysAcceptsItself(@ForAll("policies") FtrPolicy p, @ForAll("nibbles") long limit) {
        assertThat(accepts(p, limit, limit)).isTrue();
    }

    @Property
    void theSafeCombinationIsAcceptedAgainstBothValues(@ForAll("policies") FtrPolicy p, @ForAll("nibbles") long a, @ForAll("nibbles") long b) {
        long c = FieldRules.combineRaw(p, 4, a, b);
        assertThat(accepts(p, c, a)).as("combine(%s,%s)=%s against %s under %s", a, b, c, a, p).isTrue();
        assertThat(accepts(p, c, b)).as("combine(%s,%s)=%s against %s under %s", a, b, c, b, p).isTrue();
    }

    @Property
    void combinationIsCommutative(@ForAll("policies") FtrPolicy p, @ForAll("nibbles") long a, @ForAll("nibbles") long b) {
        assertThat(FieldRules.combineRaw(p, 4, a, b)).isEqualTo(FieldRules.combineRaw(p, 4, b, a));
    }

    @Property
    void combinationIsAssociative(@ForAll("policies") FtrPolicy p, @ForAll("nibbles") long a, @ForAll("nibbles") long b, @ForAll("nibbles") long c) {
        long left = FieldRules.combineRaw(p, 4, FieldRules.combineRaw(p, 4, a, b), c);
        long right = FieldRules.combineRaw(p, 4, a, FieldRules.combineRaw(p, 4, b, c));
        assertThat(left).isEqualTo(right);
    }

    @Property
    void combinationIsIdempotent(@ForAll("policies") FtrPolicy p, @ForAll("nibbles") long a) {
        assertThat(FieldRules.combineRaw(p, 4, a, a)).isEqualTo(a);
    }

    @Property
    void lowerSafeAcceptsExactlyTheValuesNotAboveTheLimit(@ForAll boolean signed, @ForAll @IntRange(min = 0, max = 15) int user,
                                                         @ForAll @IntRange(min = 0, max = 15) int limit) {
        long u = signed && user >= 8 ? user - 16 : user;
        long l = signed && limit >= 8 ? limit - 16 : limit;
        assertThat(FieldRules.acceptsRaw(FtrType.LOWER_SAFE, signed, 0, 4, user, limit)).isEqualTo(u <= l);
    }

    @Property
    void higherOrZeroSafeAcceptsZeroTheLimitOrHigher(@ForAll @IntRange(min = 0, max = 15) int user, @ForAll @IntRange(min = 0, max = 15) int limit) {
        boolean expected = user == limit || user == 0 || (limit != 0 && user > limit);
        assertThat(FieldRules.acceptsRaw(FtrType.HIGHER_OR_ZERO_SAFE, false, 0, 4, user, limit)).isEqualTo(expected);
    }

    @Property
    void exactAcceptsOnlyTheLimitOrTheSafeValue(@ForAll @IntRange(min = 0, max = 15) int user, @ForAll @IntRange(min = 0, max = 15) int limit,
                                               @ForAll @IntRange(min = 0, max = 15) int safe) {
        assertThat(FieldRules.acceptsRaw(FtrType.EXACT, false, safe, 4, user, limit)).isEqualTo(user == limit || user == safe);
    }

    @Example
    void signedCorners() {
        // 0xF is -1 ("not implemented") for a signed field: it sorts below 0
        assertThat(FieldRules.acceptsRaw(FtrType.LOWER_SAFE, true, 0xF, 4, 0xF, 0x0)).isTrue();
        assertThat(FieldRules.acceptsRaw(FtrType.LOWER_SAFE, true, 0xF, 4, 0x0, 0xF)).isFalse();
        // 0x8 (-8) is accepted against a limit of 0 for a signed lower-safe field (TGRAN4=0x8 accepted though reserved)
        assertThat(FieldRules.acceptsRaw(FtrType.LOWER_SAFE, true, 0xF, 4, 0x8, 0x0)).isTrue();
        // unsigned lower-safe with limit 0xF accepts everything
        for (int u = 0; u < 16; u++) {
            assertThat(FieldRules.acceptsRaw(FtrType.LOWER_SAFE, false, 0, 4, u, 0xF)).isTrue();
        }
        // signed higher-safe: 0x7 is the maximum, 0x8 the minimum
        assertThat(FieldRules.acceptsRaw(FtrType.HIGHER_SAFE, true, 0, 4, 0x7, 0x8)).isTrue();
        assertThat(FieldRules.acceptsRaw(FtrType.HIGHER_SAFE, true, 0, 4, 0x8, 0x7)).isFalse();
        // combination of signed 0x1 (FP16) and 0xF (NI) is NI
        assertThat(FieldRules.combineRaw(new FtrPolicy(true, FtrType.LOWER_SAFE, 0xF, KernelRange.ALL, "t"), 4, 0x1, 0xF)).isEqualTo(0xF);
        // the same bits unsigned combine to 0x1
        assertThat(FieldRules.combineRaw(new FtrPolicy(false, FtrType.LOWER_SAFE, 0, KernelRange.ALL, "t"), 4, 0x1, 0xF)).isEqualTo(0x1);
    }
}
