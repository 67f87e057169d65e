package org.cpumodel.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KbTokenizerTest {

    private static List<String> texts(String line) {
        return KbTokenizer.tokenize(line).stream().map(t -> (t.quoted() ? "Q:" : "") + t.text()).toList();
    }

    @Test
    void splitsOnBlanksAndStopsAtComments() {
        assertThat(texts("Field 3:0 \tAES   # FEAT_AES")).containsExactly("Field", "3:0", "AES");
        assertThat(texts("   # only a comment")).isEmpty();
        assertThat(texts("")).isEmpty();
        assertThat(texts("a#b c")).containsExactly("a");
    }

    @Test
    void quotedPartsKeepBlanksAndHashesAndMarkTheToken() {
        assertThat(texts("Sysreg X 3 0 0 0 0 id \"Main ID # register\" tail"))
                .containsExactly("Sysreg", "X", "3", "0", "0", "0", "0", "id", "Q:Main ID # register", "tail");
        assertThat(texts("note=\"a b\" x")).containsExactly("Q:note=a b", "x");
        assertThat(texts("\"\"")).containsExactly("Q:");
        assertThat(texts("pre\"mid\"post next")).containsExactly("Q:premidpost", "next");
    }

    @Test
    void theFirstWordDecidesAKeywordWithoutSplittingTheLine() {
        assertThat(KbTokenizer.firstWord("  Field 3:0 AES # x")).isEqualTo("Field");
        assertThat(KbTokenizer.firstWord("\tEndSysreg")).isEqualTo("EndSysreg");
        assertThat(KbTokenizer.firstWord("Ftr#comment")).isEqualTo("Ftr");
        assertThat(KbTokenizer.firstWord("   # only a comment")).isEmpty();
        assertThat(KbTokenizer.firstWord("")).isEmpty();
        assertThat(KbTokenizer.firstWord("  \"quoted\" Field")).isEqualTo("\"");
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> KbTokenizer.tokenize("Field \"open")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated");
    }
}
