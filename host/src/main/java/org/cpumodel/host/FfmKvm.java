package org.cpumodel.host;

import org.cpumodel.uapi.KvmSystem;

/**
 * This machine's {@code /dev/kvm} as a {@link KvmSystem}: the typed ioctl classes ({@link Kvm},
 * {@link VmFd}, {@link VcpuFd}, {@link DeviceFd}) behind the interface the rest of cpumodel uses.
 * The VMs it makes are scratch VMs ({@link FfmVm}): a guest program can be run in them.
 */
public final class FfmKvm implements KvmSystem {

    private final Kvm kvm;

    private FfmKvm(Kvm kvm) {
        this.kvm = kvm;
    }

    /** Opens {@code /dev/kvm}; throws {@link KvmUnavailableException} when this is not a usable arm64 KVM host. */
    public static FfmKvm open() {
        return new FfmKvm(Kvm.open());
    }

    @Override
    public String describe() {
        return "this host's /dev/kvm (Linux " + System.getProperty("os.version") + ")";
    }

    @Override
    public long checkExtension(int cap) {
        return kvm.checkExtension(cap);
    }

    @Override
    public FfmVm createVm() {
        return new FfmVm(kvm.createVm(), true);
    }

    @Override
    public void close() {
        kvm.close();
    }
}
