/**
 * The KVM/arm64 userspace ABI as Java, with no dependency: the numbers every module shares
 * ({@link org.cpumodel.uapi.KvmCap capabilities}, {@link org.cpumodel.uapi.KvmRegId ONE_REG ids},
 * {@link org.cpumodel.uapi.KvmVcpuInit vCPU features}, {@link org.cpumodel.uapi.VgicV3 vGIC groups and
 * attributes}, {@link org.cpumodel.uapi.KvmExit exit reasons} and {@link org.cpumodel.uapi.KvmSystemEvent
 * system events}, {@link org.cpumodel.uapi.Errno errno},
 * {@link org.cpumodel.uapi.SmcccFilter the SMCCC filter}, {@link org.cpumodel.uapi.ScratchVm the scratch
 * VMs' layout}, and what a VMM adds: {@link org.cpumodel.uapi.ArmIrq the KVM_IRQ_LINE encoding},
 * {@link org.cpumodel.uapi.MpState MP states}, {@link org.cpumodel.uapi.DirtyLog dirty-log flags},
 * {@link org.cpumodel.uapi.VcpuAttr vCPU attribute groups}), each written once and tested against
 * the kernel's headers; and the one interface of a KVM ({@link org.cpumodel.uapi.KvmSystem},
 * {@link org.cpumodel.uapi.KvmVm}, {@link org.cpumodel.uapi.KvmVcpu}, {@link org.cpumodel.uapi.KvmVgic}),
 * implemented over FFM by {@code host/} and by the reference KVM in {@code kernel/}.
 *
 * <p>The interface lives here because both implementations can depend on this module and on nothing
 * of each other: {@code host/} has no other dependency (the FFM layer stays free of profiles and
 * rules) and {@code kernel/} never touches FFM. Struct layouts and ioctl request numbers stay in
 * {@code host/}, the only code that needs them.
 */
package org.cpumodel.uapi;
