package org.cpumodel.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.uapi.SmcccFilter;
import org.junit.jupiter.api.Test;

/** The plan's phases (what a VMM runs where) and the answers to the forwarded errata hypercalls. */
class KvmPlanPhasesTest {

    final GuestCpuModel model = Fixtures.model();
    final KvmPlan plan = KvmPlanEmitter.plan(ModelDelta.of(model, null));

    @Test
    void everyStepBelongsToExactlyOnePhaseAndTheNumbersAreThePlans() {
        List<KvmPlan.Numbered> all = new ArrayList<>();
        for (KvmPlan.Phase p : KvmPlan.Phase.values()) {
            all.addAll(plan.steps(p));
        }
        assertThat(all).extracting(KvmPlan.Numbered::number).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, plan.steps().size()).boxed().toList());
        assertThat(all).extracting(KvmPlan.Numbered::step).containsExactlyElementsOf(plan.steps());
        assertThat(plan.steps(KvmPlan.Phase.VM)).extracting(n -> n.step().op()).containsExactly("KVM_ENABLE_CAP", "KVM_ARM_VM_SMCCC_FILTER");
        assertThat(plan.steps(KvmPlan.Phase.CREATE_VCPUS)).hasSize(1);
        assertThat(plan.steps(KvmPlan.Phase.VCPU).getFirst().step()).isInstanceOf(KvmPlan.VcpuInit.class);
        assertThat(plan.steps(KvmPlan.Phase.VCPU)).extracting(n -> n.step().op()).doesNotContain("KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS");
        assertThat(plan.steps(KvmPlan.Phase.VGIC)).extracting(n -> n.step().op()).containsExactly("KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS", "RESTORE_AFTER");
    }

    @Test
    void aPlanThatGoesBackToAnEarlierPhaseIsRefusedNamingTheStep() {
        List<KvmPlan.Step> steps = new ArrayList<>(plan.steps());
        KvmPlan.Step cap = steps.removeFirst();
        steps.add(3, cap);
        assertThatThrownBy(() -> new KvmPlan(plan.modelId(), plan.modelName(), plan.featureSet(), null, steps, plan.hypercalls(),
                plan.regList(), plan.notes())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plan step 4 (KVM_ENABLE_CAP, phase VM)");
    }

    @Test
    void hypercallAnswersComeFromThePlan() {
        List<GuestCpuModel.ErrataTarget> t = model.identity().errataTargets();
        assertThat(t).hasSize(2);
        long[] ver = plan.hypercallAnswer(SmcccFilter.DISCOVER_IMPL_VER, 0);
        assertThat(ver).containsExactly(0, 0x1_0000L, 2, 0);
        for (int i = 0; i < t.size(); i++) {
            assertThat(plan.hypercallAnswer(SmcccFilter.DISCOVER_IMPL_CPUS, i)).containsExactly(0, t.get(i).midr(), t.get(i).revidr(), t.get(i).aidr());
        }
        assertThat(plan.hypercallAnswer(SmcccFilter.DISCOVER_IMPL_CPUS, 2)).containsExactly(-3, 0, 0, 0);
        assertThat(plan.hypercallAnswer(0xC600_0042L, 0)).containsExactly(-1, 0, 0, 0);
    }
}
