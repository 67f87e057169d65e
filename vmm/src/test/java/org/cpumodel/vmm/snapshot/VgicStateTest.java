package org.cpumodel.vmm.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cpumodel.kernel.rules.IccCtlrRule;
import org.cpumodel.uapi.GicV3Regs;
import org.cpumodel.uapi.VgicV3;
import org.junit.jupiter.api.Test;

class VgicStateTest {

    static final List<Long> MPIDRS = List.of(0x8000_0000L, 0x8000_0001L);

    @Test
    void iidrComesFirstThenCtlrThenRedistributorsThenSpisThenCpuInterfaces() {
        List<VgicState.Attr> a = VgicState.layout(64, MPIDRS, List.of(1, 4));
        assertThat(a.get(0)).isEqualTo(new VgicState.Attr(VgicV3.GRP_DIST_REGS, GicV3Regs.GICD_IIDR, 0));
        assertThat(a.get(1)).isEqualTo(new VgicState.Attr(VgicV3.GRP_DIST_REGS, GicV3Regs.GICD_CTLR, 0));
        assertThat(a.get(2).group()).isEqualTo(VgicV3.GRP_REDIST_REGS);
        int firstCpu = indexOf(a, VgicV3.GRP_CPU_SYSREGS);
        assertThat(a.subList(firstCpu, a.size())).allMatch(x -> x.group() == VgicV3.GRP_CPU_SYSREGS);
        // 32 SPIs: one IGROUPR, 8 IPRIORITYR, 32 x 2 IROUTER halves, 2 ICFGR, 1 level word, pending/active/enable
        long dist = a.stream().filter(x -> x.group() == VgicV3.GRP_DIST_REGS).count();
        assertThat(dist).isEqualTo(2 + 1 + 8 + 64 + 2 + 3);
        // each CPU interface: ICC_CTLR before the active priority registers its PRIbits select
        int ctlr1 = a.indexOf(new VgicState.Attr(VgicV3.GRP_CPU_SYSREGS, VgicV3.cpuSysregAttr(MPIDRS.get(1), VgicV3.ICC_CTLR_EL1), 0));
        int ap = a.indexOf(new VgicState.Attr(VgicV3.GRP_CPU_SYSREGS, VgicV3.cpuSysregAttr(MPIDRS.get(1), GicV3Regs.iccAp1r(3)), 0));
        assertThat(ctlr1).isPositive().isLessThan(ap);
        assertThat(a.stream().filter(x -> x.group() == VgicV3.GRP_CPU_SYSREGS).count()).isEqualTo(7 + 2 + 7 + 8);
        // level info before the pending state of the same SPIs
        int level = indexOf(a, VgicV3.GRP_LEVEL_INFO);
        int pending = a.indexOf(new VgicState.Attr(VgicV3.GRP_DIST_REGS, GicV3Regs.GICD_ISPENDR + 4, 0));
        assertThat(level).isLessThan(pending);
    }

    @Test
    void activePriorityRegistersFollowPriBits() {
        assertThat(IccCtlrRule.priorityBits(0x0400)).isEqualTo(5);
        assertThat(GicV3Regs.activePriorityRegisters(5)).isEqualTo(1);
        assertThat(GicV3Regs.activePriorityRegisters(6)).isEqualTo(2);
        assertThat(GicV3Regs.activePriorityRegisters(7)).isEqualTo(4);
    }

    private static int indexOf(List<VgicState.Attr> a, int group) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).group() == group) {
                return i;
            }
        }
        return -1;
    }
}
