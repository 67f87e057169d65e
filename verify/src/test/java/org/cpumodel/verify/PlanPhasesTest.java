package org.cpumodel.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.emit.KvmPlan;
import org.junit.jupiter.api.Test;

/**
 * The phases as a VMM with several vCPUs uses them: every call lands on the right object, in plan
 * order, and a listener that throws stops the VMM at the refused register.
 */
class PlanPhasesTest {

    final KvmPlan plan = PlanExecutorTest.plan(PlanExecutorTest.model());

    /** Records every call made on it. */
    static final class Recorder implements VmSteps, VcpuSteps, VgicSteps {
        final String name;
        final List<String> calls;
        long refuse = -1;

        Recorder(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        public void enableCap(int cap) {
            calls.add(name + " cap " + cap);
        }

        public void setSmcccFilter(long base, int n, int action) {
            calls.add(name + " filter 0x" + Long.toHexString(base) + "+" + n + " action " + action);
        }

        public void init(int f) {
            calls.add(name + " init 0x" + Integer.toHexString(f));
        }

        public void finalizeSve(List<Integer> v) {
            calls.add(name + " sve " + v);
        }

        public long getOneReg(long id) {
            return 0;
        }

        public void setOneReg(long id, long value) {
            if (id == refuse) {
                throw new TargetException("KVM_SET_ONE_REG", "EINVAL", "-", "kernel", "refused");
            }
            calls.add(name + " set 0x" + Long.toHexString(id));
        }

        public long getIccCtlr() {
            return 0;
        }

        public void setIccCtlr(long v) {
            calls.add(name + " icc 0x" + Long.toHexString(v));
        }
    }

    static final StepListener STRICT = new StepListener() {
        public void refused(int number, KvmPlan.Step step, TargetException e) {
            throw new IllegalStateException("step " + number + " refused: " + e.getMessage());
        }

        public boolean failed(int number, KvmPlan.Step step, TargetException e) {
            throw new IllegalStateException("step " + number + " failed: " + e.getMessage());
        }
    };

    @Test
    void eachPhaseCallsOnlyItsOwnTargetInPlanOrder() {
        List<String> calls = new ArrayList<>();
        Recorder vm = new Recorder("vm", calls);
        Recorder cpu0 = new Recorder("cpu0", calls);
        Recorder cpu1 = new Recorder("cpu1", calls);
        assertThat(PlanPhases.applyVm(plan, vm, STRICT)).isTrue();
        assertThat(PlanPhases.create(plan, KvmPlan.Phase.CREATE_VCPUS, STRICT, () -> calls.add("create vcpus"))).isTrue();
        assertThat(PlanPhases.applyVcpu(plan, cpu0, STRICT)).isTrue();
        assertThat(PlanPhases.applyVcpu(plan, cpu1, STRICT)).isTrue();
        assertThat(PlanPhases.create(plan, KvmPlan.Phase.CREATE_VGIC, STRICT, () -> calls.add("create vgic"))).isTrue();
        assertThat(PlanPhases.applyVgic(plan, cpu0, STRICT)).isTrue();
        assertThat(PlanPhases.applyVgic(plan, cpu1, STRICT)).isTrue();

        List<String> want = new ArrayList<>(List.of("vm cap 239", "vm filter 0xc6000040+2 action 2", "create vcpus"));
        for (String cpu : List.of("cpu0", "cpu1")) {
            for (KvmPlan.Numbered n : plan.steps(KvmPlan.Phase.VCPU)) {
                want.add(switch (n.step()) {
                    case KvmPlan.VcpuInit c -> cpu + " init 0x" + Integer.toHexString(c.bits());
                    case KvmPlan.SetOneReg c -> cpu + " set 0x" + Long.toHexString(c.id());
                    default -> throw new AssertionError(n);
                });
            }
        }
        want.add("create vgic");
        long icc = ((KvmPlan.SetVgicCpuSysreg) plan.steps(KvmPlan.Phase.VGIC).getFirst().step()).value();
        want.add("cpu0 icc 0x" + Long.toHexString(icc));
        want.add("cpu1 icc 0x" + Long.toHexString(icc));
        assertThat(calls).containsExactlyElementsOf(want);
    }

    @Test
    void aStrictListenerStopsAtTheRefusedRegisterWithItsNumber() {
        Recorder cpu = new Recorder("cpu", new ArrayList<>());
        KvmPlan.Numbered ctr = plan.steps(KvmPlan.Phase.VCPU).stream()
                .filter(n -> n.step() instanceof KvmPlan.SetOneReg r && r.register().equals("CTR_EL0")).findFirst().orElseThrow();
        cpu.refuse = ((KvmPlan.SetOneReg) ctr.step()).id();
        assertThatThrownBy(() -> PlanPhases.applyVcpu(plan, cpu, STRICT)).hasMessageContaining("step " + ctr.number() + " refused");
        assertThat(cpu.calls).last().asString().doesNotContain(Long.toHexString(cpu.refuse));
    }
}
