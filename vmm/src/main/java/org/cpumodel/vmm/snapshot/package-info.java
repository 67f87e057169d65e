/**
 * A running VM's state, for live migration: every vCPU ({@link org.cpumodel.vmm.snapshot.VcpuState},
 * registers in KVM_GET_REG_LIST order, MP state, events), the in-kernel vGICv3
 * ({@link org.cpumodel.vmm.snapshot.VgicState}, attributes in the order the kernel needs them back), and
 * the UART; {@link org.cpumodel.vmm.snapshot.MachineStateCodec} turns them into bytes and back. Guest
 * RAM is not here: migration moves it page by page while the guest runs.
 */
package org.cpumodel.vmm.snapshot;
