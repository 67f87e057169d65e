package org.cpumodel.vmm.device;

/** A device's interrupt output: the VMM wires it to an SPI of the vGIC (KVM_IRQ_LINE). */
@FunctionalInterface
public interface IrqLine {

    /** Drives the line high (asserted) or low. Devices call it only when the level changes. */
    void set(boolean level);
}
