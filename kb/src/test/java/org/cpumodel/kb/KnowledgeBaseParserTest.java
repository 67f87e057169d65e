package org.cpumodel.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeBaseParserTest {

    private static List<Register> parse(String text) {
        return KnowledgeBaseParser.parse("test.sysreg", new StringReader(text));
    }

    private static void assertFails(String text, int line, String fragment) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(KbFormatException.class)
                .hasMessageStartingWith("test.sysreg:" + line + ": ")
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((KbFormatException) e).line()).isEqualTo(line));
    }

    private static final String GOOD = """
            # comment line
            Sysreg ID_AA64ISAR0_EL1 3 0 0 6 0 FEATURE_ID "AArch64 Instruction Set Attribute Register 0"
            Res0 63:24
            Field 23:20 Atomic NI=0b0000 IMP=0b0010 FEAT_LSE>=2 FEAT_LSE128>=3 note="test note"
              Ftr ..6.1 signed EXACT safe=0x0 src="old kernel"
              Ftr 6.2.. unsigned LOWER_SAFE safe=0 src="new kernel; first release unverified"
            Res1 19
            Raz 18:0   # trailing comment
            EndSysreg
            """;

    @Test
    void parsesAWellFormedBlock() {
        List<Register> regs = parse(GOOD);
        assertThat(regs).hasSize(1);
        Register r = regs.getFirst();
        assertThat(r.name()).isEqualTo("ID_AA64ISAR0_EL1");
        assertThat(r.summary()).isEqualTo("AArch64 Instruction Set Attribute Register 0");
        assertThat(r.encoding()).isEqualTo(new Encoding(3, 0, 0, 6, 0));
        assertThat(r.fields()).extracting(Field::kind)
                .containsExactly(FieldKind.RES0, FieldKind.FIELD, FieldKind.RES1, FieldKind.RAZ);
        Field atomic = r.field("ATOMIC").orElseThrow();
        assertThat(atomic.note()).isEqualTo("test note");
        assertThat(atomic.values()).containsExactly(new FieldValue(0, "NI"), new FieldValue(2, "IMP"));
        assertThat(atomic.ftr(KernelVersion.parse("5.10")).orElseThrow().signed()).isTrue();
        assertThat(atomic.ftr(KernelVersion.parse("6.12")).orElseThrow().type()).isEqualTo(FtrType.LOWER_SAFE);
        assertThat(atomic.ftr(KernelVersion.parse("6.12")).orElseThrow().source()).startsWith("new kernel");
        assertThat(atomic.featuresAt(3)).containsExactly("FEAT_LSE", "FEAT_LSE128");
    }

    @Test
    void gapIsReportedWithLine() {
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:32
                Field 30:0 X
                EndSysreg
                """, 3, "gap");
    }

    @Test
    void gapAtTheEndIsReportedOnEndSysreg() {
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID

                Res0 63:4
                EndSysreg
                """, 4, "gap: bits 3:0");
    }

    @Test
    void overlapIsReportedWithLine() {
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:32
                Field 31:24 Implementer
                Field 24:0 Rest
                EndSysreg
                """, 4, "overlap");
    }

    @Test
    void unknownKeywordIsReportedWithLine() {
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:0
                Feild 3:0 X
                EndSysreg
                """, 3, "unknown keyword 'Feild'");
    }

    @Test
    void unknownFieldTokenFailsClosed() {
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Field 63:0 X strict
                EndSysreg
                """, 2, "unknown token 'strict'");
    }

    @Test
    void duplicateNameAndEncoding() {
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:0
                EndSysreg
                Sysreg midr_el1 3 0 0 0 6 IMPLEMENTATION_ID
                Res0 63:0
                EndSysreg
                """, 4, "duplicate register name");
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:0
                EndSysreg
                Sysreg OTHER_EL1 3 0 0 0 0 OTHER
                Res0 63:0
                EndSysreg
                """, 4, "duplicate encoding");
    }

    @Test
    void badValues() {
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:4
                Field 3:0 X BIG=0b10000
                EndSysreg
                """, 3, "does not fit in 4 bits");
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:4
                Field 3:0 X
                  Ftr 6.1 signed EXACT safe=0x1g src="x"
                EndSysreg
                """, 4, "bad number");
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:4
                Field 3:0 X
                  Ftr 6.1.. signed EXACT safe=0 src="a"
                  Ftr 6.12 signed EXACT safe=0 src="b"
                EndSysreg
                """, 5, "overlaps");
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:4
                Field 3:0 X
                  Ftr all signed SOMETIMES_SAFE safe=0 src="a"
                EndSysreg
                """, 4, "unknown ftr type");
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:4
                Field 3:0 X
                  Ftr all signed EXACT safe=0
                EndSysreg
                """, 4, "Ftr needs");
        assertFails("Sysreg MIDR_EL1 3 0 0 16 0 IMPLEMENTATION_ID\n", 1, "bad encoding");
        assertFails("Sysreg MIDR_EL1 3 0 0 0 0 NOT_A_CLASS\n", 1, "unknown register class");
        assertFails("Sysreg S3_0_C0_C0_2 3 0 0 0 1 UNALLOCATED\n", 1, "does not match encoding");
    }

    @Test
    void structuralErrors() {
        assertFails("Field 63:0 X\n", 1, "outside a Sysreg block");
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:0
                """, 2, "no EndSysreg");
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Field 63:0 X note="unterminated
                EndSysreg
                """, 2, "unterminated");
        assertFails("""
                Sysreg MIDR_EL1 3 0 0 0 0 IMPLEMENTATION_ID
                Res0 63:8
                Field 7:4 X
                Field 3:0 x
                EndSysreg
                """, 4, "duplicate field name");
    }
}
