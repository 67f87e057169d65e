package org.cpumodel.verify;

import java.util.function.LongSupplier;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.uapi.SmcccFilter;

/**
 * The one applier of a {@link KvmPlan}: its steps as calls on the KVM interface ({@link KvmVm},
 * {@link KvmVcpu}, {@link KvmVgic}), phase by phase, so that {@code cpumodel verify} (one scratch
 * vCPU, {@link PlanExecutor}, on this host's KVM or the reference KVM) and the VMM (its own VM
 * wrapped by host's {@code FfmVm.wrap}, many vCPUs, each phase on the thread that must make its
 * calls) apply a model the same way:
 * <ol>
 * <li>{@link #applyVm}: capability 239 and the SMCCC filter, on the VM before any vCPU;</li>
 * <li>the caller creates its vCPUs ({@link KvmPlan.Phase#CREATE_VCPUS});</li>
 * <li>{@link #applyVcpu}, on each vCPU: KVM_ARM_VCPU_INIT, SVE finalisation, the registers;</li>
 * <li>the caller creates and initialises the vGIC ({@link KvmPlan.Phase#CREATE_VGIC});</li>
 * <li>{@link #applyVgic}, on each vCPU's CPU interface: ICC_CTLR_EL1.</li>
 * </ol>
 * Every refused call goes to the {@link StepListener} as the KVM's {@link KvmIoctlException}; each
 * method returns false when the listener asked to stop.
 */
public final class PlanPhases {

    private PlanPhases() {
    }

    /** The {@link KvmPlan.Phase#VM VM} steps. */
    public static boolean applyVm(KvmPlan plan, KvmVm vm, StepListener l) {
        for (KvmPlan.Numbered n : plan.steps(KvmPlan.Phase.VM)) {
            boolean go = switch (n.step()) {
                case KvmPlan.EnableCap c -> other(n, l, () -> vm.enableCap(c.cap()));
                case KvmPlan.SmcccFilter c -> other(n, l, () -> vm.setSmcccFilter((int) c.base(), c.nrFunctions(), SmcccFilter.action(c.action())));
                default -> throw unexpected(n);
            };
            if (!go) {
                return false;
            }
        }
        return true;
    }

    /**
     * A structural step of the plan ({@link KvmPlan.Phase#CREATE_VCPUS} or
     * {@link KvmPlan.Phase#CREATE_VGIC}) done by the caller's {@code action}, reported under the
     * plan's number for it; without such a step in the plan the action still runs.
     */
    public static boolean create(KvmPlan plan, KvmPlan.Phase phase, StepListener l, Runnable action) {
        if (phase != KvmPlan.Phase.CREATE_VCPUS && phase != KvmPlan.Phase.CREATE_VGIC) {
            throw new IllegalArgumentException("not a creation phase: " + phase);
        }
        var steps = plan.steps(phase);
        if (steps.isEmpty()) {
            action.run();
            return true;
        }
        return other(steps.getFirst(), l, action);
    }

    /** The {@link KvmPlan.Phase#VCPU vCPU} steps on one vCPU (from the thread that created it, for a VMM). */
    public static boolean applyVcpu(KvmPlan plan, KvmVcpu vcpu, StepListener l) {
        for (KvmPlan.Numbered n : plan.steps(KvmPlan.Phase.VCPU)) {
            boolean go = switch (n.step()) {
                case KvmPlan.VcpuInit c -> other(n, l, () -> vcpu.init(c.bits()));
                case KvmPlan.FinalizeSve c -> other(n, l, () -> vcpu.finalizeSve(c.vectorLengths()));
                case KvmPlan.SetOneReg c -> register(n, l, () -> vcpu.getOneReg(c.id()), () -> vcpu.setOneReg(c.id(), c.value()));
                default -> throw unexpected(n);
            };
            if (!go) {
                return false;
            }
        }
        return true;
    }

    /** The {@link KvmPlan.Phase#VGIC vGIC} steps on the CPU interface of {@code vcpu}. */
    public static boolean applyVgic(KvmPlan plan, KvmVgic gic, KvmVcpu vcpu, StepListener l) {
        for (KvmPlan.Numbered n : plan.steps(KvmPlan.Phase.VGIC)) {
            boolean go = switch (n.step()) {
                case KvmPlan.SetVgicCpuSysreg c -> register(n, l, () -> gic.getCpuSysreg(vcpu, c.sysreg()),
                        () -> gic.setCpuSysreg(vcpu, c.sysreg(), c.value()));
                case KvmPlan.RestoreAfter c -> true; // an ordering rule for restores, no call of its own
                default -> throw unexpected(n);
            };
            if (!go) {
                return false;
            }
        }
        return true;
    }

    private static boolean other(KvmPlan.Numbered n, StepListener l, Runnable call) {
        try {
            call.run();
            return true;
        } catch (KvmIoctlException e) {
            return !l.failed(n.number(), n.step(), e);
        }
    }

    private static boolean register(KvmPlan.Numbered n, StepListener l, LongSupplier read, Runnable write) {
        Long prior;
        try {
            prior = read.getAsLong();
        } catch (KvmIoctlException e) {
            prior = null;
        }
        l.before(n.number(), n.step(), prior);
        try {
            write.run();
        } catch (KvmIoctlException e) {
            l.refused(n.number(), n.step(), e);
            return true;
        }
        l.accepted(n.number(), n.step());
        return true;
    }

    private static IllegalStateException unexpected(KvmPlan.Numbered n) {
        return new IllegalStateException("step " + n.number() + " (" + n.step().op() + ") in phase " + n.step().phase());
    }
}
