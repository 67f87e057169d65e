package org.cpumodel.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled knowledge base is parsed lazily (fields on first read): it must equal the eager
 * parse field for field, and a lazy parse must still refuse every bad field line, naming it.
 */
class BundledKnowledgeBaseTest {

    private static String bundledSource() throws IOException {
        try (InputStream in = KnowledgeBase.class.getResourceAsStream(KnowledgeBase.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void lazyBundledKnowledgeBaseEqualsTheEagerParse() throws IOException {
        List<Register> eager = KnowledgeBase.parse("registers.sysreg", new StringReader(bundledSource())).registers();
        List<Register> lazy = KnowledgeBase.load().registers();
        assertThat(lazy).hasSameSizeAs(eager);
        for (int i = 0; i < eager.size(); i++) {
            Register e = eager.get(i);
            Register l = lazy.get(i);
            assertThat(l.name()).isEqualTo(e.name());
            assertThat(l.fields()).as(e.name()).containsExactlyElementsOf(e.fields());
            assertThat(l).isEqualTo(e).hasSameHashCodeAs(e);
        }
    }

    @Test
    void aLazyParseRefusesABadFieldWhenItIsRead() {
        String src = """
                Sysreg GOOD_EL1 3 0 0 1 0 FEATURE_ID "ok"
                Field 63:0 All
                EndSysreg
                Sysreg BAD_EL1 3 0 0 1 1 FEATURE_ID "bad tiling"
                Field 63:8 High
                EndSysreg
                """;
        List<Register> regs = KnowledgeBaseParser.parseLazily("t.sysreg", new StringReader(src));
        assertThat(regs).extracting(Register::name).containsExactly("GOOD_EL1", "BAD_EL1");
        assertThat(regs.get(0).fields()).singleElement().extracting(Field::name).isEqualTo("All");
        assertThatThrownBy(() -> regs.get(1).fields().size()).isInstanceOf(KbFormatException.class)
                .hasMessageContaining("t.sysreg:6:").hasMessageContaining("7:0");
        assertThatThrownBy(() -> KnowledgeBaseParser.parse("t.sysreg", new StringReader(src))).isInstanceOf(KbFormatException.class)
                .hasMessageContaining("t.sysreg:6:").hasMessageContaining("7:0");
    }

    @Test
    void aLazyParseKeepsLineNumbersOfDeferredLines() {
        String src = """
                Sysreg X_EL1 3 0 0 1 0 FEATURE_ID

                # a comment
                Field 63:4 A
                Frob 3:0 B
                EndSysreg
                """;
        List<Register> regs = KnowledgeBaseParser.parseLazily("t.sysreg", new StringReader(src));
        assertThatThrownBy(() -> regs.getFirst().fields().getFirst()).isInstanceOf(KbFormatException.class)
                .hasMessageContaining("t.sysreg:5:").hasMessageContaining("Frob");
    }
}
