package org.cpumodel.vmm.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.cpumodel.host.VcpuEvents;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.VgicV3;
import org.cpumodel.vmm.device.Ns16550a;
import org.junit.jupiter.api.Test;

class MachineStateCodecTest {

    static VcpuState vcpu() {
        byte[] v0 = new byte[16];
        v0[0] = 0x11;
        v0[15] = (byte) 0xEE;
        return new VcpuState(1, 0x8000_0001L, List.of(new VcpuState.Reg(KvmRegId.CORE_PC, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                new VcpuState.Reg(KvmRegId.coreV(0), v0), new VcpuState.Reg(KvmRegId.CORE_FPSR, new byte[] {9, 0, 0, 0})), 1,
                new VcpuEvents(true, true, false, 0x1234));
    }

    @Test
    void vcpuRoundTrips() {
        VcpuState v = vcpu();
        VcpuState back = MachineStateCodec.vcpu(MachineStateCodec.vcpu(v));
        assertThat(back).isEqualTo(v);
        assertThat(back.value(KvmRegId.CORE_PC)).hasValue(0x0807060504030201L);
        assertThat(back.value(KvmRegId.CORE_FPSR)).hasValue(9);
    }

    @Test
    void vgicAndUartRoundTrip() {
        VgicState g = new VgicState(256, List.of(new VgicState.Attr(VgicV3.GRP_DIST_REGS, 8, 0x43b), new VgicState.Attr(VgicV3.GRP_CPU_SYSREGS,
                VgicV3.cpuSysregAttr(0, VgicV3.ICC_CTLR_EL1), 0xFFFF_0000_0000_0400L)));
        assertThat(MachineStateCodec.vgic(MachineStateCodec.vgic(g))).isEqualTo(g);
        Ns16550a.State u = new Ns16550a.State(5, 3, 8, 0x55, 12, 0, true, true, 0, 1, new byte[] {'h', 'i'});
        Ns16550a.State ub = MachineStateCodec.uart(MachineStateCodec.uart(u));
        assertThat(ub.received()).containsExactly('h', 'i');
        assertThat(ub.ier()).isEqualTo(5);
        assertThat(ub.thrInterruptPending()).isTrue();
    }

    @Test
    void truncatedOrTrailingPayloadIsRefused() {
        byte[] b = MachineStateCodec.vcpu(vcpu());
        assertThatThrownBy(() -> MachineStateCodec.vcpu(Arrays.copyOf(b, b.length - 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> MachineStateCodec.vcpu(Arrays.copyOf(b, b.length + 3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after its end");
    }

    @Test
    void aRegisterValueMustHaveItsIdsSize() {
        assertThatThrownBy(() -> new VcpuState.Reg(KvmRegId.CORE_PC, new byte[4])).hasMessageContaining("4 bytes");
    }
}
