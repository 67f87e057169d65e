package org.cpumodel.verify;

/**
 * A scratch VM with one vCPU that a {@link org.cpumodel.emit.KvmPlan} can be followed on: the real
 * {@code /dev/kvm} ({@link FfmTarget}) or the reference KVM of a host profile ({@link ReferenceTarget}).
 * It takes every phase's steps itself (one VM, one vCPU, one CPU interface); a VMM passes each
 * phase its own {@link VmSteps}, {@link VcpuSteps} and {@link VgicSteps} instead. Every method
 * throws {@link TargetException} when the kernel refuses.
 */
public interface PlanTarget extends VmSteps, VcpuSteps, VgicSteps, AutoCloseable {

    /** What the target is, for reports ("this host's /dev/kvm (Linux 7.3...)", "reference KVM of host X"). */
    String describe();

    void createVcpu();

    /** Creates, places and initialises a vGICv3 (after the vCPU exists). */
    void createVgicV3();

    @Override
    void close();
}
