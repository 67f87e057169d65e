package org.cpumodel.kernel.reference;

import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmSystem;

/**
 * A host's KVM/arm64 userspace ABI, simulated in Java from a host profile: the offline stand-in for a
 * host and the oracle the planner uses. It answers like {@code /dev/kvm} of that host, through the
 * same {@link KvmSystem} interface: limits come from the profile (what a fresh vCPU of each feature
 * set reads), writable masks from the profile when measured and from the kernel ABI table otherwise,
 * rules from the knowledge base for the host's kernel version.
 */
public final class ReferenceKvm implements KvmSystem {

    private final HostProfile profile;
    private final KernelAbi abi;
    private final KnowledgeBase kb;

    public ReferenceKvm(HostProfile profile) {
        this.profile = profile;
        this.abi = KernelAbi.of(profile.kernel());
        this.kb = KnowledgeBase.load();
    }

    public HostProfile profile() {
        return profile;
    }

    public KernelAbi abi() {
        return abi;
    }

    public KernelVersion kernel() {
        return abi.kernel();
    }

    KnowledgeBase kb() {
        return kb;
    }

    @Override
    public String describe() {
        return "the reference KVM of host " + profile.host().name() + " (Linux " + profile.host().kernelRelease() + ")";
    }

    /** KVM_CHECK_EXTENSION: measured value when the profile has it, else what the kernel version implies. */
    @Override
    public long checkExtension(int cap) {
        if (profile.capabilities().containsKey(cap)) {
            return profile.capability(cap);
        }
        return switch (cap) {
            case KvmCap.ARM_SUPPORTED_REG_MASK_RANGES -> abi.hasMasksIoctl() ? 1 : 0;
            case KvmCap.ARM_WRITABLE_IMP_ID_REGS -> abi.hasImpIdCap() ? 1 : 0;
            default -> 0;
        };
    }

    /** KVM_CREATE_VM. */
    @Override
    public ReferenceVm createVm() {
        return new ReferenceVm(this);
    }

    /** Whether the host runs AArch32 at EL0 (ID_AA64PFR0_EL1.EL0 == 2 in the default view). */
    public boolean aarch32El0() {
        return profile.defaultView().hasAArch32El0();
    }

    /** Nothing to release: the reference KVM holds no descriptor. */
    @Override
    public void close() {
    }
}
