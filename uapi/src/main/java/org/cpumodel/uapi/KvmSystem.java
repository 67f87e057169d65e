package org.cpumodel.uapi;

/**
 * A KVM host, one level above the ioctls: this machine's {@code /dev/kvm} (host/, over FFM) or the
 * reference KVM of a host profile (kernel/, simulated). Collect, verify, the differential test and
 * the lab proof talk to KVM only through this interface and {@link KvmVm}, {@link KvmVcpu},
 * {@link KvmVgic}; register ids, capabilities and feature bits are the {@code uapi} constants.
 *
 * <p>Errors on two levels: every refused call throws {@link KvmIoctlException} naming the ioctl and
 * the errno (the reference KVM adds its reason); the caller says which register and what it means.
 */
public interface KvmSystem extends AutoCloseable {

    /** Who answers, for reports: "this host's /dev/kvm (Linux 6.12.x)", "the reference KVM of host X (Linux 7.3.4)". */
    String describe();

    /** KVM_CHECK_EXTENSION on the system fd: 0 when the capability is absent, else its value ({@link KvmCap}). */
    long checkExtension(int cap);

    /** KVM_CREATE_VM with the default type (the default IPA size). */
    KvmVm createVm();

    @Override
    void close();
}
