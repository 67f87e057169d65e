package org.cpumodel.planner.gic;

import org.cpumodel.kb.Sysregs.ICC_CTLR_EL1;
import org.cpumodel.kernel.rules.IccCtlrRule;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.uapi.Errno;

/**
 * ICC_CTLR_EL1 compatibility. Current KVM (vgic-sys-reg-v3.c set_gic_ctlr, kvm-arm64-semantics.md
 * 4.4): PRIbits and IDbits may only go down, SEIS and A3V must equal the host's. The what-if range
 * discussed upstream (seed-notes.md): PRIbits, IDbits and A3V lowerable, SEIS may go from 1 to 0
 * (a guest told SErrors may be generated runs on a host that generates none) but never from 0 to 1,
 * ExtRange always 0. The what-if rule is a proposal, not any kernel's behaviour.
 */
public final class GicRules {

    private GicRules() {
    }

    public static long iccCtlr(int priBits, int idBits, int seis, int a3v) {
        return IccCtlrRule.value(priBits, idBits, seis, a3v);
    }

    public static int pri(long v) {
        return (int) ICC_CTLR_EL1.PRIbits.get(v);
    }

    public static int id(long v) {
        return (int) ICC_CTLR_EL1.IDbits.get(v);
    }

    public static int seis(long v) {
        return (int) ICC_CTLR_EL1.SEIS.get(v);
    }

    public static int a3v(long v) {
        return (int) ICC_CTLR_EL1.A3V.get(v);
    }

    /** The what-if range rule for restoring {@code value} on a host. */
    public static Verdict whatIf(GicCpuInterface host, long value) {
        long before = host.iccCtlr();
        if (pri(value) > host.priBits()) {
            return Verdict.rejected(Errno.EINVAL, ICC_CTLR_EL1.NAME, ICC_CTLR_EL1.PRIbits.name(), "what-if-lower-only", value, before,
                    "PRIbits " + pri(value) + " exceeds the host's " + host.priBits());
        }
        if (id(value) > host.idBits()) {
            return Verdict.rejected(Errno.EINVAL, ICC_CTLR_EL1.NAME, ICC_CTLR_EL1.IDbits.name(), "what-if-lower-only", value, before,
                    "IDbits " + id(value) + " exceeds the host's " + host.idBits());
        }
        if (seis(value) < host.seis()) {
            return Verdict.rejected(Errno.EINVAL, ICC_CTLR_EL1.NAME, ICC_CTLR_EL1.SEIS.name(), "what-if-seis-1-to-0", value, before,
                    "SEIS 0 promised to the guest but this host may generate system-error SErrors (SEIS 1): SEIS may go 1 -> 0 only");
        }
        if (a3v(value) > host.a3v()) {
            return Verdict.rejected(Errno.EINVAL, ICC_CTLR_EL1.NAME, ICC_CTLR_EL1.A3V.name(), "what-if-lower-only", value, before,
                    "A3V 1 but this host has no Aff3 support");
        }
        if (ICC_CTLR_EL1.ExtRange.isSet(value)) {
            return Verdict.rejected(Errno.EINVAL, ICC_CTLR_EL1.NAME, ICC_CTLR_EL1.ExtRange.name(), "what-if-extrange-zero", value, before,
                    "ExtRange must be 0 (KVM implements no extended INTID range)");
        }
        return Verdict.accepted(ICC_CTLR_EL1.NAME, value, before,
                "what-if range: PRIbits/IDbits/A3V not above the host's, SEIS not 0 on a SEIS=1 host (needs KVM to trap ICV_CTLR_EL1 on this host)");
    }

    /** Whether the current kernel rule accepts restoring {@code value} on this host. */
    public static boolean currentAccepts(GicCpuInterface host, long value) {
        return IccCtlrRule.accepts(host, value);
    }

    /** Whether the guest would read different ICV_CTLR_EL1 fields than the model says, without trapping. */
    public static boolean needsTrap(GicCpuInterface host, long value) {
        return pri(value) != host.priBits() || id(value) != host.idBits() || seis(value) != host.seis() || a3v(value) != host.a3v();
    }
}
