package org.cpumodel.kernel.rules;

import org.cpumodel.kb.Sysregs.ICC_CTLR_EL1;
import org.cpumodel.profile.GicCpuInterface;

/**
 * The kernel's rule for restoring ICC_CTLR_EL1 through the vGICv3 device (vgic-sys-reg-v3.c
 * set_gic_ctlr): PRIbits and IDbits not above the vCPU's (a fresh vCPU's are the host's
 * ICH_VTR_EL2 values), SEIS and A3V equal to the host's. The reference vGIC explains each step of it;
 * the planner asks this once per host.
 */
public final class IccCtlrRule {

    private IccCtlrRule() {
    }

    /** The number of priority bits an ICC_CTLR_EL1 value states (PRIbits holds it minus one). */
    public static int priorityBits(long iccCtlr) {
        return (int) ICC_CTLR_EL1.PRIbits.get(iccCtlr) + 1;
    }

    /** The ICC_CTLR_EL1 value with these read-only fields (the writable bits zero). */
    public static long value(int priBits, int idBits, int seis, int a3v) {
        long v = ICC_CTLR_EL1.PRIbits.set(0, priBits);
        v = ICC_CTLR_EL1.IDbits.set(v, idBits);
        v = ICC_CTLR_EL1.SEIS.set(v, seis);
        return ICC_CTLR_EL1.A3V.set(v, a3v);
    }

    /** Whether a fresh vCPU on this host accepts {@code value}. */
    public static boolean accepts(GicCpuInterface host, long value) {
        return ICC_CTLR_EL1.PRIbits.get(value) <= host.priBits() && ICC_CTLR_EL1.IDbits.get(value) <= host.idBits()
                && ICC_CTLR_EL1.SEIS.get(value) == host.seis() && ICC_CTLR_EL1.A3V.get(value) == host.a3v();
    }
}
