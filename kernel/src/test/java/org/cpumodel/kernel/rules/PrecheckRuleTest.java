package org.cpumodel.kernel.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kb.Sysregs.ID_AA64DFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64MMFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_DFR0_EL1;
import org.cpumodel.kernel.abi.Precheck;
import org.junit.jupiter.api.Test;

class PrecheckRuleTest {

    @Test
    void rewritesThenRefusesByField() {
        long dfr0 = ID_DFR0_EL1.CopDbg.set(ID_DFR0_EL1.PerfMon.set(0, 0xF), 6);
        long rewritten = PrecheckRule.rewrite(Precheck.IDDFR0_PERFMON, dfr0, 0, 0);
        assertThat(ID_DFR0_EL1.PerfMon.get(rewritten)).isZero();
        assertThat(PrecheckRule.refusal(Precheck.IDDFR0_PERFMON, rewritten, 0, false)).isNull();
        PrecheckRule.Refusal r = PrecheckRule.refusal(Precheck.IDDFR0_PERFMON, ID_DFR0_EL1.PerfMon.set(rewritten, 2), 0, false);
        assertThat(r.field()).isEqualTo(ID_DFR0_EL1.PerfMon);
        assertThat(PrecheckRule.refusal(Precheck.IDDFR0_PERFMON, ID_DFR0_EL1.CopDbg.set(rewritten, 5), 0, false).field())
                .isEqualTo(ID_DFR0_EL1.CopDbg);
        assertThat(PrecheckRule.rewrite(Precheck.DFR0_PMUVER_IMPDEF, ID_AA64DFR0_EL1.PMUVer.set(0, 0xF), 0, 0)).isZero();
        assertThat(PrecheckRule.accepts(Precheck.CTR_L1IP, CTR_EL0.L1Ip.set(0, 1), 0, false)).isFalse();
    }

    @Test
    void elFieldsAndNestedOnlyChecks() {
        long pfr0 = ID_AA64PFR0_EL1.EL1.set(ID_AA64PFR0_EL1.EL0.set(0, 1), 1);
        assertThat(PrecheckRule.refusal(Precheck.PFR0_EL_NONZERO, pfr0, 0, false)).isNull();
        assertThat(PrecheckRule.refusal(Precheck.PFR0_EL_NONZERO, pfr0, 0, true).why()).isEqualTo("EL2 must be implemented (non-zero)");
        long limit = ID_AA64MMFR0_EL1.TGran4_2.set(0, 2);
        assertThat(PrecheckRule.accepts(Precheck.MMFR0_TGRAN2_NV, 0, limit, false)).isTrue();
        assertThat(PrecheckRule.accepts(Precheck.MMFR0_TGRAN2_NV, 0, limit, true)).isFalse();
        assertThat(PrecheckRule.fieldAllowed(Precheck.MMFR0_TGRAN2_NV, ID_AA64MMFR0_EL1.TGran4_2, 1, 2, true)).isTrue();
        assertThat(PrecheckRule.fieldAllowed(Precheck.PFR0_EL_NONZERO, ID_AA64PFR0_EL1.EL2, 0, 0, false)).isTrue();
    }

    @Test
    void anIgnoredFieldEqualToTheHostsIsCleared() {
        long v = ID_AA64PFR0_EL1.MPAM.set(0, 1);
        assertThat(PrecheckRule.rewrite(Precheck.PFR0_MPAM_IGNORE, v, 0, 1)).isZero();
        assertThat(PrecheckRule.rewrite(Precheck.PFR0_MPAM_IGNORE, v, 0, 0)).isEqualTo(v);
    }
}
