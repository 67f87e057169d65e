package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KvmRegIdTest {

    @Test
    void sizeComesFromBits52To55() {
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
        assertThat(KvmRegId.sysreg(3, 3, 0, 0, 1)).isEqualTo(0x603000000013D801L); // CTR_EL0
        assertThat(KvmRegId.sysreg(3, 1, 0, 0, 1)).isEqualTo(0x603000000013C801L); // CLIDR_EL1
        assertThat(KvmRegId.sysregEncoding(0x603000000013C020L)).isEqualTo(0xC020);
        assertThatThrownBy(() -> KvmRegId.sysreg(4, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void featureIdRangeIndex() {
        assertThat(KvmRegId.featureIdRangeIndex(3, 0, 0, 4, 0)).isEqualTo(32);
        assertThat(KvmRegId.featureIdRangeIndex(3, 1, 0, 0, 1)).isEqualTo(65);
        assertThat(KvmRegId.featureIdRangeIndex(3, 3, 0, 0, 1)).isEqualTo(129);
        assertThat(KvmRegId.featureIdRangeIndex(0x603000000013C03CL)).isEqualTo(60); // ID_AA64MMFR4_EL1
        assertThat(KvmRegId.featureIdRangeIndex(KvmRegId.sysreg(3, 0, 12, 12, 4))).isEqualTo(-1);
        assertThat(KvmRegId.featureIdRangeIndex(KvmRegId.sysreg(3, 2, 0, 0, 0))).isEqualTo(-1);
    }

    @Test
    void ccsidrDemuxIdIsU32() {
        assertThat(KvmRegId.ccsidr(0)).isEqualTo(0x6020000000110000L);
        assertThat(KvmRegId.ccsidr(1)).isEqualTo(0x6020000000110001L); // L1 I-cache
        assertThat(KvmRegId.ccsidr(4)).isEqualTo(0x6020000000110004L); // L3 data/unified
        assertThat(KvmRegId.sizeBytes(KvmRegId.ccsidr(2))).isEqualTo(4);
        assertThat(KvmRegId.coproc(KvmRegId.ccsidr(2))).isEqualTo(KvmRegId.COPROC_DEMUX);
        assertThatThrownBy(() -> KvmRegId.ccsidr(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void coreRegisterIdsAreOffsetsInU32Words() {
        assertThat(KvmRegId.coreX(0)).isEqualTo(0x6030000000100000L);
        assertThat(KvmRegId.coreX(1)).isEqualTo(0x6030000000100002L);
        assertThat(KvmRegId.coreX(30)).isEqualTo(0x603000000010003CL);
        assertThat(KvmRegId.CORE_SP).isEqualTo(0x603000000010003EL);
        assertThat(KvmRegId.CORE_PC).isEqualTo(0x6030000000100040L);
        assertThat(KvmRegId.CORE_PSTATE).isEqualTo(0x6030000000100042L);
        assertThat(KvmRegId.CORE_SP_EL1).isEqualTo(0x6030000000100044L);
        assertThat(KvmRegId.CORE_ELR_EL1).isEqualTo(0x6030000000100046L);
        assertThatThrownBy(() -> KvmRegId.coreX(31)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firmwareIds() {
        assertThat(KvmRegId.VENDOR_HYP_BMAP_2).isEqualTo(0x6030000000160003L);
        assertThat(KvmRegId.STD_BMAP).isEqualTo(0x6030000000160000L);
        assertThat(KvmRegId.FW_PSCI_VERSION).isEqualTo(0x6030000000140000L);
        assertThat(KvmRegId.isArm64(KvmRegId.VENDOR_HYP_BMAP_2)).isTrue();
        assertThat(KvmRegId.isArm64(0x4030000000000000L)).isFalse();
    }

    @Test
    void hexIsSixteenLowerCaseDigits() {
        assertThat(KvmRegId.hex(0x603000000013C020L)).isEqualTo("0x603000000013c020");
        assertThat(KvmRegId.hex(5)).isEqualTo("0x0000000000000005");
    }
}
