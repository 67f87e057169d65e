package org.cpumodel.uapi;

/**
 * Device-attribute groups of an arm64 vCPU fd ({@code arch/arm64/include/uapi/asm/kvm.h},
 * Documentation/virt/kvm/devices/vcpu.rst), for KVM_SET_DEVICE_ATTR and KVM_HAS_DEVICE_ATTR on a
 * vCPU fd (host's {@code VcpuFd}).
 */
public final class VcpuAttr {

    /** KVM_ARM_VCPU_PMU_V3_CTRL. */
    public static final int PMU_V3_CTRL = 0;
    /** KVM_ARM_VCPU_PMU_V3_IRQ: payload an {@code int}, the overflow interrupt's INTID (a PPI, the same on every vCPU). */
    public static final long PMU_V3_IRQ = 0;
    /** KVM_ARM_VCPU_PMU_V3_INIT: no payload; after the vGIC is initialised and the IRQ is set. */
    public static final long PMU_V3_INIT = 1;
    /** KVM_ARM_VCPU_PMU_V3_FILTER. */
    public static final long PMU_V3_FILTER = 2;
    /** KVM_ARM_VCPU_PMU_V3_SET_PMU. */
    public static final long PMU_V3_SET_PMU = 3;

    /** KVM_ARM_VCPU_TIMER_CTRL. */
    public static final int TIMER_CTRL = 1;
    /** KVM_ARM_VCPU_TIMER_IRQ_VTIMER (default INTID 27). */
    public static final long TIMER_IRQ_VTIMER = 0;
    /** KVM_ARM_VCPU_TIMER_IRQ_PTIMER (default INTID 30). */
    public static final long TIMER_IRQ_PTIMER = 1;

    /** KVM_ARM_VCPU_PVTIME_CTRL. */
    public static final int PVTIME_CTRL = 2;

    private VcpuAttr() {
    }
}
