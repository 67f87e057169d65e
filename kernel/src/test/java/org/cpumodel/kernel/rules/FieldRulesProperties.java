package org.cpumodel.kernel.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cpumodel.kb.FtrPolicy;
import org.cpumodel.kb.FtrType;
import org.cpumodel.kb.KernelRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule algebra of arm64_ftr_safe_value / arm64_check_features as properties, checked
 * exhaustively: every field type, both signednesses, every safe value and every 4-bit value (the
 * signed corners 0x8..0xF included), so each property holds over the whole domain, not a sample.
 */
class FieldRulesProperties {

    /** All 2 x 4 x 16 policies of a 4-bit field. */
    static Stream<FtrPolicy> policies() {
        List<FtrPolicy> out = new ArrayList<>();
        for (boolean signed : new boolean[] {false, true}) {
            for (FtrType t : FtrType.values()) {
                for (long safe = 0; safe < 16; safe++) {
                    out.add(new FtrPolicy(signed, t, safe, KernelRange.ALL, "property"));
                }
            }
        }
        return out.stream();
    }

    private static boolean accepts(FtrPolicy p, long user, long limit) {
        return FieldRules.acceptsRaw(p.type(), p.signed(), p.safeValue(), 4, user, limit);
    }

    private static long combine(FtrPolicy p, long a, long b) {
        return FieldRules.combineRaw(p, 4, a, b);
    }

    private static long signed(long raw) {
        return raw >= 8 ? raw - 16 : raw;
    }

    @ParameterizedTest
    @MethodSource("policies")
    void aLimitAlwaysAcceptsItself(FtrPolicy p) {
        for (long limit = 0; limit < 16; limit++) {
            assertThat(accepts(p, limit, limit)).as("%s limit %s", p, limit).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void theSafeCombinationIsAcceptedAgainstBothValues(FtrPolicy p) {
        for (long a = 0; a < 16; a++) {
            for (long b = 0; b < 16; b++) {
                long c = combine(p, a, b);
                assertThat(c).isBetween(0L, 15L);
                assertThat(accepts(p, c, a)).as("combine(%s,%s)=%s against %s under %s", a, b, c, a, p).isTrue();
                assertThat(accepts(p, c, b)).as("combine(%s,%s)=%s against %s under %s", a, b, c, b, p).isTrue();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void combinationIsCommutativeAndIdempotent(FtrPolicy p) {
        for (long a = 0; a < 16; a++) {
            assertThat(combine(p, a, a)).isEqualTo(a);
            for (long b = 0; b < 16; b++) {
                assertThat(combine(p, a, b)).as("%s: %s,%s", p, a, b).isEqualTo(combine(p, b, a));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void combinationIsAssociative(FtrPolicy p) {
        for (long a = 0; a < 16; a++) {
            for (long b = 0; b < 16; b++) {
                for (long c = 0; c < 16; c++) {
                    assertThat(combine(p, combine(p, a, b), c)).as("%s: (%s,%s),%s", p, a, b, c).isEqualTo(combine(p, a, combine(p, b, c)));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void theCombinationIsTheMostCapableValueBothAccept(FtrPolicy p) {
        // any value both limits accept is accepted against the combination too (for ordered types),
        // so the combination loses nothing a common value could keep
        if (p.type() == FtrType.EXACT) {
            return;
        }
        for (long a = 0; a < 16; a++) {
            for (long b = 0; b < 16; b++) {
                long c = combine(p, a, b);
                for (long v = 0; v < 16; v++) {
                    if (accepts(p, v, a) && accepts(p, v, b)) {
                        assertThat(accepts(p, v, c)).as("%s: %s accepted by %s and %s but not by their combination %s", p, v, a, b, c).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void acceptanceSetsPerType() {
        for (long u = 0; u < 16; u++) {
            for (long l = 0; l < 16; l++) {
                assertThat(FieldRules.acceptsRaw(FtrType.LOWER_SAFE, false, 0, 4, u, l)).isEqualTo(u <= l);
                assertThat(FieldRules.acceptsRaw(FtrType.LOWER_SAFE, true, 0, 4, u, l)).isEqualTo(signed(u) <= signed(l));
                assertThat(FieldRules.acceptsRaw(FtrType.HIGHER_SAFE, false, 0, 4, u, l)).isEqualTo(u >= l);
                assertThat(FieldRules.acceptsRaw(FtrType.HIGHER_SAFE, true, 0, 4, u, l)).isEqualTo(signed(u) >= signed(l));
                assertThat(FieldRules.acceptsRaw(FtrType.HIGHER_OR_ZERO_SAFE, false, 0, 4, u, l)).isEqualTo(u == l || u == 0 || (l != 0 && u > l));
                for (long s = 0; s < 16; s++) {
                    assertThat(FieldRules.acceptsRaw(FtrType.EXACT, false, s, 4, u, l)).isEqualTo(u == l || u == s);
                }
            }
        }
    }

    @Test
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
        // FP16 (1) combined with NI (0xF) is NI when signed, 1 when read unsigned
        assertThat(FieldRules.combineRaw(new FtrPolicy(true, FtrType.LOWER_SAFE, 0xF, KernelRange.ALL, "t"), 4, 0x1, 0xF)).isEqualTo(0xF);
        assertThat(FieldRules.combineRaw(new FtrPolicy(false, FtrType.LOWER_SAFE, 0, KernelRange.ALL, "t"), 4, 0x1, 0xF)).isEqualTo(0x1);
        // higher-or-zero: 0 is the highest
        assertThat(FieldRules.combineRaw(new FtrPolicy(false, FtrType.HIGHER_OR_ZERO_SAFE, 0, KernelRange.ALL, "t"), 4, 0x4, 0x0)).isZero();
        assertThat(FieldRules.combineRaw(new FtrPolicy(false, FtrType.HIGHER_OR_ZERO_SAFE, 0, KernelRange.ALL, "t"), 4, 0x4, 0x3)).isEqualTo(4);
    }
}
