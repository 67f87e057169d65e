package org.cpumodel.vmm.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cpumodel.emit.KvmPlan;
import org.junit.jupiter.api.Test;

/** What the VMM reads from a plan: features, PMU, registers, hypercalls; what it refuses to boot. */
class CpuModelTest {

    static KvmPlan plan(int bits, List<KvmPlan.Step> regs) {
        List<KvmPlan.Step> steps = new java.util.ArrayList<>(List.of(new KvmPlan.CreateVcpus("all"), new KvmPlan.VcpuInit(bits, List.of(), "f")));
        steps.addAll(regs);
        steps.add(new KvmPlan.CreateVgicV3("gic"));
        return new KvmPlan("sha256:0123456789abcdef", "pool", "pmu", null, steps, List.of(), List.of(), List.of());
    }

    @Test
    void theHostCpuIsAPlanWithoutRegistersAndDefaultFeatures() {
        CpuModel host = CpuModel.host();
        assertThat(host.hostCpu()).isTrue();
        assertThat(host.initBits()).isEqualTo(1 << 2);
        assertThat(host.pmu()).isFalse();
        assertThat(host.registers()).isEmpty();
        assertThat(host.forwardsHypercalls()).isFalse();
        assertThat(host.describe()).isEqualTo("the host's own CPU");
        assertThat(host.plan().steps(KvmPlan.Phase.VM)).isEmpty();
    }

    @Test
    void aModelsFeaturesAndRegisters() {
        KvmPlan.SetOneReg midr = new KvmPlan.SetOneReg("MIDR_EL1", 0x603000000013c000L, 0x410fd0c0L, "identity");
        CpuModel m = CpuModel.of(plan(1 << 2 | 1 << 3, List.of(midr)));
        assertThat(m.pmu()).isTrue();
        assertThat(m.registers()).containsExactly(midr);
        assertThat(m.describe()).isEqualTo("model pool (0123456789ab)");
        assertThat(m.hypercallAnswer(0xC6000040L, 0)).as("nothing forwarded: NOT_SUPPORTED").containsExactly(-1, 0, 0, 0);
    }

    @Test
    void modelsThisVmmCannotBootAreRefusedWithTheReason() {
        assertThatThrownBy(() -> CpuModel.of(plan(1 << 2 | 1 << 7, List.of()))).hasMessageContaining("el2");
        assertThatThrownBy(() -> CpuModel.of(plan(0, List.of()))).hasMessageContaining("PSCI 0.2");
    }
}
