package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.uapi.VgicV3;
import org.junit.jupiter.api.Test;

/** Value types and the kvm_run view, without KVM. */
class ValuesTest {

    @Test
    void vcpuInitFeatures() {
        VcpuInit init = new VcpuInit(KvmVcpuInit.TARGET_GENERIC_V8).withFeature(KvmVcpuInit.PSCI_0_2)
                .withFeature(KvmVcpuInit.HAS_EL2).withFeature(40);
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
    void coreRegisterIdsAreTheOffsetsOfTheKvmRegsLayout() {
        // uapi writes the offsets as numbers; the FFM layout of struct kvm_regs must give the same ids
        assertThat(KvmRegId.coreX(5)).isEqualTo(KvmRegId.core(Structs.offset(Structs.KVM_REGS_CORE, "regs") + 8L * 5, KvmRegId.SIZE_U64));
        assertThat(KvmRegId.CORE_SP).isEqualTo(KvmRegId.core(Structs.offset(Structs.KVM_REGS_CORE, "regs", "sp"), KvmRegId.SIZE_U64));
        assertThat(KvmRegId.CORE_PC).isEqualTo(KvmRegId.core(Structs.offset(Structs.KVM_REGS_CORE, "regs", "pc"), KvmRegId.SIZE_U64));
        assertThat(KvmRegId.CORE_PSTATE).isEqualTo(KvmRegId.core(Structs.offset(Structs.KVM_REGS_CORE, "regs", "pstate"), KvmRegId.SIZE_U64));
        assertThat(KvmRegId.CORE_SP_EL1).isEqualTo(KvmRegId.core(Structs.offset(Structs.KVM_REGS_CORE, "sp_el1"), KvmRegId.SIZE_U64));
        assertThat(KvmRegId.CORE_ELR_EL1).isEqualTo(KvmRegId.core(Structs.offset(Structs.KVM_REGS_CORE, "elr_el1"), KvmRegId.SIZE_U64));
        assertThat(KvmRegId.coreV(0)).as("vregs after spsr[5], 16-byte aligned")
                .isEqualTo(KvmRegId.core((Structs.KVM_REGS_CORE.byteSize() + 15) / 16 * 16, KvmRegId.SIZE_U128));
    }
}
