package org.cpumodel.uapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The numbers a VMM needs beyond the probing ones, against include/uapi/linux/kvm.h,
 * arch/arm64/include/uapi/asm/kvm.h (Linux 6.12), Documentation/virt/kvm/api.rst and
 * devices/arm-vgic-v3.rst: the KVM_IRQ_LINE encoding, the vGIC's save/restore attributes, MP
 * states, dirty-log flags, the vCPU attribute groups and the system event types.
 */
class VmmAbiNumbersTest {

    @Test
    void armIrqEncoding() {
        // api.rst 4.25: irq_type[31:24] (vcpu2_index[31:28] for vCPUs >= 256), vcpu_index[23:16], irq_id[15:0]
        assertThat(ArmIrq.spi(32)).isEqualTo(0x0100_0020);
        assertThat(ArmIrq.spi(33)).isEqualTo(0x0100_0021);
        assertThat(ArmIrq.ppi(3, 23)).isEqualTo(0x0203_0017);
        assertThat(ArmIrq.encode(ArmIrq.TYPE_PPI, 0x1FF, 27)).isEqualTo(0x12FF_001B);
        assertThatThrownBy(() -> ArmIrq.spi(31)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32..1019");
        assertThatThrownBy(() -> ArmIrq.spi(1020)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArmIrq.ppi(0, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vgicAttributes() {
        // MPIDR Aff3=1 Aff2=2 Aff1=3 Aff0=4 packs as 0x01020304 in attr bits 63..32
        long mpidr = 0x01_8002_0304L;
        assertThat(VgicV3.mpidrField(mpidr)).isEqualTo(0x0102_0304_0000_0000L);
        assertThat(VgicV3.redistReg(mpidr, 0x0014)).isEqualTo(0x0102_0304_0000_0014L);
        assertThat(VgicV3.distReg(0x0100)).isEqualTo(0x100);
        // KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT 10, VGIC_LEVEL_INFO_LINE_LEVEL 0, INTID base in 9..0
        assertThat(VgicV3.lineLevel(0, 64)).isEqualTo(64);
        assertThat(VgicV3.LINE_LEVEL_INFO_MASK).isEqualTo(0x3FFFFFL << 10);
        assertThatThrownBy(() -> VgicV3.lineLevel(0, 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VgicV3.distReg(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constants() {
        assertThat(DirtyLog.MEM_LOG_DIRTY_PAGES).isEqualTo(1);
        assertThat(DirtyLog.MANUAL_PROTECT_ENABLE | DirtyLog.INITIALLY_SET).isEqualTo(3);
        assertThat(DirtyLog.bitmapBytes(1)).isEqualTo(8);
        assertThat(DirtyLog.bitmapBytes(64)).isEqualTo(8);
        assertThat(DirtyLog.bitmapBytes(65)).isEqualTo(16);
        assertThat(DirtyLog.bitmapBytes(65536)).isEqualTo(8192);
        assertThat(MpState.STOPPED).isEqualTo(5);
        assertThat(MpState.name(10)).isEqualTo("SUSPENDED");
        assertThat(VcpuAttr.PMU_V3_CTRL).isZero();
        assertThat(VcpuAttr.PMU_V3_INIT).isEqualTo(1);
        assertThat(VgicV3.CTRL_SAVE_PENDING_TABLES).isEqualTo(3);
    }

    @Test
    void systemEventTypes() {
        // KVM_SYSTEM_EVENT_SHUTDOWN .. KVM_SYSTEM_EVENT_SEV_TERM
        assertThat(new int[] {KvmSystemEvent.SHUTDOWN, KvmSystemEvent.RESET, KvmSystemEvent.CRASH, KvmSystemEvent.WAKEUP,
            KvmSystemEvent.SUSPEND, KvmSystemEvent.SEV_TERM}).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(KvmSystemEvent.name(1)).isEqualTo("SHUTDOWN");
        assertThat(KvmSystemEvent.name(5)).isEqualTo("SUSPEND");
        assertThat(KvmSystemEvent.name(9)).isEqualTo("system event 9");
    }
}
