package org.cpumodel.uapi;

/**
 * {@code struct kvm_mp_state} values ({@code KVM_MP_STATE_*}, include/uapi/linux/kvm.h) that arm64
 * KVM uses for KVM_GET_MP_STATE / KVM_SET_MP_STATE: a vCPU is runnable, stopped (powered off, e.g.
 * a secondary before PSCI CPU_ON) or suspended (PSCI SYSTEM_SUSPEND).
 */
public final class MpState {

    public static final int RUNNABLE = 0;
    public static final int STOPPED = 5;
    public static final int SUSPENDED = 10;

    private MpState() {
    }

    /** {@code "RUNNABLE"} for 0, {@code "mp_state 7"} for values arm64 does not use. */
    public static String name(int mpState) {
        return switch (mpState) {
            case RUNNABLE -> "RUNNABLE";
            case STOPPED -> "STOPPED";
            case SUSPENDED -> "SUSPENDED";
            default -> "mp_state " + mpState;
        };
    }
}
