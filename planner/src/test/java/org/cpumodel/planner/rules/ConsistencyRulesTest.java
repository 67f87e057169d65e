package org.cpumodel.planner.rules;

import org.cpumodel.planner.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.planner.rules.ConsistencyRules;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.junit.jupiter.api.Test;

class ConsistencyRulesTest {

    private static final Register ISAR0 = KnowledgeBase.load().require("ID_AA64ISAR0_EL1");
    private static final Register PFR0 = KnowledgeBase.load().require("ID_AA64PFR0_EL1");
    private static final Register ZFR0 = KnowledgeBase.load().require("ID_AA64ZFR0_EL1");

    private static long set(Register r, long v, String field, long value) {
        return r.field(field).orElseThrow().set(v, value);
    }

    @Test
    void everyRuleHasASourceAndParses() {
        ConsistencyRules rules = ConsistencyRules.load();
        assertThat(rules.rules()).hasSizeGreaterThanOrEqualTo(15)
                .extracting(ConsistencyRules.Rule::id).contains("sha512-needs-sha3", "sm3-equals-sm4", "fp-equals-advsimd", "zfr0-needs-sve", "lse2-needs-lse");
        assertThat(rules.rules()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
    }

    @Test
    void badLinesAreRejectedWithTheLine() {
        assertThatThrownBy(() -> ConsistencyRules.parse("x", new StringReader("rule a equal ID_AA64ISAR0_EL1.SM3 ID_AA64ISAR0_EL1.NOPE src=\"s\"\n")))
                .hasMessageContaining("x:1").hasMessageContaining("unknown field");
        assertThatThrownBy(() -> ConsistencyRules.parse("x", new StringReader("\nrule a equal ID_AA64ISAR0_EL1.SM3 ID_AA64ISAR0_EL1.SM4\n")))
                .hasMessageContaining("x:2").hasMessageContaining("src=");
    }

    @Test
    void sha512WithoutSha3IsLoweredToSha256AndSm3FollowsSm4() {
        long isar0 = set(ISAR0, 0, "SHA1", 1);
        isar0 = set(ISAR0, isar0, "SHA2", 2);
        isar0 = set(ISAR0, isar0, "SM3", 1);
        Map<String, Long> v = new LinkedHashMap<>(Map.of("ID_AA64ISAR0_EL1", isar0));
        ConsistencyRules.Outcome out = ConsistencyRules.load().apply(v, (r, f, raw) -> true);
        long fixed = v.get("ID_AA64ISAR0_EL1");
        assertThat(ISAR0.field("SHA2").orElseThrow().get(fixed)).isEqualTo(1);
        assertThat(ISAR0.field("SM3").orElseThrow().get(fixed)).isZero();
        assertThat(out.adjustments()).extracting(GuestCpuModel.Adjustment::rule).containsExactlyInAnyOrder("sha512-needs-sha3", "sm3-equals-sm4");
        assertThat(ConsistencyRules.load().violations(v)).isEmpty();
    }

    @Test
    void zfr0IsClearedWithoutSveAndUnfixableViolationsBecomeWarnings() {
        Map<String, Long> v = new LinkedHashMap<>();
        v.put("ID_AA64PFR0_EL1", set(PFR0, 0, "AdvSIMD", 1));
        v.put("ID_AA64ZFR0_EL1", set(ZFR0, 0, "SVEver", 1));
        ConsistencyRules.Outcome out = ConsistencyRules.load().apply(v, (r, f, raw) -> !f.name().equals("AdvSIMD") && !f.name().equals("FP"));
        assertThat(v.get("ID_AA64ZFR0_EL1")).isZero();
        assertThat(out.warnings()).singleElement().satisfies(w -> assertThat(w).contains("fp-equals-advsimd"));
    }

    @Test
    void baselinesViolateNoRuleTheyCouldRepair() {
        for (Pool p : Pools.partition(Fixtures.lab(), PoolOptions.of(FeatureSet.DEFAULT)).pools()) {
            Map<String, Long> v = new LinkedHashMap<>();
            p.baseline().registers().forEach(r -> v.put(r.register(), r.value()));
            for (ConsistencyRules.Rule r : ConsistencyRules.load().violations(v)) {
                assertThat(p.baseline().notes()).anySatisfy(n -> assertThat(n).contains(r.id()));
            }
        }
    }
}
