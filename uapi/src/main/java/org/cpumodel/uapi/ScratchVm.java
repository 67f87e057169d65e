package org.cpumodel.uapi;

/**
 * The guest-physical layout of the scratch VMs cpumodel makes to measure or test a host's KVM
 * (collect, verify, the lab's trials and guest reads): QEMU virt's GIC addresses, so a layout a
 * VMM uses is also the one tested. Not kernel ABI, but a project-wide fact written once.
 */
public final class ScratchVm {

    private ScratchVm() {
    }

    /** vGICv3 distributor base (KVM_VGIC_V3_ADDR_TYPE_DIST). */
    public static final long GIC_DIST_BASE = 0x0800_0000L;
    /** vGICv3 redistributor base (KVM_VGIC_V3_ADDR_TYPE_REDIST): one 128 KiB frame per vCPU from here. */
    public static final long GIC_REDIST_BASE = 0x080A_0000L;
}
