package org.cpumodel.uapi;

/**
 * The arm64 VM's SMCCC filter (KVM_SET_DEVICE_ATTR on the VM fd; Linux 6.4+,
 * arch/arm64/include/uapi/asm/kvm.h) and the KVM vendor hypercalls cpumodel forwards through it.
 */
public final class SmcccFilter {

    private SmcccFilter() {
    }

    /** KVM_ARM_VM_SMCCC_CTRL: VM device-attribute group of the SMCCC filter. */
    public static final int GRP_SMCCC_CTRL = 0;
    /** KVM_ARM_VM_SMCCC_FILTER: attribute within {@link #GRP_SMCCC_CTRL}. */
    public static final long ATTR_FILTER = 0;
    /** KVM_SMCCC_FILTER_HANDLE: KVM handles the calls (the default). */
    public static final int HANDLE = 0;
    /** KVM_SMCCC_FILTER_DENY: the guest gets SMCCC_RET_NOT_SUPPORTED. */
    public static final int DENY = 1;
    /** KVM_SMCCC_FILTER_FWD_TO_USER: the calls exit to userspace as KVM_EXIT_HYPERCALL. */
    public static final int FWD_TO_USER = 2;

    /** ARM_SMCCC_VENDOR_HYP_KVM_DISCOVER_IMPL_VER_FUNC_ID (Linux 6.15+); _CPUS_ is the next function. */
    public static final long DISCOVER_IMPL_VER = 0xC600_0040L;
    /** ARM_SMCCC_VENDOR_HYP_KVM_DISCOVER_IMPL_CPUS_FUNC_ID. */
    public static final long DISCOVER_IMPL_CPUS = 0xC600_0041L;

    /** SMCCC_RET_NOT_SUPPORTED (SMC Calling Convention, include/linux/arm-smccc.h): x0 for a function the callee does not implement. */
    public static final long RET_NOT_SUPPORTED = -1;
    /** SMCCC_RET_INVALID_PARAMETER: x0 for a call with a bad argument (DISCOVER_IMPL_CPUS with an index outside the list). */
    public static final long RET_INVALID_PARAMETER = -3;

    /** The action of a name: 2 for {@code "FWD_TO_USER"}. */
    public static int action(String name) {
        return switch (name) {
            case "HANDLE" -> HANDLE;
            case "DENY" -> DENY;
            case "FWD_TO_USER" -> FWD_TO_USER;
            default -> throw new IllegalArgumentException("unknown SMCCC filter action '" + name + "' (HANDLE, DENY, FWD_TO_USER)");
        };
    }

    /** The name of a filter action: {@code "FWD_TO_USER"} for 2. */
    public static String actionName(int action) {
        return switch (action) {
            case HANDLE -> "HANDLE";
            case DENY -> "DENY";
            case FWD_TO_USER -> "FWD_TO_USER";
            default -> "action " + action;
        };
    }
}
