package org.cpumodel.host;

import java.util.Locale;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmIoctlException;

/**
 * The {@code /dev/kvm} system descriptor.
 *
 * <p>{@link #open()} first checks that the JVM runs on aarch64 Linux, then opens the device
 * and checks KVM_GET_API_VERSION; every failure is a {@link KvmUnavailableException} with a
 * message that says what to do.
 */
public final class Kvm extends KvmFd {

    /** The only stable KVM API version (KVM_API_VERSION). */
    public static final int API_VERSION = 12;
    public static final String DEVICE = "/dev/kvm";

    private Kvm(int fd) {
        super(fd);
    }

    /** Opens {@code /dev/kvm} read-write, close-on-exec. */
    public static Kvm open() {
        return open(DEVICE, System.getProperty("os.arch"), System.getProperty("os.name"));
    }

    /** For tests: open {@code path} as if the JVM reported {@code osArch} and {@code osName}. */
    static Kvm open(String path, String osArch, String osName) {
        if (!"aarch64".equals(osArch) || !"Linux".equals(osName)) {
            throw new KvmUnavailableException(KvmUnavailableException.Reason.NOT_ARM64, 0, String.format(Locale.ROOT,
                    "not an arm64 host: this JVM runs on %s/%s; cpumodel reads guest CPU state through arm64 KVM,"
                            + " so it must run on an aarch64 Linux host with %s",
                    osName, osArch, path));
        }
        int fd = LibC.open(path, LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw unavailable(path, -fd);
        }
        Kvm kvm = new Kvm(fd);
        int version;
        try {
            version = kvm.getApiVersion();
        } catch (KvmIoctlException e) {
            kvm.close();
            throw new KvmUnavailableException(KvmUnavailableException.Reason.OTHER, e.errno(),
                    path + " is not a KVM device: " + e.getMessage());
        }
        if (version != API_VERSION) {
            kvm.close();
            throw new KvmUnavailableException(KvmUnavailableException.Reason.OTHER, 0,
                    path + ": KVM_GET_API_VERSION returned " + version + ", expected " + API_VERSION);
        }
        return kvm;
    }

    /** The exception for a failed {@code open(path)} with this errno. */
    static KvmUnavailableException unavailable(String path, int errno) {
        String err = Errno.symbolicName(errno) + " (" + errno + ")";
        if (errno == Errno.ENOENT.number() || errno == Errno.ENODEV.number() || errno == Errno.ENXIO.number()) {
            return new KvmUnavailableException(KvmUnavailableException.Reason.NO_DEVICE, errno,
                    "no " + path + ": this host has no KVM (not arm64 with EL2, or the kvm module is not loaded) [" + err + "]");
        }
        if (errno == Errno.EACCES.number() || errno == Errno.EPERM.number()) {
            return new KvmUnavailableException(KvmUnavailableException.Reason.PERMISSION_DENIED, errno,
                    "cannot open " + path + ": permission denied [" + err + "]: add the user to the kvm group or run as root");
        }
        return new KvmUnavailableException(KvmUnavailableException.Reason.OTHER, errno,
                "cannot open " + path + ": " + Errno.of(errno).map(Errno::description).orElseGet(() -> LibC.strerror(errno)) + " [" + err + "]");
    }

    /** KVM_GET_API_VERSION (always 12 on a working kernel). */
    public int getApiVersion() {
        return ioctl(Ioctls.KVM_GET_API_VERSION, 0L);
    }

    /** KVM_CHECK_EXTENSION on the system fd: 0 if unsupported, else a capability-specific value. */
    public int checkExtension(int cap) {
        return ioctl(Ioctls.KVM_CHECK_EXTENSION, cap, "cap " + cap);
    }

    /** KVM_GET_VCPU_MMAP_SIZE: bytes to mmap from a vCPU fd for {@code struct kvm_run}. */
    public int getVcpuMmapSize() {
        return ioctl(Ioctls.KVM_GET_VCPU_MMAP_SIZE, 0L);
    }

    /**
     * KVM_CREATE_VM. On arm64 {@code type} bits 0..7 are the IPA size
     * (KVM_VM_TYPE_ARM_IPA_SIZE; 0 = the default 40 bits).
     */
    public VmFd createVm(long type) {
        int mmapSize = getVcpuMmapSize();
        int vm = ioctl(Ioctls.KVM_CREATE_VM, type, "type " + type);
        return new VmFd(vm, mmapSize);
    }

    /** KVM_CREATE_VM with the default type 0. */
    public VmFd createVm() {
        return createVm(0);
    }
}
