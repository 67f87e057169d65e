package org.cpumodel.uapi;

import java.util.Map;

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
    /** Result: the largest IPA size (bits) KVM_CREATE_VM accepts; 0 when the type cannot set it. */
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
    /** Result is a bitmap of supported ranges for KVM_ARM_GET_REG_WRITABLE_MASKS (bit 0 = feature ID range); Linux 6.7+. */
    public static final int ARM_SUPPORTED_REG_MASK_RANGES = 230;
    /** Linux 6.15+: makes MIDR_EL1/REVIDR_EL1/AIDR_EL1 writable; enable on the VM before creating vCPUs. */
    public static final int ARM_WRITABLE_IMP_ID_REGS = 239;
    /** Nested virtualisation (vCPU feature HAS_EL2) is available. */
    public static final int ARM_EL2 = 240;
    /** HAS_EL2_E2H0 (non-VHE guest hypervisor) is available. */
    public static final int ARM_EL2_E2H0 = 241;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(USER_MEMORY, "KVM_CAP_USER_MEMORY"), Map.entry(NR_VCPUS, "KVM_CAP_NR_VCPUS"),
            Map.entry(MAX_VCPUS, "KVM_CAP_MAX_VCPUS"), Map.entry(ONE_REG, "KVM_CAP_ONE_REG"),
            Map.entry(DEVICE_CTRL, "KVM_CAP_DEVICE_CTRL"), Map.entry(ARM_EL1_32BIT, "KVM_CAP_ARM_EL1_32BIT"),
            Map.entry(ARM_PSCI_0_2, "KVM_CAP_ARM_PSCI_0_2"), Map.entry(ARM_PMU_V3, "KVM_CAP_ARM_PMU_V3"),
            Map.entry(ARM_VM_IPA_SIZE, "KVM_CAP_ARM_VM_IPA_SIZE"), Map.entry(MANUAL_DIRTY_LOG_PROTECT2, "KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2"),
            Map.entry(ARM_SVE, "KVM_CAP_ARM_SVE"),
            Map.entry(ARM_PTRAUTH_ADDRESS, "KVM_CAP_ARM_PTRAUTH_ADDRESS"), Map.entry(ARM_PTRAUTH_GENERIC, "KVM_CAP_ARM_PTRAUTH_GENERIC"),
            Map.entry(ARM_NISV_TO_USER, "KVM_CAP_ARM_NISV_TO_USER"), Map.entry(ARM_MTE, "KVM_CAP_ARM_MTE"),
            Map.entry(SYSTEM_EVENT_DATA, "KVM_CAP_SYSTEM_EVENT_DATA"), Map.entry(ARM_SYSTEM_SUSPEND, "KVM_CAP_ARM_SYSTEM_SUSPEND"),
            Map.entry(COUNTER_OFFSET, "KVM_CAP_COUNTER_OFFSET"),
            Map.entry(ARM_SUPPORTED_REG_MASK_RANGES, "KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES"),
            Map.entry(ARM_WRITABLE_IMP_ID_REGS, "KVM_CAP_ARM_WRITABLE_IMP_ID_REGS"),
            Map.entry(ARM_EL2, "KVM_CAP_ARM_EL2"), Map.entry(ARM_EL2_E2H0, "KVM_CAP_ARM_EL2_E2H0"));

    /** {@code "KVM_CAP_ARM_SVE"} for 170; {@code "KVM_CAP 999"} for a number not listed here. */
    public static String name(int cap) {
        String n = NAMES.get(cap);
        return n != null ? n : "KVM_CAP " + cap;
    }
}
