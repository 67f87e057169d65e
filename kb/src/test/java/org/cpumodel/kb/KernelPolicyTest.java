package org.cpumodel.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-picked facts from the kernel sources and the KVM semantics notes (section 3). */
class KernelPolicyTest {

    private static final KernelVersion V6_1 = KernelVersion.parse("6.1");
    private static final KernelVersion V6_12 = KernelVersion.parse("6.12.117");
    private static final KernelVersion V6_18 = KernelVersion.parse("6.18");
    private static final KernelVersion V7_0 = KernelVersion.parse("7.0");
    private static final KernelVersion V7_3 = KernelVersion.parse("7.3.4-1");

    private final KnowledgeBase kb = KnowledgeBase.load();

    private Field field(String reg, String field) {
        return kb.require(reg).field(field).orElseThrow(() -> new AssertionError(reg + "." + field + " missing"));
    }

    private FtrPolicy policy(String reg, String field, KernelVersion k) {
        return field(reg, field).ftr(k).orElseThrow(() -> new AssertionError(reg + "." + field + " no policy for " + k));
    }

    @Test
    void pfr0FpIsSignedLowerSafeWithSafeValueNi() {
        for (KernelVersion k : new KernelVersion[] {V6_1, V6_12, V7_3}) {
            FtrPolicy p = policy("ID_AA64PFR0_EL1", "FP", k);
            assertThat(p.signed()).isTrue();
            assertThat(p.type()).isEqualTo(FtrType.LOWER_SAFE);
            assertThat(p.safeValue()).isEqualTo(0xF);
        }
        assertThat(field("ID_AA64PFR0_EL1", "FP").bits()).isEqualTo("19:16");
    }

    @Test
    void typesOtherThanLowerSafe() {
        assertThat(policy("ID_AA64MMFR1_EL1", "SpecSEI", V6_12).type()).isEqualTo(FtrType.HIGHER_SAFE);
        assertThat(policy("ID_MMFR4_EL1", "SpecSEI", V6_12).type()).isEqualTo(FtrType.HIGHER_SAFE);
        assertThat(policy("CTR_EL0", "CWG", V6_12).type()).isEqualTo(FtrType.HIGHER_OR_ZERO_SAFE);
        assertThat(policy("CTR_EL0", "ERG", V6_1).type()).isEqualTo(FtrType.HIGHER_OR_ZERO_SAFE);
        FtrPolicy l1ip = policy("CTR_EL0", "L1Ip", V7_0);
        assertThat(l1ip.type()).isEqualTo(FtrType.EXACT);
        assertThat(l1ip.safeValue()).isEqualTo(2);
        FtrPolicy tgran42 = policy("ID_AA64MMFR0_EL1", "TGRAN4_2", V6_12);
        assertThat(tgran42.type()).isEqualTo(FtrType.EXACT);
        assertThat(tgran42.safeValue()).isEqualTo(1);
        assertThat(policy("ID_AA64DFR0_EL1", "DebugVer", V6_12).safeValue()).isEqualTo(6);
        assertThat(policy("DCZID_EL0", "DZP", V6_12).type()).isEqualTo(FtrType.EXACT);
        assertThat(policy("DCZID_EL0", "BS", V6_12).type()).isEqualTo(FtrType.LOWER_SAFE);
        assertThat(policy("ID_AA64ISAR1_EL1", "APA", V6_12).type()).isEqualTo(FtrType.EXACT);
    }

    @Test
    void ctrRes1BitHasAnExactEntry() {
        Field res1 = kb.require("CTR_EL0").fields().stream().filter(f -> f.kind() == FieldKind.RES1).findFirst().orElseThrow();
        assertThat(res1.bits()).isEqualTo("31");
        assertThat(res1.ftr(V6_12)).get().extracting(FtrPolicy::type).isEqualTo(FtrType.EXACT);
        assertThat(field("CTR_EL0", "TminLine").ftr(V7_0)).isEmpty();
    }

    /**
     * PMUVer / PerfMon: S_ARM64_FTR_BITS (signed) in the Linux 6.1 cpufeature.c, ARM64_FTR_BITS (unsigned)
     * in 6.12 and in the bpf tree. (The semantics notes say "signed up to 6.18"; the 6.12 source disagrees.)
     */
    @Test
    void pmuVersionFieldsTurnedUnsigned() {
        for (String[] rf : new String[][] {{"ID_AA64DFR0_EL1", "PMUVer"}, {"ID_DFR0_EL1", "PerfMon"}}) {
            assertThat(policy(rf[0], rf[1], V6_1).signed()).as("%s 6.1", rf[1]).isTrue();
            assertThat(policy(rf[0], rf[1], V6_12).signed()).as("%s 6.12", rf[1]).isFalse();
            assertThat(policy(rf[0], rf[1], V7_3).signed()).as("%s 7.3", rf[1]).isFalse();
            assertThat(policy(rf[0], rf[1], V7_3).type()).isEqualTo(FtrType.EXACT);
        }
    }

