package org.cpumodel.kernel.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.junit.jupiter.api.Test;

/** kernel-abi.txt is read strictly: every refusal names the line. */
class AbiTableTest {

    private static final String HEAD = "release 6.1 \"one\"\n";

    private static AbiTable parse(String text) throws IOException {
        return AbiTable.parse("t.txt", new StringReader(HEAD + text));
    }

    @Test
    void theBundledTableParses() {
        KernelAbi abi = KernelAbi.of(new KernelVersion(6, 12));
        assertThat(abi.flag(AbiFlag.WRITABLE_ID_REGISTERS)).isTrue();
        assertThat(KernelAbi.of(new KernelVersion(6, 1)).flag(AbiFlag.WRITABLE_ID_REGISTERS)).isFalse();
        assertThat(abi.flag(AbiFlag.LIMIT_HIDES_MPAM)).isTrue();
        assertThat(KernelAbi.of(new KernelVersion(6, 9)).flag(AbiFlag.LIMIT_HIDES_MPAM)).isFalse();
    }

    @Test
    void refusesAnUnknownRegisterWithItsLine() {
        assertThatThrownBy(() -> parse("kind all ID_AA64PFR0_EL1 id mask=0x0000000000000000 src=\"x\"\n"
                + "kind all ID_AA64PRF0_EL1 id mask=0x0000000000000000 src=\"x\"\n"))
                .hasMessageStartingWith("t.txt:3: unknown register 'ID_AA64PRF0_EL1'");
        assertThatThrownBy(() -> parse("kind all @aa64 id src=\"x\"\n")).hasMessageStartingWith("t.txt:2: unknown register group '@aa64'");
        // a generic encoding name is not how the table names a register
        assertThatThrownBy(() -> parse("kind all S3_0_C0_C4_0 id src=\"x\"\n")).hasMessageStartingWith("t.txt:2: unknown register");
    }

    @Test
    void refusesAnUnknownFlagWithItsLine() {
        assertThatThrownBy(() -> parse("flag all masks-ioctl yes src=\"x\"\nflag all mask-ioctl yes src=\"x\"\n"))
                .hasMessageStartingWith("t.txt:3: unknown flag 'mask-ioctl'");
    }

    @Test
    void refusesOverlappingRowsWithBothLines() throws IOException {
        assertThatThrownBy(() -> parse("kind ..6.4 CTR_EL0 legacy-invariant src=\"x\"\nkind 6.4.. CTR_EL0 ctr mask=0x0000000000000000 src=\"x\"\n"))
                .hasMessage("t.txt:3: CTR_EL0 6.4.. overlaps the row of line 2 (..6.4)");
        assertThatThrownBy(() -> parse("flag 6.7.. masks-ioctl yes src=\"x\"\nflag all masks-ioctl no src=\"x\"\n"))
                .hasMessage("t.txt:3: flag masks-ioctl all overlaps the row of line 2 (6.7..)");
        assertThatThrownBy(() -> parse("kind 6.5..6.10 @aa32 id src=\"x\"\nkind 6.10 @aa32 aa32 src=\"x\"\n"))
                .hasMessageContaining("overlaps the row of line 2");
        // adjacent ranges, and a register beside its group, are not overlaps
        AbiTable t = parse("kind ..6.4 CTR_EL0 legacy-invariant src=\"x\"\nkind 6.5.. CTR_EL0 ctr mask=0x0000000000000000 src=\"x\"\n"
                + "kind all @aa32 aa32 src=\"x\"\nkind all ID_DFR0_EL1 aa32 src=\"x\"\n");
        assertThat(t.forKernel(new KernelVersion(6, 5)).register(KnowledgeBase.load().require("CTR_EL0")).orElseThrow().kind())
                .isEqualTo(RegisterKind.CTR);
    }

    @Test
    void refusesUnknownKindsPrechecksAndAttributes() {
        assertThatThrownBy(() -> parse("kind all CTR_EL0 ctrl src=\"x\"\n")).hasMessageStartingWith("t.txt:2: ");
        assertThatThrownBy(() -> parse("kind all CTR_EL0 ctr pre=ctr-l1 src=\"x\"\n")).hasMessageStartingWith("t.txt:2: unknown pre-check");
        assertThatThrownBy(() -> parse("kind all CTR_EL0 ctr msk=0x0 src=\"x\"\n")).hasMessageStartingWith("t.txt:2: unknown attribute");
    }

    @Test
    void aFeatureIdRegisterWithoutARowIsALoadTimeError() throws IOException {
        // every register of the feature-ID space needs a row under every release (no silent legacy-invariant fallback)
        AbiTable t = parse("kind all @raz raz src=\"x\"\nkind all @aa32 aa32 src=\"x\"\n");
        assertThatThrownBy(() -> t.requireEveryIdRegister("t.txt", KnowledgeBase.load()))
                .hasMessageStartingWith("t.txt: no kind row for ").hasMessageContaining("ID_AA64DFR2_EL1 (release 6.1)")
                .hasMessageContaining("ID_AA64PFR0_EL1 (release 6.1)");
        AbiTable.load().requireEveryIdRegister("kernel-abi.txt", KnowledgeBase.load());
    }
}
