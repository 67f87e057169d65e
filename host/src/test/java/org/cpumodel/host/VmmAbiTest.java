package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ioctls and structures a VMM needs beyond the probing ones: request numbers and layouts as a
 * C compiler computes them from include/uapi/linux/kvm.h (x86_64 build of the generic structs,
 * arm64 structs re-declared from arch/arm64/include/uapi/asm/kvm.h; Linux 6.12). The pure numbers
 * (IRQ-line encoding, vGIC attributes, MP states, dirty-log flags) are tested in uapi.
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
}
