package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ioctls, structures and encodings a VMM needs beyond the probing ones: request numbers and
 * layouts as a C compiler computes them from include/uapi/linux/kvm.h (x86_64 build of the generic
 * structs, arm64 structs re-declared from arch/arm64/include/uapi/asm/kvm.h; Linux 6.12).
 */
class VmmAbiTest {

    private static long off(MemoryLayout l, String... path) {
        return Structs.offset(l, path);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "KVM_IRQ_LINE, 0x4008AE61",
        "KVM_GET_MP_STATE, 0x8004AE98",
        "KVM_SET_MP_STATE, 0x4004AE99",
        "KVM_GET_VCPU_EVENTS, 0x8040AE9F",
        "KVM_SET_VCPU_EVENTS, 0x4040AEA0",
        "KVM_GET_DIRTY_LOG, 0x4010AE42",
        "KVM_CLEAR_DIRTY_LOG, 0xC018AEC0",
        "KVM_ARM_SET_COUNTER_OFFSET, 0x4010AEB5",
    })
    void requestNumbersMatchTheUapiMacros(String name, String hex) throws ReflectiveOperationException {
        Ioctl ioctl = (Ioctl) Ioctls.class.getField(name).get(null);
        assertThat(ioctl.name()).isEqualTo(name);
        assertThat(ioctl.request()).isEqualTo(Long.parseLong(hex.substring(2), 16));
    }

    @Test
    void structLayouts() {
        assertThat(Structs.KVM_IRQ_LEVEL.byteSize()).isEqualTo(8);
        assertThat(off(Structs.KVM_IRQ_LEVEL, "level")).isEqualTo(4);
        assertThat(Structs.KVM_MP_STATE.byteSize()).isEqualTo(4);
        assertThat(Structs.KVM_VCPU_EVENTS.byteSize()).isEqualTo(64);
        assertThat(off(Structs.KVM_VCPU_EVENTS, "exception", "serror_has_esr")).isEqualTo(1);
        assertThat(off(Structs.KVM_VCPU_EVENTS, "exception", "ext_dabt_pending")).isEqualTo(2);
        assertThat(off(Structs.KVM_VCPU_EVENTS, "exception", "serror_esr")).isEqualTo(8);
        assertThat(off(Structs.KVM_VCPU_EVENTS, "reserved")).isEqualTo(16);
        assertThat(Structs.KVM_DIRTY_LOG.byteSize()).isEqualTo(16);
        assertThat(off(Structs.KVM_DIRTY_LOG, "dirty_bitmap")).isEqualTo(8);
        assertThat(Structs.KVM_CLEAR_DIRTY_LOG.byteSize()).isEqualTo(24);
        assertThat(off(Structs.KVM_CLEAR_DIRTY_LOG, "num_pages")).isEqualTo(4);
        assertThat(off(Structs.KVM_CLEAR_DIRTY_LOG, "first_page")).isEqualTo(8);
        assertThat(off(Structs.KVM_CLEAR_DIRTY_LOG, "dirty_bitmap")).isEqualTo(16);
        assertThat(Structs.KVM_ARM_COUNTER_OFFSET.byteSize()).isEqualTo(16);
    }

    @Test
    void glibcSigactionLayout() {
        // bits/sigaction.h on 64-bit Linux (gcc: sizeof 152, sa_mask at 8, sa_flags at 136, sa_restorer at 144)
        assertThat(LibC.Sigaction.LAYOUT.byteSize()).isEqualTo(152);
        assertThat(off(LibC.Sigaction.LAYOUT, "sa_mask")).isEqualTo(8);
        assertThat(off(LibC.Sigaction.LAYOUT, "sa_flags")).isEqualTo(136);
        assertThat(off(LibC.Sigaction.LAYOUT, "sa_restorer")).isEqualTo(144);
        assertThat(ThreadSignals.SA_RESTART).isEqualTo(0x1000_0000);
    }

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
        assertThat(VgicV3Attr.mpidrField(mpidr)).isEqualTo(0x0102_0304_0000_0000L);
        assertThat(VgicV3Attr.redistReg(mpidr, 0x0014)).isEqualTo(0x0102_0304_0000_0014L);
        assertThat(VgicV3Attr.distReg(0x0100)).isEqualTo(0x100);
        // KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT 10, VGIC_LEVEL_INFO_LINE_LEVEL 0, INTID base in 9..0
        assertThat(VgicV3Attr.lineLevel(0, 64)).isEqualTo(64);
        assertThat(VgicV3Attr.LINE_LEVEL_INFO_MASK).isEqualTo(0x3FFFFFL << 10);
        assertThatThrownBy(() -> VgicV3Attr.lineLevel(0, 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VgicV3Attr.distReg(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constants() {
        assertThat(KvmCap.MANUAL_DIRTY_LOG_PROTECT2).isEqualTo(168);
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
        assertThat(VgicV3Attr.CTRL_SAVE_PENDING_TABLES).isEqualTo(3);
    }
}
