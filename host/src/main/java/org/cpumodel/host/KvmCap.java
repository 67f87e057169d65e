package org.cpumodel.host;

/**
 * KVM capability numbers for {@code KVM_CHECK_EXTENSION} / {@code KVM_ENABLE_CAP}
 * ({@code include/uapi/linux/kvm.h}). Only those relevant on arm64 are listed; any other number
 * can be passed as a plain int.
 */
public final class KvmCap {

    private KvmCap() {
    }

    public static final int USER_MEMORY = 3;
    public static final int NR_VCPUS = 9;
    public static final int MAX_VCPUS = 66;
    public static final int ONE_REG = 70;
    public static final int DEVICE_CTRL = 89;
    public static final int ARM_EL1_32BIT = 93;
    public static final int ARM_PSCI_0_2 = 102;
    public static final int ARM_PMU_V3 = 126;
    public static final int ARM_VM_IPA_SIZE = 165;
    /** Dirty-log protection by the VMM (KVM_CLEAR_DIRTY_LOG); args[0] takes the KVM_DIRTY_LOG_* bits of {@link DirtyLog}. */
    public static final int MANUAL_DIRTY_LOG_PROTECT2 = 168;
    public static final int ARM_SVE = 170;
    public static final int ARM_PTRAUTH_ADDRESS = 171;
    public static final int ARM_PTRAUTH_GENERIC = 172;
    public static final int ARM_NISV_TO_USER = 177;
    public static final int ARM_MTE = 205;
    public static final int SYSTEM_EVENT_DATA = 215;
    public static final int ARM_SYSTEM_SUSPEND = 216;
    public static final int COUNTER_OFFSET = 227;
    /** Result is a bitmap of supported ranges for KVM_ARM_GET_REG_WRITABLE_MASKS (bit 0 = feature ID range). */
    public static final int ARM_SUPPORTED_REG_MASK_RANGES = 230;
    /** Linux 6.15+: makes MIDR_EL1/REVIDR_EL1/AIDR_EL1 writable; enable before creating vCPUs. */
    public static final int ARM_WRITABLE_IMP_ID_REGS = 239;
    /** Nested virtualisation (vCPU feature HAS_EL2) is available. */
    public static final int ARM_EL2 = 240;
    /** HAS_EL2_E2H0 (non-VHE guest hypervisor) is available. */
    public static final int ARM_EL2_E2H0 = 241;
}
