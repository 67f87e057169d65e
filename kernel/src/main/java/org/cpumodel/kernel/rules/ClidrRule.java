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

    /**
     * The CLIDR_EL1 a vCPU reads, fabricated from the host's sanitised CTR_EL0 (linux 6.12
     * arch/arm64/kvm/sys_regs.c reset_clidr; the VM has no MTE): with IDC, no cleaning to the point
     * of unification is needed, so LoUU and LoUIS stay 0 and one unified cache is the point of
     * coherency, at level 1 when DIC is set and at level 2 otherwise (leaving L1 for an instruction
     * cache); without IDC, L1 holds a data cache and is LoUU, LoUIS and LoC. Without DIC, L1 also has
     * an instruction cache (separate when L1 already has a data cache).
     */
    public static long fabricate(long ctr) {
        boolean idc = CTR_EL0.IDC.isSet(ctr);
        boolean dic = CTR_EL0.DIC.isSet(ctr);
        long clidr;
        int loc;
        if (idc) {
            loc = dic ? 1 : 2;
            clidr = loc == 1 ? CLIDR_EL1.Ctype1.set(0, CACHE_UNIFIED) : CLIDR_EL1.Ctype2.set(0, CACHE_UNIFIED);
        } else {
            loc = 1;
            clidr = CLIDR_EL1.LoUIS.set(CLIDR_EL1.LoUU.set(CLIDR_EL1.Ctype1.set(0, CACHE_DATA), 1), 1);
        }
        if (!dic) {
            clidr = CLIDR_EL1.Ctype1.set(clidr, CLIDR_EL1.Ctype1.get(clidr) | CACHE_INST);
        }
        return CLIDR_EL1.LoC.set(clidr, loc);
    }

    /** CLIDR_EL1.Ctype<n> values (Arm ARM; linux arch/arm64/include/asm/cache.h CACHE_TYPE_*). */
    private static final long CACHE_INST = 1;
    private static final long CACHE_DATA = 2;
    private static final long CACHE_UNIFIED = 4;
}
