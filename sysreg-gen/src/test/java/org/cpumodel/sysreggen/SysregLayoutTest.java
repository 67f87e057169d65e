package org.cpumodel.sysreggen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SysregLayoutTest {

    private static final String SRC = """
            # comment
            Sysreg ID_X_EL1 3 0 0 4 0 FEATURE_ID "An example"
            Res0 63:8
            Field 7:4 B signed NI=0b0000 IMP=0x1 FEAT_B>=1 note="x = y"
              Ftr all unsigned LOWER_SAFE safe=0 src="somewhere"
            Field 3:0 A FEAT_ADERR=0b0010 FEAT_A==2
            EndSysreg
            Sysreg S3_0_C0_C0_1 3 0 0 0 1 UNALLOCATED
            Res0 63:0
            EndSysreg
            """;

    @Test
    void readsRegistersFieldsAndNamedValuesButNotFeatureTermsOrPolicies() {
        List<SysregLayout.Register> regs = SysregLayout.read("t.sysreg", SRC);
        assertThat(regs).hasSize(2);
        SysregLayout.Register r = regs.getFirst();
        assertThat(r.summary()).isEqualTo("An example");
        assertThat(r.res0()).isEqualTo(0xffffffffffffff00L);
        assertThat(r.res1()).isZero();
        assertThat(r.fields()).containsExactly(
                new SysregLayout.Field("B", 7, 4, true, List.of(new SysregLayout.Value("NI", 0), new SysregLayout.Value("IMP", 1))),
                new SysregLayout.Field("A", 3, 0, false, List.of(new SysregLayout.Value("FEAT_ADERR", 2))));
        String java = SysregConstantsWriter.write("p", "Regs", "F", "t.sysreg", regs);
        assertThat(java).contains("public static final F B = new F(NAME, \"B\", 7, 4, true);")
                .contains("public static final long B_IMP = 0x1L;")
                .contains("public static final long A_FEAT_ADERR = 0x2L;")
                .contains("public static final long RES0 = 0xffffffffffffff00L;")
                .doesNotContain("S3_0_C0_C0_1");
    }

    @Test
    void namesTheLineOfALayoutError() {
        assertThatThrownBy(() -> SysregLayout.read("t.sysreg", "Sysreg X 3 0 0 4 0 FEATURE_ID\nField 4:7 A\nEndSysreg\n"))
                .hasMessage("t.sysreg:2: bad bit range 4:7");
        assertThatThrownBy(() -> SysregLayout.read("t.sysreg", "Sysreg X 3 0 0 4 0 FEATURE_ID\nField 3:0 A\n"))
                .hasMessageContaining("X has no EndSysreg");
    }

    @Test
    void refusesTwoConstantsOfOneName() {
        List<SysregLayout.Register> regs = SysregLayout.read("t.sysreg",
                "Sysreg X 3 0 0 4 0 FEATURE_ID\nField 7:4 A_B\nField 3:0 A B=1\nEndSysreg\n");
        assertThatThrownBy(() -> SysregConstantsWriter.write("p", "Regs", "F", "t.sysreg", regs))
                .hasMessageContaining("X.A_B is generated twice");
    }
}
