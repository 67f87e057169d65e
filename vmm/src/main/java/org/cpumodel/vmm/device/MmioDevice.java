package org.cpumodel.vmm.device;

/**
 * A device emulated in userspace behind guest-physical addresses: KVM_EXIT_MMIO accesses of 1, 2,
 * 4 or 8 bytes, little-endian values, offsets from the device's base. Called from vCPU threads
 * (several at once), so implementations synchronise themselves.
 */
public interface MmioDevice {

    /** The value the guest reads ({@code size} bytes, zero-extended). */
    long read(long offset, int size);

    void write(long offset, int size, long value);
}
