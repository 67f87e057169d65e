package org.cpumodel.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.KvmVm;
import org.junit.jupiter.api.Test;

/**
 * The phases as a VMM with several vCPUs uses them: every call lands on the right object, in plan
 * order, and a listener that throws stops the VMM at the refused register.
 */
class PlanPhasesTest {

    final KvmPlan plan = PlanExecutorTest.plan(PlanExecutorTest.model());

    /** A VM, vCPU or vGIC of the KVM interface that records every call made on it. */
    static final class Recorder implements KvmVm, KvmVcpu, KvmVgic {
        final String name;
        final List<String> calls;
        long refuse = -1;

        Recorder(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        @Override
        public void enableCap(int cap) {
            calls.add(name + " cap " + cap);
        }

        @Override
        public void setSmcccFilter(int base, int n, int action) {
            calls.add(name + " filter 0x" + Integer.toHexString(base) + "+" + n + " action " + action);
        }

        @Override
        public KvmVcpu createVcpu(int id) {
            throw new UnsupportedOperationException("the caller creates the vCPUs");
        }

        @Override
        public long[] getRegWritableMasks(int range) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KvmVgic createVgicV3() {
            throw new UnsupportedOperationException("the caller creates the vGIC");
        }

        @Override
        public int id() {
            return 0;
        }

        @Override
        public void init(int f) {
            calls.add(name + " init 0x" + Integer.toHexString(f));
        }

        @Override
        public void finalizeSve(List<Integer> v) {
            calls.add(name + " sve " + v);
        }

        @Override
        public long getOneReg(long id) {
            return 0;
        }

        @Override
        public byte[] getOneRegBytes(long id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setOneReg(long id, long value) {
            if (id == refuse) {
                throw new KvmIoctlException("KVM_SET_ONE_REG", Errno.EINVAL.number(), OptionalLong.of(id), null);
            }
            calls.add(name + " set 0x" + Long.toHexString(id));
        }

        @Override
        public void setOneRegBytes(long id, byte[] value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long[] getRegList() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long[] readSysregsAsGuest(int... sysregEncodings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getCpuSysreg(KvmVcpu vcpu, int sysreg) {
            return 0;
        }

        @Override
        public void setCpuSysreg(KvmVcpu vcpu, int sysreg, long v) {
            calls.add(((Recorder) vcpu).name + " icc 0x" + Integer.toHexString(sysreg) + " = 0x" + Long.toHexString(v) + " on " + name);
        }

        @Override
        public void close() {
        }
    }

    static final StepListener STRICT = new StepListener() {
        public void refused(int number, KvmPlan.Step step, KvmIoctlException e) {
            throw new IllegalStateException("step " + number + " refused: " + e.getMessage());
        }

        public boolean failed(int number, KvmPlan.Step step, KvmIoctlException e) {
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
        Recorder gic = new Recorder("gic", calls);
        assertThat(PlanPhases.applyVgic(plan, gic, cpu0, STRICT)).isTrue();
        assertThat(PlanPhases.applyVgic(plan, gic, cpu1, STRICT)).isTrue();

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
        want.add("cpu0 icc 0xc664 = 0x" + Long.toHexString(icc) + " on gic");
        want.add("cpu1 icc 0xc664 = 0x" + Long.toHexString(icc) + " on gic");
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
