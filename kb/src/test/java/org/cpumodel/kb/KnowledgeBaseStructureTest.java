package org.cpumodel.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KnowledgeBaseStructureTest {

    private final KnowledgeBase kb = KnowledgeBase.load();

    @Test
    void everyRegisterTilesBits63To0WithoutGapOrOverlap() {
        assertThat(kb.registers()).isNotEmpty();
        for (Register r : kb.registers()) {
            long covered = 0;
            int widths = 0;
            for (Field f : r.fields()) {
                assertThat(covered & f.mask()).as("overlap in %s at %s", r.name(), f.bits()).isZero();
                covered |= f.mask();
                widths += f.width();
            }
            assertThat(covered).as("bits of %s", r.name()).isEqualTo(-1L);
            assertThat(widths).as("total width of %s", r.name()).isEqualTo(64);
        }
    }

    @Test
    void featureIdRangeHas192DistinctEncodingsInIndexOrder() {
        List<Register> range = kb.featureIdRange();
        assertThat(range).hasSize(192);
        Set<Encoding> seen = new HashSet<>();
        for (int i = 0; i < range.size(); i++) {
            Register r = range.get(i);
            assertThat(r.encoding().inFeatureIdRange()).isTrue();
            assertThat(r.encoding().featureIdRangeIndex()).as(r.name()).isEqualTo(i);
            assertThat(seen.add(r.encoding())).as("duplicate %s", r.encoding()).isTrue();
        }
    }

    @Test
    void oneRegIdsAndIndexes() {
        assertThat(kb.require("ID_AA64PFR0_EL1").encoding().oneRegId()).isEqualTo(0x603000000013C020L);
        assertThat(kb.require("CTR_EL0").encoding().oneRegId()).isEqualTo(0x603000000013D801L);
        assertThat(kb.require("CLIDR_EL1").encoding().oneRegId()).isEqualTo(0x603000000013C801L);
        assertThat(kb.require("AIDR_EL1").encoding().featureIdRangeIndex()).isEqualTo(71);
        assertThat(kb.require("CTR_EL0").encoding().featureIdRangeIndex()).isEqualTo(129);
        assertThat(kb.require("MIDR_EL1").encoding().featureIdRangeIndex()).isZero();
        assertThat(kb.require("ID_AA64ISAR0_EL1").encoding().featureIdRangeIndex()).isEqualTo(48);
        assertThat(kb.require("DCZID_EL0").encoding().featureIdRangeIndex()).isEqualTo(135);
        assertThat(kb.featureIdRange().get(71).name()).isEqualTo("AIDR_EL1");
        assertThat(kb.featureIdRange().get(129).name()).isEqualTo("CTR_EL0");
    }

    @Test
    void unallocatedEncodingsAreNamedGenericallyAndRes0() {
        long unallocated = kb.featureIdRange().stream().filter(Register::isUnallocated).count();
        // 53 allocated encodings in the range (MIDR..DCZID incl. ID_AA64DFR2_EL1), the rest unallocated
        assertThat(unallocated).isEqualTo(192 - 53);
        for (Register r : kb.registers()) {
            if (r.isUnallocated()) {
                assertThat(r.name()).isEqualTo(r.encoding().genericName());
                assertThat(r.fields()).singleElement().satisfies(f -> {
                    assertThat(f.kind()).isEqualTo(FieldKind.RES0);
                    assertThat(f.bits()).isEqualTo("63:0");
                });
            }
        }
        assertThat(kb.require("3,0,0,0,1").name()).isEqualTo("S3_0_C0_C0_1");
        assertThat(kb.require("S3_3_C0_C7_7").isUnallocated()).isTrue();
    }

    @Test
    void registerClasses() {
        assertThat(kb.require("MIDR_EL1").registerClass()).isEqualTo(RegisterClass.IMPLEMENTATION_ID);
        assertThat(kb.require("REVIDR_EL1").registerClass()).isEqualTo(RegisterClass.IMPLEMENTATION_ID);
        assertThat(kb.require("AIDR_EL1").registerClass()).isEqualTo(RegisterClass.IMPLEMENTATION_ID);
        for (String n : List.of("CTR_EL0", "CLIDR_EL1", "CCSIDR_EL1", "CCSIDR2_EL1", "DCZID_EL0", "GMID_EL1", "CSSELR_EL1")) {
            assertThat(kb.require(n).registerClass()).as(n).isEqualTo(RegisterClass.CACHE);
        }
        assertThat(kb.require("MPIDR_EL1").registerClass()).isEqualTo(RegisterClass.VCPU);
        assertThat(kb.require("ICC_CTLR_EL1").registerClass()).isEqualTo(RegisterClass.GIC);
        assertThat(kb.require("ICH_VTR_EL2").registerClass()).isEqualTo(RegisterClass.GIC);
        assertThat(kb.require("PMCR_EL0").registerClass()).isEqualTo(RegisterClass.OTHER);
        assertThat(kb.require("ID_AA64MMFR4_EL1").registerClass()).isEqualTo(RegisterClass.FEATURE_ID);
        assertThat(kb.require("MVFR2_EL1").registerClass()).isEqualTo(RegisterClass.FEATURE_ID);
    }

    @Test
    void migrationRelevantNonIdRegistersAreDescribed() {
        assertThat(kb.require("ICC_CTLR_EL1").encoding()).isEqualTo(new Encoding(3, 0, 12, 12, 4));
        assertThat(kb.require("ICH_VTR_EL2").encoding()).isEqualTo(new Encoding(3, 4, 12, 11, 1));
        assertThat(kb.require("PMCR_EL0").encoding()).isEqualTo(new Encoding(3, 3, 9, 12, 0));
        assertThat(kb.require("PMCR_EL0").field("N")).get().extracting(Field::bits).isEqualTo("15:11");
        assertThat(kb.require("ICC_CTLR_EL1").field("SEIS")).get().extracting(Field::bits).isEqualTo("14");
        assertThat(kb.require("ICC_CTLR_EL1").field("PRIbits")).get().extracting(Field::bits).isEqualTo("10:8");
        assertThat(kb.require("ICH_VTR_EL2").field("PRIbits")).get().extracting(Field::bits).isEqualTo("31:29");
        assertThat(kb.require("MPIDR_EL1").field("Aff3")).get().extracting(Field::bits).isEqualTo("39:32");
    }

    @Test
    void findByNameGenericNameOrTuple() {
        Register pfr0 = kb.require("ID_AA64PFR0_EL1");
        assertThat(kb.find("id_aa64pfr0_el1")).containsSame(pfr0);
        assertThat(kb.find("S3_0_C0_C4_0")).containsSame(pfr0);
        assertThat(kb.find("3,0,0,4,0")).containsSame(pfr0);
        assertThat(kb.find(" (3, 0, 0, 4, 0) ")).containsSame(pfr0);
        assertThat(kb.byEncoding(new Encoding(3, 0, 0, 4, 0))).containsSame(pfr0);
        assertThat(kb.find("NO_SUCH_REG")).isEmpty();
        assertThat(kb.find("S3_7_C15_C15_7")).isEmpty();
        assertThatThrownBy(() -> kb.require("NO_SUCH_REG")).isInstanceOf(UnknownRegisterException.class)
                .hasMessageContaining("NO_SUCH_REG");
    }

    @Test
    void loadIsCached() {
        assertThat(KnowledgeBase.load()).isSameAs(kb);
    }

    @Test
    void partialSourceHasNoFeatureIdRange() {
        KnowledgeBase small = KnowledgeBase.parse("small.sysreg", new StringReader(
                "Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID\nRes0 63:0\nEndSysreg\n"));
        assertThat(small.registers()).hasSize(1);
        assertThatThrownBy(small::featureIdRange).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("S3_0_C0_C0_1");
    }

    @Test
    void parsingTheWholeSourceIsFast() throws IOException {
        byte[] text;
        try (InputStream in = KnowledgeBase.class.getResourceAsStream(KnowledgeBase.RESOURCE)) {
            assertThat(in).isNotNull();
            text = in.readAllBytes();
        }
        // thread CPU time where available: wall time on a shared build machine measures the neighbours
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime();
            KnowledgeBase parsed = KnowledgeBase.parse("registers.sysreg",
                    new InputStreamReader(new ByteArrayInputStream(text), StandardCharsets.UTF_8));
            best = Math.min(best, (cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime()) - t0);
            assertThat(parsed.registers()).hasSameSizeAs(kb.registers());
        }
        assertThat(best / 1_000_000).as("best parse time in ms").isLessThan(100);
    }
}
