package org.cpumodel.host;

/**
 * The Linux system call numbers the binding uses, per architecture: arm64 takes the generic table
 * ({@code include/uapi/asm-generic/unistd.h}); x86_64 its own ({@code arch/x86/entry/syscalls/syscall_64.tbl}),
 * which only the architecture-independent tests against an x86 {@code /dev/kvm} need.
 */
record SyscallNumbers(long ioctl, long openat, long close, long mmap, long munmap, long getpid, long gettid, long tgkill,
                      long rtSigprocmask) {

    /**
     * arm64: asm-generic/unistd.h (__NR_ioctl 29, __NR_openat 56, __NR_close 57, __NR_mmap 222, __NR_munmap 215,
     * __NR_getpid 172, __NR_gettid 178, __NR_tgkill 131, __NR_rt_sigprocmask 135).
     */
    static final SyscallNumbers AARCH64 = new SyscallNumbers(29, 56, 57, 222, 215, 172, 178, 131, 135);
    /** x86_64: syscall_64.tbl (ioctl 16, openat 257, close 3, mmap 9, munmap 11, getpid 39, gettid 186, tgkill 234, rt_sigprocmask 14). */
    static final SyscallNumbers X86_64 = new SyscallNumbers(16, 257, 3, 9, 11, 39, 186, 234, 14);

    /** The table for {@code os.arch}; throws for an architecture the binding does not know. */
    static SyscallNumbers forArch(String osArch) {
        return switch (osArch == null ? "" : osArch) {
            case "aarch64" -> AARCH64;
            case "amd64", "x86_64" -> X86_64;
            default -> throw new UnsupportedOperationException("no system call table for architecture '" + osArch
                    + "': cpumodel's KVM binding runs on aarch64 (and x86_64 for its tests)");
        };
    }
}
