package org.cpumodel.uapi;

/**
 * {@code kvm_run.system_event.type} values of a {@link KvmExit#SYSTEM_EVENT} exit
 * ({@code KVM_SYSTEM_EVENT_*}, include/uapi/linux/kvm.h). On arm64 they come from the guest's PSCI
 * calls: SYSTEM_OFF (shutdown), SYSTEM_RESET, SYSTEM_SUSPEND (with KVM_CAP_ARM_SYSTEM_SUSPEND).
 */
public final class KvmSystemEvent {

    private KvmSystemEvent() {
    }

    public static final int SHUTDOWN = 1;
    public static final int RESET = 2;
    public static final int CRASH = 3;
    public static final int WAKEUP = 4;
    public static final int SUSPEND = 5;
    /** x86 SEV only; listed so the numbers above stay checked against the header's sequence. */
    public static final int SEV_TERM = 6;

    /** {@code "SHUTDOWN"} for 1, {@code "system event 9"} for numbers not listed here. */
    public static String name(int type) {
        return switch (type) {
            case SHUTDOWN -> "SHUTDOWN";
            case RESET -> "RESET";
            case CRASH -> "CRASH";
            case WAKEUP -> "WAKEUP";
            case SUSPEND -> "SUSPEND";
            case SEV_TERM -> "SEV_TERM";
            default -> "system event " + type;
        };
    }
}
