package org.cpumodel.uapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * ONE_REG ids against arch/arm64/include/uapi/asm/kvm.h of Linux 6.12 (every literal here is what
 * the header's macro gives, computed by compiling the header) and kvm-arm64-semantics.md 1.3/1.4.
 */
class KvmRegIdTest {

    @Test
    void sizeComesFromBits52To55() {
        assertThat(KvmRegId.ARM64).isEqualTo(0x6000000000000000L);
        assertThat(KvmRegId.SIZE_U32).isEqualTo(0x0020000000000000L);
        assertThat(KvmRegId.SIZE_U64).isEqualTo(0x0030000000000000L);
        assertThat(KvmRegId.SIZE_U512).isEqualTo(0x0060000000000000L);
        assertThat(KvmRegId.SIZE_U2048).isEqualTo(0x0080000000000000L);
        assertThat(KvmRegId.sizeBytes(0x603000000013C020L)).isEqualTo(8);
        assertThat(KvmRegId.sizeBytes(0x6020000000110000L)).isEqualTo(4);
        assertThat(KvmRegId.sizeBytes(KvmRegId.ARM64 | KvmRegId.SIZE_U128)).isEqualTo(16);
        assertThat(KvmRegId.sizeBytes(KvmRegId.ARM64 | KvmRegId.SIZE_U2048)).isEqualTo(256);
        assertThat(KvmRegId.sizeField(KvmRegId.SIZE_U16)).isEqualTo(1);
    }

    @Test
    void sysregIdsMatchTheSemanticsTable() {
        assertThat(KvmRegId.sysreg(3, 0, 0, 4, 0)).isEqualTo(0x603000000013C020L); // ID_AA64PFR0_EL1
        assertThat(KvmRegId.sysreg(3, 0, 0, 0, 0)).isEqualTo(0x603000000013C000L); // MIDR_EL1
        assertThat(KvmRegId.sysreg(3, 0, 0, 0, 5)).isEqualTo(0x603000000013C005L); // MPIDR_EL1
        assertThat(KvmRegId.sysreg(3, 3, 0, 0, 1)).isEqualTo(0x603000000013D801L); // CTR_EL0
        assertThat(KvmRegId.sysreg(3, 1, 0, 0, 1)).isEqualTo(0x603000000013C801L); // CLIDR_EL1
        assertThat(KvmRegId.sysreg(3, 1, 0, 0, 7)).isEqualTo(0x603000000013C807L); // AIDR_EL1
        assertThat(KvmRegId.sysregEncoding(0x603000000013C020L)).isEqualTo(0xC020);
        assertThat(KvmRegId.sysreg(0xC020)).isEqualTo(0x603000000013C020L);
        assertThat(KvmRegId.isSysreg(0x603000000013C020L)).isTrue();
        assertThat(KvmRegId.isSysreg(0x6020000000130000L)).as("a sysreg id must be U64").isFalse();
        assertThat(KvmRegId.isSysreg(KvmRegId.CORE_PC)).isFalse();
        assertThatThrownBy(() -> KvmRegId.sysreg(4, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KvmRegId.sysreg(0x1_0000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KvmRegId.sysregEncoding(KvmRegId.CORE_PC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void featureIdRangeIndexIsTheHeaderMacro() {
        assertThat(KvmRegId.FEATURE_ID_RANGE_SIZE).isEqualTo(192);
        assertThat(KvmRegId.FEATURE_ID_RANGE).isZero();
        assertThat(KvmRegId.featureIdRangeIndex(3, 0, 0, 4, 0)).isEqualTo(32);
        assertThat(KvmRegId.featureIdRangeIndex(3, 1, 0, 0, 1)).isEqualTo(0x41);
        assertThat(KvmRegId.featureIdRangeIndex(3, 3, 0, 0, 1)).isEqualTo(0x81);
        assertThat(KvmRegId.featureIdRangeIndex(3, 0, 0, 7, 4)).isEqualTo(0x3C);
        assertThat(KvmRegId.featureIdRangeIndex(0x603000000013C03CL)).isEqualTo(60); // ID_AA64MMFR4_EL1
        assertThat(KvmRegId.featureIdRangeIndex(KvmRegId.sysreg(3, 0, 12, 12, 4))).isEqualTo(-1);
        assertThat(KvmRegId.featureIdRangeIndex(KvmRegId.sysreg(3, 2, 0, 0, 0))).isEqualTo(-1);
        for (int i = 0; i < KvmRegId.FEATURE_ID_RANGE_SIZE; i++) {
            assertThat(KvmRegId.featureIdRangeIndex(KvmRegId.fromFeatureIdRangeIndex(i))).isEqualTo(i);
        }
        assertThat(KvmRegId.fromFeatureIdRangeIndex(129)).isEqualTo(0x603000000013D801L);
        assertThatThrownBy(() -> KvmRegId.fromFeatureIdRangeIndex(192)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ccsidrDemuxIdIsU32() {
        assertThat(KvmRegId.ccsidr(0)).isEqualTo(0x6020000000110000L);
        assertThat(KvmRegId.ccsidr(1)).isEqualTo(0x6020000000110001L); // L1 I-cache
        assertThat(KvmRegId.ccsidr(4)).isEqualTo(0x6020000000110004L); // L3 data/unified
        assertThat(KvmRegId.sizeBytes(KvmRegId.ccsidr(2))).isEqualTo(4);
        assertThat(KvmRegId.coproc(KvmRegId.ccsidr(2))).isEqualTo(KvmRegId.COPROC_DEMUX);
        assertThat(KvmRegId.isCcsidr(KvmRegId.ccsidr(13))).isTrue();
        assertThat(KvmRegId.isCcsidr(0x603000000013C020L)).isFalse();
        assertThatThrownBy(() -> KvmRegId.ccsidr(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void coreRegisterIdsAreOffsetsInU32WordsOfKvmRegs() {
        assertThat(KvmRegId.coreX(0)).isEqualTo(0x6030000000100000L);
        assertThat(KvmRegId.coreX(1)).isEqualTo(0x6030000000100002L);
        assertThat(KvmRegId.coreX(30)).isEqualTo(0x603000000010003CL);
        assertThat(KvmRegId.CORE_SP).isEqualTo(0x603000000010003EL);
        assertThat(KvmRegId.CORE_PC).isEqualTo(0x6030000000100040L);
        assertThat(KvmRegId.CORE_PSTATE).isEqualTo(0x6030000000100042L);
        assertThat(KvmRegId.CORE_SP_EL1).isEqualTo(0x6030000000100044L);
        assertThat(KvmRegId.CORE_ELR_EL1).isEqualTo(0x6030000000100046L);
        assertThat(KvmRegId.coreV(0)).isEqualTo(0x6040000000100054L);
        assertThat(KvmRegId.coreV(31)).isEqualTo(0x60400000001000D0L);
        assertThat(KvmRegId.CORE_FPSR).isEqualTo(0x60200000001000D4L);
        assertThat(KvmRegId.CORE_FPCR).isEqualTo(0x60200000001000D5L);
        assertThatThrownBy(() -> KvmRegId.coreX(31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KvmRegId.coreV(32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KvmRegId.core(2, KvmRegId.SIZE_U64)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firmwarePseudoRegisters() {
        assertThat(KvmRegId.FW_PSCI_VERSION).isEqualTo(0x6030000000140000L);
        assertThat(KvmRegId.FW_SMCCC_ARCH_WORKAROUND_1).isEqualTo(0x6030000000140001L);
        assertThat(KvmRegId.FW_SMCCC_ARCH_WORKAROUND_2).isEqualTo(0x6030000000140002L);
        assertThat(KvmRegId.FW_SMCCC_ARCH_WORKAROUND_3).isEqualTo(0x6030000000140003L);
        assertThat(KvmRegId.STD_BMAP).isEqualTo(0x6030000000160000L);
        assertThat(KvmRegId.STD_HYP_BMAP).isEqualTo(0x6030000000160001L);
        assertThat(KvmRegId.VENDOR_HYP_BMAP).isEqualTo(0x6030000000160002L);
        assertThat(KvmRegId.VENDOR_HYP_BMAP_2).isEqualTo(0x6030000000160003L);
        assertThat(KvmRegId.VENDOR_HYP_BMAP_2_DISCOVER_IMPL_VER | KvmRegId.VENDOR_HYP_BMAP_2_DISCOVER_IMPL_CPUS).isEqualTo(3);
        assertThat(KvmRegId.isArm64(KvmRegId.VENDOR_HYP_BMAP_2)).isTrue();
        assertThat(KvmRegId.isArm64(0x4030000000000000L)).isFalse();
    }

    @Test
    void timerIdsKeepTheAbisSwapOfCvalAndCnt() {
        assertThat(KvmRegId.TIMER_CTL).isEqualTo(0x603000000013DF19L);
        assertThat(KvmRegId.TIMER_CVAL).isEqualTo(0x603000000013DF02L);
        assertThat(KvmRegId.TIMER_CNT).isEqualTo(0x603000000013DF1AL);
        assertThat(KvmRegId.PTIMER_CTL).isEqualTo(0x603000000013DF11L);
        assertThat(KvmRegId.PTIMER_CVAL).isEqualTo(0x603000000013DF12L);
        assertThat(KvmRegId.PTIMER_CNT).isEqualTo(0x603000000013DF01L);
    }

    @Test
    void sveIds() {
        assertThat(KvmRegId.SVE_VLS).isEqualTo(0x606000000015FFFFL);
        assertThat(KvmRegId.sizeBytes(KvmRegId.SVE_VLS)).isEqualTo(64);
        assertThat(KvmRegId.sveZreg(0, 0)).isEqualTo(0x6080000000150000L);
        assertThat(KvmRegId.sveZreg(31, 31)).isEqualTo(0x60800000001503FFL);
        assertThat(KvmRegId.svePreg(15, 1)).isEqualTo(0x60500000001505E1L);
        assertThat(KvmRegId.sveFfr(0)).isEqualTo(0x6050000000150600L);
        assertThatThrownBy(() -> KvmRegId.sveZreg(0, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hexIsSixteenLowerCaseDigits() {
        assertThat(KvmRegId.hex(0x603000000013C020L)).isEqualTo("0x603000000013c020");
        assertThat(KvmRegId.hex(5)).isEqualTo("0x0000000000000005");
    }
}
