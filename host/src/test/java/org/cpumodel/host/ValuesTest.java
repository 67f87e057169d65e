package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Value types and the kvm_run view, without KVM. */
class ValuesTest {

    @Test
    void vgicV3Encodings() {
        assertThat(VgicV3.ICC_CTLR_EL1).isEqualTo(0xC664);
        assertThat(VgicV3.ICC_PMR_EL1).isEqualTo(0xC230);
        assertThat(VgicV3.ICC_BPR1_EL1).isEqualTo(0xC663);
        assertThat(VgicV3.ICC_SRE_EL1).isEqualTo(0xC665);
        assertThat(VgicV3.ICC_IGRPEN1_EL1).isEqualTo(0xC667);
        assertThat(VgicV3.DEVICE_TYPE).isEqualTo(7);
    }

    @Test
    void vgicCpuSysregAttrPacksAffinityLikeVgicToMpidr() {
        // vCPU 0: MPIDR_EL1 = 0x80000000 (bit 31 RES1, affinity 0)
        assertThat(VgicV3.cpuSysregAttr(0x8000_0000L, VgicV3.ICC_CTLR_EL1)).isEqualTo(0xC664L);
        // Aff0=1, Aff1=2, Aff2=3, Aff3=4 (MPIDR bits 39:32)
        assertThat(VgicV3.cpuSysregAttr(0x04_8003_0201L, VgicV3.ICC_CTLR_EL1)).isEqualTo(0x04030201_0000C664L);
    }

    @Test
    void vcpuInitFeatures() {
        VcpuInit init = new VcpuInit(VcpuInit.TARGET_GENERIC_V8).withFeature(VcpuInit.FEATURE_PSCI_0_2)
                .withFeature(VcpuInit.FEATURE_HAS_EL2).withFeature(40);
        assertThat(init.features()).containsExactly(0x84, 1 << 8, 0, 0, 0, 0, 0);
        assertThat(init.hasFeature(2)).isTrue();
        assertThat(init.hasFeature(3)).isFalse();
        assertThat(init.withoutFeature(40).withoutFeature(7)).isEqualTo(new VcpuInit(5, new int[] {4}));
        assertThat(init).hasToString("VcpuInit[target=5, features={2,7,40}]");
        assertThatThrownBy(() -> new VcpuInit(5, new int[8])).isInstanceOf(IllegalArgumentException.class);
        int[] leak = init.features();
        leak[0] = 0;
        assertThat(init.hasFeature(2)).isTrue();
    }

    @Test
    void vcpuInitReadBackFromTheStruct() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Structs.KVM_VCPU_INIT);
            s.set(JAVA_INT, 0, 5);
            s.set(JAVA_INT, 4, 0b101);
            s.set(JAVA_INT, 28, 1 << 31);
            VcpuInit init = VmFd.readVcpuInit(s);
            assertThat(init.target()).isEqualTo(5);
            assertThat(init.hasFeature(0)).isTrue();
            assertThat(init.hasFeature(2)).isTrue();
            assertThat(init.hasFeature(6 * 32 + 31)).isTrue();
        }
    }

    @Test
    void kvmRunViewDecodesMmioAndHypercallExits() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment page = arena.allocate(4096, 8);
            KvmRun run = new KvmRun(page);
            page.set(JAVA_INT, 8, KvmExit.MMIO);
            page.set(JAVA_LONG, 32, 0x1000L);
            page.set(JAVA_BYTE, 40, (byte) 0x42);
            page.set(JAVA_BYTE, 41, (byte) 0x01);
            page.set(JAVA_INT, 48, 8);
            page.set(JAVA_BYTE, 52, (byte) 1);
            assertThat(run.exitReason()).isEqualTo(KvmExit.MMIO);
            assertThat(run.mmioPhysAddr()).isEqualTo(0x1000L);
            assertThat(run.mmioLen()).isEqualTo(8);
            assertThat(run.mmioIsWrite()).isTrue();
            assertThat(run.mmioValue()).isEqualTo(0x0142L);
            assertThat(run.mmioData()).startsWith((byte) 0x42, (byte) 0x01);
            assertThat(run).hasToString("KvmRun[exit=MMIO, write 0x1000 len=8 data=[66, 1, 0, 0, 0, 0, 0, 0]]");
            run.setMmioValue(0x1122334455667788L);
            assertThat(page.get(JAVA_BYTE, 40)).isEqualTo((byte) 0x88);
            page.set(JAVA_INT, 48, 2);
            assertThat(run.mmioValue()).isEqualTo(0x7788L);

            page.set(JAVA_INT, 8, KvmExit.HYPERCALL);
            page.set(JAVA_LONG, 32, 0xC6000040L);
            page.set(JAVA_LONG, 96, KvmRun.HYPERCALL_EXIT_SMC);
            assertThat(run.hypercallNr()).isEqualTo(0xC6000040L);
            assertThat(run.hypercallFlags()).isEqualTo(1L);
            assertThat(run.hypercallArgs()).hasSize(6);
            assertThat(KvmExit.name(run.exitReason())).isEqualTo("HYPERCALL");

            run.setImmediateExit(true);
            assertThat(page.get(JAVA_BYTE, 1)).isEqualTo((byte) 1);
        }
    }

    @Test
    void kvmExitNames() {
        assertThat(KvmExit.name(6)).isEqualTo("MMIO");
        assertThat(KvmExit.name(24)).isEqualTo("SYSTEM_EVENT");
        assertThat(KvmExit.name(99)).isEqualTo("exit 99");
    }
}
