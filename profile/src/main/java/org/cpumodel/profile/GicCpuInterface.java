package org.cpumodel.profile;

import org.cpumodel.kb.Sysregs.ICC_CTLR_EL1;

/**
 * ICC_CTLR_EL1 as a fresh vCPU reads it through the vGICv3 device (KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS):
 * PRIbits, IDbits, SEIS and A3V come from the host's ICH_VTR_EL2.
 */
public record GicCpuInterface(Provenance provenance, long iccCtlr) {

    public int priBits() {
        return (int) ICC_CTLR_EL1.PRIbits.get(iccCtlr);
    }

    public int idBits() {
        return (int) ICC_CTLR_EL1.IDbits.get(iccCtlr);
    }

    public int seis() {
        return (int) ICC_CTLR_EL1.SEIS.get(iccCtlr);
    }

    public int a3v() {
        return (int) ICC_CTLR_EL1.A3V.get(iccCtlr);
    }
}