    @Test
    void entriesAddedAfter612() {
        Field mteFrac = field("ID_AA64PFR1_EL1", "MTE_frac");
        assertThat(mteFrac.ftr(V6_12)).isEmpty();
        assertThat(mteFrac.ftr(V7_0)).get().extracting(FtrPolicy::signed).isEqualTo(true);
        for (String[] rf : new String[][] {{"ID_AA64FPFR0_EL1", "F8MM8"}, {"ID_AA64ISAR1_EL1", "LS64"},
                {"ID_AA64MMFR3_EL1", "SCTLRX"}, {"ID_AA64MMFR4_EL1", "NV_frac"}, {"ID_AA64PFR1_EL1", "GCS"},
                {"ID_AA64PFR2_EL1", "MTEFAR"}, {"ID_AA64ISAR3_EL1", "LSFE"}}) {
            assertThat(field(rf[0], rf[1]).ftr(V6_12)).as("%s.%s in 6.12", rf[0], rf[1]).isEmpty();
            assertThat(field(rf[0], rf[1]).ftr(V6_18)).as("%s.%s in 6.18", rf[0], rf[1]).isPresent();
        }
        for (String[] rf : new String[][] {{"ID_AA64ISAR3_EL1", "LSUI"}, {"ID_AA64PFR2_EL1", "GCIE"},
                {"ID_AA64PFR0_EL1", "RME"}, {"ID_AA64ISAR2_EL1", "ATS1A"}, {"ID_AA64FPFR0_EL1", "F16MM2"}}) {
            assertThat(field(rf[0], rf[1]).ftr(V6_18)).as("%s.%s in 6.18", rf[0], rf[1]).isEmpty();
            assertThat(field(rf[0], rf[1]).ftr(V7_0)).as("%s.%s in 7.0", rf[0], rf[1]).isPresent();
        }
    }

    @Test
    void entriesAddedBetween61And612() {
        assertThat(field("ID_AA64ISAR2_EL1", "MOPS").ftr(V6_1)).isEmpty();
        assertThat(field("ID_AA64ISAR2_EL1", "MOPS").ftr(V6_12)).isPresent();
        assertThat(field("ID_AA64SMFR0_EL1", "SMEver").ftr(V6_1)).isEmpty();
        assertThat(field("ID_AA64SMFR0_EL1", "SMEver").ftr(V6_12)).get().extracting(FtrPolicy::type)
                .isEqualTo(FtrType.EXACT);
        assertThat(kb.require("ID_AA64MMFR3_EL1").fields().stream().anyMatch(f -> f.ftr(V6_1).isPresent())).isFalse();
    }

    @Test
    void everyPolicyCitesASourceAndOpenLowerBoundsAreMarkedUnverified() {
        int lines = 0;
        for (Register r : kb.registers()) {
            for (Field f : r.fields()) {
                for (FtrPolicy p : f.ftr()) {
                    lines++;
                    assertThat(p.source()).as("%s.%s", r.name(), f.name()).isNotBlank();
                    if (p.kernels().from() != null) {
                        assertThat(p.source()).as("%s.%s %s", r.name(), f.name(), p.kernels()).contains("unverified");
                    }
                }
            }
        }
        assertThat(lines).isGreaterThan(250);
    }

    @Test
    void registersWithoutSanitisedCopyHaveNoPolicy() {
        for (String reg : new String[] {"MIDR_EL1", "MPIDR_EL1", "ICC_CTLR_EL1", "PMCR_EL0", "CLIDR_EL1", "ID_AA64DFR2_EL1"}) {
            assertThat(kb.require(reg).fields()).as(reg).allSatisfy(f -> assertThat(f.ftr()).isEmpty());
        }
    }

    @Test
    void featureNamesFollowFieldValues() {
        Field atomic = field("ID_AA64ISAR0_EL1", "Atomic");
        assertThat(atomic.bits()).isEqualTo("23:20");
        assertThat(atomic.featuresAt(0)).isEmpty();
        assertThat(atomic.featuresAt(2)).containsExactly("FEAT_LSE");
        assertThat(atomic.featuresAt(3)).containsExactlyInAnyOrder("FEAT_LSE", "FEAT_LSE128");
        assertThat(atomic.valueName(2)).contains("IMP");

        Field fp = field("ID_AA64PFR0_EL1", "FP");
        assertThat(fp.features()).anySatisfy(c -> {
            assertThat(c.feature()).isEqualTo("FEAT_FP");
            assertThat(c.signed()).isTrue();
        });
        assertThat(fp.featuresAt(0)).contains("FEAT_FP").doesNotContain("FEAT_FP16");
        assertThat(fp.featuresAt(1)).contains("FEAT_FP", "FEAT_FP16");
        assertThat(fp.featuresAt(0xF)).isEmpty();

        Field pmuVer = field("ID_AA64DFR0_EL1", "PMUVer");
        assertThat(pmuVer.featuresAt(0)).isEmpty();
        assertThat(pmuVer.featuresAt(1)).containsExactly("FEAT_PMUv3");
        assertThat(pmuVer.featuresAt(4)).containsExactlyInAnyOrder("FEAT_PMUv3", "FEAT_PMUv3p1");
        assertThat(pmuVer.featuresAt(0xF)).as("IMPDEF PMU").isEmpty();

        Optional<Field> tgran4 = kb.require("ID_AA64MMFR0_EL1").field("TGRAN4");
        assertThat(tgran4).isPresent();
        assertThat(tgran4.orElseThrow().featuresAt(0xF)).as("TGRAN4 0xF = not implemented").isEmpty();
        assertThat(tgran4.orElseThrow().featuresAt(0)).contains("FEAT_TGran4K");
    }
}
