package org.cpumodel.uapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Capabilities, exit reasons, vCPU features, vGICv3 device constants and the SMCCC filter against
 * include/uapi/linux/kvm.h and arch/arm64/include/uapi/asm/kvm.h of Linux 6.12 (capabilities 239-241
 * and HAS_EL2_E2H0 are newer: kvm-arm64-semantics.md 1.2 and 1.4).
 */
class AbiNumbersTest {

    @Test
    void capabilities() {
        assertThat(KvmCap.USER_MEMORY).isEqualTo(3);
        assertThat(KvmCap.NR_VCPUS).isEqualTo(9);
        assertThat(KvmCap.MAX_VCPUS).isEqualTo(66);
        assertThat(KvmCap.ONE_REG).isEqualTo(70);
        assertThat(KvmCap.DEVICE_CTRL).isEqualTo(89);
        assertThat(KvmCap.ARM_EL1_32BIT).isEqualTo(93);
        assertThat(KvmCap.ARM_PSCI_0_2).isEqualTo(102);
        assertThat(KvmCap.ARM_PMU_V3).isEqualTo(126);
        assertThat(KvmCap.ARM_VM_IPA_SIZE).isEqualTo(165);
        assertThat(KvmCap.MANUAL_DIRTY_LOG_PROTECT2).isEqualTo(168);
        assertThat(KvmCap.ARM_SVE).isEqualTo(170);
        assertThat(KvmCap.ARM_PTRAUTH_ADDRESS).isEqualTo(171);
        assertThat(KvmCap.ARM_PTRAUTH_GENERIC).isEqualTo(172);
        assertThat(KvmCap.ARM_NISV_TO_USER).isEqualTo(177);
        assertThat(KvmCap.ARM_MTE).isEqualTo(205);
        assertThat(KvmCap.SYSTEM_EVENT_DATA).isEqualTo(215);
        assertThat(KvmCap.ARM_SYSTEM_SUSPEND).isEqualTo(216);
        assertThat(KvmCap.COUNTER_OFFSET).isEqualTo(227);
        assertThat(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES).isEqualTo(230);
        assertThat(KvmCap.ARM_WRITABLE_IMP_ID_REGS).isEqualTo(239);
        assertThat(KvmCap.ARM_EL2).isEqualTo(240);
        assertThat(KvmCap.ARM_EL2_E2H0).isEqualTo(241);
        assertThat(KvmCap.name(239)).isEqualTo("KVM_CAP_ARM_WRITABLE_IMP_ID_REGS");
        assertThat(KvmCap.name(230)).isEqualTo("KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES");
        assertThat(KvmCap.name(168)).isEqualTo("KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2");
        assertThat(KvmCap.name(999)).isEqualTo("KVM_CAP 999");
    }

    @Test
    void exitReasons() {
        assertThat(KvmExit.HYPERCALL).isEqualTo(3);
        assertThat(KvmExit.MMIO).isEqualTo(6);
        assertThat(KvmExit.SHUTDOWN).isEqualTo(8);
        assertThat(KvmExit.FAIL_ENTRY).isEqualTo(9);
        assertThat(KvmExit.INTR).isEqualTo(10);
        assertThat(KvmExit.INTERNAL_ERROR).isEqualTo(17);
        assertThat(KvmExit.SYSTEM_EVENT).isEqualTo(24);
        assertThat(KvmExit.ARM_NISV).isEqualTo(28);
        assertThat(KvmExit.MEMORY_FAULT).isEqualTo(39);
        assertThat(KvmExit.name(6)).isEqualTo("MMIO");
        assertThat(KvmExit.name(24)).isEqualTo("SYSTEM_EVENT");
        assertThat(KvmExit.name(99)).isEqualTo("exit 99");
    }

