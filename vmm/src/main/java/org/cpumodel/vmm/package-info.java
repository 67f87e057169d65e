/**
 * A small VMM (the size of kvmtool's arm64 part) on the project's FFM binding: it boots a stock
 * arm64 Linux {@code Image} with an initramfs under a guest CPU model, applied through the model's
 * KVM plan. One package per concern, device emulation apart from the KVM calls:
 * {@code layout} (memory map, where boot files go), {@code boot} (the Image header, boot
 * registers), {@code fdt} (the device tree writer and this machine's tree), {@code memory} (guest
 * RAM), {@code device} (MMIO bus, ns16550a UART, console), {@code gic} (the in-kernel vGICv3),
 * {@code cpu} (the guest CPU model, through verify's {@code PlanPhases} over the KVM interface
 * of {@code uapi}, the VMM's own descriptors wrapped by host's {@code FfmVm}), {@code vcpu} (one
 * thread per vCPU, the KVM_RUN loop, kicks). {@link org.cpumodel.vmm.VirtualMachine} puts them
 * together.
 */
package org.cpumodel.vmm;
