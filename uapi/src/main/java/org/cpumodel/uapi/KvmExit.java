package org.cpumodel.uapi;

/** {@code kvm_run.exit_reason} values ({@code KVM_EXIT_*}, include/uapi/linux/kvm.h). */
public final class KvmExit {

    private KvmExit() {
    }

    public static final int UNKNOWN = 0;
    public static final int EXCEPTION = 1;
    public static final int IO = 2;
    public static final int HYPERCALL = 3;
    public static final int DEBUG = 4;
    public static final int HLT = 5;
    public static final int MMIO = 6;
    public static final int SHUTDOWN = 8;
    public static final int FAIL_ENTRY = 9;
    public static final int INTR = 10;
    public static final int INTERNAL_ERROR = 17;
    public static final int SYSTEM_EVENT = 24;
    public static final int ARM_NISV = 28;
    public static final int MEMORY_FAULT = 39;

    /** {@code "MMIO"} for 6, {@code "exit 99"} for numbers not listed here. */
    public static String name(int exitReason) {
        return switch (exitReason) {
            case UNKNOWN -> "UNKNOWN";
            case EXCEPTION -> "EXCEPTION";
            case IO -> "IO";
            case HYPERCALL -> "HYPERCALL";
            case DEBUG -> "DEBUG";
            case HLT -> "HLT";
            case MMIO -> "MMIO";
            case SHUTDOWN -> "SHUTDOWN";
            case FAIL_ENTRY -> "FAIL_ENTRY";
            case INTR -> "INTR";
            case INTERNAL_ERROR -> "INTERNAL_ERROR";
            case SYSTEM_EVENT -> "SYSTEM_EVENT";
            case ARM_NISV -> "ARM_NISV";
            case MEMORY_FAULT -> "MEMORY_FAULT";
            default -> "exit " + exitReason;
        };
    }
}