    @Test
    void vcpuFeatureBits() {
        assertThat(KvmVcpuInit.TARGET_GENERIC_V8).isEqualTo(5);
        assertThat(KvmVcpuInit.FEATURE_WORDS).isEqualTo(7);
        assertThat(KvmVcpuInit.POWER_OFF).isZero();
        assertThat(KvmVcpuInit.EL1_32BIT).isEqualTo(1);
        assertThat(KvmVcpuInit.PSCI_0_2).isEqualTo(2);
        assertThat(KvmVcpuInit.PMU_V3).isEqualTo(3);
        assertThat(KvmVcpuInit.SVE).isEqualTo(4);
        assertThat(KvmVcpuInit.PTRAUTH_ADDRESS).isEqualTo(5);
        assertThat(KvmVcpuInit.PTRAUTH_GENERIC).isEqualTo(6);
        assertThat(KvmVcpuInit.HAS_EL2).isEqualTo(7);
        assertThat(KvmVcpuInit.HAS_EL2_E2H0).isEqualTo(8);
        assertThat(KvmVcpuInit.bit(KvmVcpuInit.SVE)).isEqualTo(0x10);
        assertThat(KvmVcpuInit.has(0x14, KvmVcpuInit.PSCI_0_2)).isTrue();
        assertThat(KvmVcpuInit.has(0x14, KvmVcpuInit.PMU_V3)).isFalse();
        assertThatThrownBy(() -> KvmVcpuInit.bit(32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vgicV3DeviceAndIccEncodings() {
        assertThat(VgicV3.DEVICE_TYPE).isEqualTo(7);
        assertThat(VgicV3.GRP_ADDR).isZero();
        assertThat(VgicV3.GRP_CTRL).isEqualTo(4);
        assertThat(VgicV3.GRP_CPU_SYSREGS).isEqualTo(6);
        assertThat(VgicV3.CTRL_INIT).isZero();
        assertThat(VgicV3.ADDR_TYPE_DIST).isEqualTo(2);
        assertThat(VgicV3.ADDR_TYPE_REDIST).isEqualTo(3);
        assertThat(VgicV3.REDIST_SIZE).isEqualTo(0x20000);
        assertThat(VgicV3.MPIDR_SHIFT).isEqualTo(32);
        assertThat(VgicV3.ICC_CTLR_EL1).isEqualTo(0xC664);
        assertThat(VgicV3.ICC_PMR_EL1).isEqualTo(0xC230);
        assertThat(VgicV3.ICC_BPR0_EL1).isEqualTo(0xC643);
        assertThat(VgicV3.ICC_BPR1_EL1).isEqualTo(0xC663);
        assertThat(VgicV3.ICC_SRE_EL1).isEqualTo(0xC665);
        assertThat(VgicV3.ICC_IGRPEN0_EL1).isEqualTo(0xC666);
        assertThat(VgicV3.ICC_IGRPEN1_EL1).isEqualTo(0xC667);
    }

    @Test
    void vgicCpuSysregAttrPacksAffinityLikeVgicToMpidr() {
        // vCPU 0: MPIDR_EL1 = 0x80000000 (bit 31 RES1, affinity 0)
        assertThat(VgicV3.cpuSysregAttr(0x8000_0000L, VgicV3.ICC_CTLR_EL1)).isEqualTo(0xC664L);
        // Aff0=1, Aff1=2, Aff2=3, Aff3=4 (MPIDR bits 39:32)
        assertThat(VgicV3.cpuSysregAttr(0x04_8003_0201L, VgicV3.ICC_CTLR_EL1)).isEqualTo(0x04030201_0000C664L);
    }

    @Test
    void smcccFilterAndTheScratchLayout() {
        assertThat(SmcccFilter.GRP_SMCCC_CTRL).isZero();
        assertThat(SmcccFilter.ATTR_FILTER).isZero();
        assertThat(SmcccFilter.FWD_TO_USER).isEqualTo(2);
        assertThat(SmcccFilter.actionName(2)).isEqualTo("FWD_TO_USER");
        assertThat(SmcccFilter.action("FWD_TO_USER")).isEqualTo(2);
        assertThatThrownBy(() -> SmcccFilter.action("ALLOW")).isInstanceOf(IllegalArgumentException.class);
        // ARM_SMCCC_CALL_VAL(FAST, SMC64, OWNER_VENDOR_HYP, 64 and 65)
        assertThat(SmcccFilter.DISCOVER_IMPL_VER).isEqualTo(0x8000_0000L | 1L << 30 | 6L << 24 | 64);
        assertThat(SmcccFilter.DISCOVER_IMPL_CPUS).isEqualTo(SmcccFilter.DISCOVER_IMPL_VER + 1);
        // SMCCC_RET_NOT_SUPPORTED and SMCCC_RET_INVALID_PARAMETER (include/linux/arm-smccc.h)
        assertThat(SmcccFilter.RET_NOT_SUPPORTED).isEqualTo(-1);
        assertThat(SmcccFilter.RET_INVALID_PARAMETER).isEqualTo(-3);
        // QEMU virt: distributor 64 KiB, then redistributors; both clear of the scratch VM's code page
        assertThat(ScratchVm.GIC_REDIST_BASE - ScratchVm.GIC_DIST_BASE).isGreaterThanOrEqualTo(VgicV3.DIST_SIZE);
    }
}
