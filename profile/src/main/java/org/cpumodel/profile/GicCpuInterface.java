package org.cpumodel.profile;

/**
 * ICC_CTLR_EL1 as a fresh vCPU reads it through the vGICv3 device (KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS):
 * PRIbits, IDbits, SEIS and A3V come from the host's ICH_VTR_EL2.
 */
public record GicCpuInterface(Provenance provenance, long iccCtlr) {

    public int priBits() {
        return (int) (iccCtlr >>> 8 & 7);
    }

    public int idBits() {
        return (int) (iccCtlr >>> 11 & 7);
    }

    public int seis() {
        return (int) (iccCtlr >>> 14 & 1);
    }

    public int a3v() {
        return (int) (iccCtlr >>> 15 & 1);
    }
}
