/**
 * Host access layer: a thin, typed binding of the arm64 KVM userspace ABI with Java's Foreign
 * Function &amp; Memory API, no native code.
 *
 * <p>One {@link java.lang.AutoCloseable} type per descriptor kind, in the style of rust-vmm's
 * kvm-ioctls: {@link org.cpumodel.host.Kvm} ({@code /dev/kvm}) creates
 * {@link org.cpumodel.host.VmFd}s, which create {@link org.cpumodel.host.VcpuFd}s and
 * {@link org.cpumodel.host.DeviceFd}s. Request numbers ({@link org.cpumodel.host.Ioctls}) are
 * computed with {@code _IOC} from the struct layouts ({@link org.cpumodel.host.Structs}); all
 * native calls sit in one package-private class that captures {@code errno}. Failures are
 * unchecked: {@link org.cpumodel.uapi.KvmIoctlException} (ioctl name, errno, register id) and
 * {@link org.cpumodel.host.KvmUnavailableException} (no usable KVM on this machine). The ABI's
 * numbers (register ids, capabilities, feature bits, vGIC attributes, errno) come from
 * {@code org.cpumodel.uapi}; struct layouts and request numbers, which only FFM code needs, are here.
 *
 * <p>{@link org.cpumodel.host.FfmKvm}, {@link org.cpumodel.host.FfmVm}, {@link org.cpumodel.host.FfmVcpu}
 * and {@link org.cpumodel.host.FfmVgic} are the KVM interface of {@code org.cpumodel.uapi} over these
 * descriptors (collect, verify and the lab use nothing else of this module); {@code FfmVm.wrap} puts
 * that interface over a VM a VMM made itself. The VMM ({@code vmm/}) also uses the descriptors for
 * what a guest CPU model does not need: guest RAM ({@link org.cpumodel.host.AnonymousMapping},
 * memory slots), the KVM_RUN loop and its kicks ({@link org.cpumodel.host.ThreadSignals}), interrupt
 * lines, MP state, vCPU events, vGIC state and dirty logging.
 *
 * <p>No policy lives here: register ids and values are raw longs, and the meaning of an errno
 * for a given call is left to the caller. The JVM needs {@code --enable-native-access=ALL-UNNAMED}
 * (the jar manifest declares it for {@code java -jar}).
 */
package org.cpumodel.host;
