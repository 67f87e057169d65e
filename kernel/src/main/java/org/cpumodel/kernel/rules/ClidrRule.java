package org.cpumodel.kernel.rules;

import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.Sysregs.CLIDR_EL1;
import org.cpumodel.kb.Sysregs.CTR_EL0;

/**
 * The kernel's rules for CLIDR_EL1 against CTR_EL0, written once for the reference KVM and the
 * planner's fast paths (arch/arm64/kvm/sys_regs.c: set_clidr refuses RES0 bits and, on a host
 * whose sanitised CTR_EL0.IDC is 0, a value implying IDC; reset_clidr fabricates the default).
 */
public final class ClidrRule {

    private ClidrRule() {
    }

    /** Whether a host with this CTR_EL0 accepts a CLIDR_EL1 value as far as IDC goes. */
    public static boolean consistentWithCtr(long clidr, long hostCtr) {
        return RegisterFacts.ctrIdc(hostCtr) || !RegisterFacts.clidrImpliesIdc(clidr);
    }

    /** set_clidr: no bit outside the writable mask, and consistent with the host's CTR_EL0.IDC. */
    public static boolean accepts(long clidr, long writableMask, long hostCtr) {
        return (clidr & ~writableMask) == 0 && consistentWithCtr(clidr, hostCtr);
    }

    /** reset_clidr: a CLIDR_EL1 fabricated from CTR_EL0's IDC and DIC. */
    public static long fabricate(long ctr) {
        boolean idc = CTR_EL0.IDC.isSet(ctr);
        boolean dic = CTR_EL0.DIC.isSet(ctr);
        long clidr;
        int loc;
        if (idc) {
            loc = dic ? 1 : 2;
            clidr = CLIDR_EL1.LoC.set(0, loc); // LoUU = LoUIS = 0 (no maintenance needed to PoU)
        } else {
            loc = 2;
            clidr = CLIDR_EL1.LoUIS.set(CLIDR_EL1.LoUU.set(CLIDR_EL1.LoC.set(0, loc), 1), 1);
        }
        // Ctype1: separate I and D (3) unless DIC makes the instruction side coherent, unified L2 when LoC is 2
        clidr = CLIDR_EL1.Ctype1.set(clidr, dic ? 2 : 3);
        if (loc > 1) {
            clidr = CLIDR_EL1.Ctype2.set(clidr, 4);
        }
        return clidr;
    }
}
