package org.cpumodel.planner.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kernel.abi.KernelTooOldException;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.kernel.reference.ReferenceVcpu;
import org.cpumodel.kernel.reference.ReferenceVgic;
import org.cpumodel.kernel.reference.ReferenceVm;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.planner.gic.GicRules;
import org.cpumodel.planner.rules.CounterFrequencyRule;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmIoctlException;

/**
 * Runs a guest CPU model through a host's reference KVM the way a VMM would apply it: create the VM,
 * enable capability 239 when the model writes the identity, create and initialise a vCPU with the
 * model's features, write the identity and every register in plan order, then create the vGICv3 and
 * restore ICC_CTLR_EL1. Each step gets the kernel's answer with the deciding field and rule.
 */
public final class ModelCheck {

    /** One ioctl of the plan and the kernel's answer. */
    public record Step(String ioctl, String register, long value, Errno errno, String field, String rule, String explanation) {
        public boolean ok() {
            return errno == Errno.OK;
        }
    }

    /** The answers of one host to one model. */
    public record Report(String host, String profileId, String modelId, List<Step> steps) {
        public Report {
            steps = List.copyOf(steps);
        }

        public boolean accepted() {
            return steps.stream().allMatch(Step::ok);
        }

        public Optional<Step> firstRefusal() {
            return steps.stream().filter(s -> !s.ok()).findFirst();
        }
    }

    private ModelCheck() {
    }

    public static Report run(GuestCpuModel model, HostProfile p) {
        List<Step> steps = new ArrayList<>();
        String host = p.host().name();
        if (!model.possible()) {
            steps.add(new Step("-", "-", 0, Errno.EINVAL, "-", "impossible-model",
                    "the model is not possible (" + model.blockers().size() + " blockers): there is nothing to apply"));
            return new Report(host, p.id(), model.id(), steps);
        }
        if (model.counterFrequencyHz() != null) {
            Step counter = counter(model.counterFrequencyHz(), p);
            steps.add(counter);
            if (!counter.ok()) {
                return new Report(host, p.id(), model.id(), steps);
            }
        }
        ReferenceKvm kvm;
        try {
            kvm = new ReferenceKvm(org.cpumodel.kernel.abi.ModelConditions.apply(model, p));
        } catch (KernelTooOldException e) {
            steps.add(new Step("open /dev/kvm", "-", 0, Errno.ENOTTY, "-", "kernel-too-old", e.getMessage()));
            return new Report(host, p.id(), model.id(), steps);
        }
        ReferenceVm vm = kvm.createVm();
        steps.add(new Step("KVM_CREATE_VM", "-", 0, Errno.OK, "-", "-", "VM created"));
        GuestCpuModel.Identity id = model.identity();
        try {
            if (id.writesIdentity()) {
                vm.enableCap(KvmCap.ARM_WRITABLE_IMP_ID_REGS);
                steps.add(new Step("KVM_ENABLE_CAP(" + KvmCap.ARM_WRITABLE_IMP_ID_REGS + ")", "-", 0, Errno.OK, "-", "-", "writable MIDR/REVIDR/AIDR enabled"));
            }
            ReferenceVcpu vcpu = vm.createVcpu(0);
            vcpu.init(model.featureSet());
            steps.add(new Step("KVM_ARM_VCPU_INIT", "-", model.featureSet().initBits(), Errno.OK, "-", "-",
                    "vCPU initialised with features '" + model.featureSet() + "'"));
            if (model.vcpu() != null && model.vcpu().sve() && !model.vcpu().sveVectorLengths().isEmpty()) {
                // guest.c set_sve_vls, then kvm_arm_vcpu_finalize: what a VMM does before the first run
                vcpu.finalizeSve(model.vcpu().sveVectorLengths());
                steps.add(new Step("KVM_SET_ONE_REG(SVE_VLS)+KVM_ARM_VCPU_FINALIZE", "KVM_REG_ARM64_SVE_VLS", 0, Errno.OK, "-", "-",
                        "SVE vector lengths " + model.vcpu().sveVectorLengths() + " set and SVE finalised"));
            }
            KnowledgeBase kb = KnowledgeBase.load();
            if (id.writesIdentity()) {
                set(steps, vcpu, kb.require("MIDR_EL1"), id.midr());
                set(steps, vcpu, kb.require("REVIDR_EL1"), id.revidr());
                set(steps, vcpu, kb.require("AIDR_EL1"), id.aidr());
            }
            for (GuestCpuModel.RegisterSetting s : model.registers()) {
                set(steps, vcpu, kb.require(s.register()), s.value());
            }
            if (model.gic() != null) {
                ReferenceVgic vgic = vm.createVgicV3();
                steps.add(new Step("KVM_CREATE_DEVICE(VGIC_V3)", "-", 0, Errno.OK, "-", "-", "vGICv3 created"));
                Verdict v = model.gic().whatIfRange() ? GicRules.whatIf(p.gic(), model.gic().iccCtlr()) : vgic.setIccCtlr(vcpu, model.gic().iccCtlr());
                steps.add(new Step(model.gic().whatIfRange() ? "KVM_SET_DEVICE_ATTR(what-if range)" : "KVM_SET_DEVICE_ATTR", "ICC_CTLR_EL1",
                        model.gic().iccCtlr(), v.errno(), v.field(), v.rule(), v.explanation()));
            }
        } catch (KvmIoctlException e) {
            steps.add(new Step(e.ioctl(), "-", 0, e.errnoConstant().orElse(Errno.EINVAL), "-", "ioctl-failed", e.getMessage()));
        }
        return new Report(host, p.id(), model.id(), steps);
    }

    /**
     * CNTFRQ_EL0 of the host against the model's: KVM does not virtualise it (no descriptor in Linux 6.12
     * arch/arm64/kvm/sys_regs.c), so nothing a VMM writes can change it; a different known value refuses,
     * an unknown one is accepted on the stated condition.
     */
    static Step counter(long modelHz, HostProfile p) {
        String host = p.host().name();
        var own = CounterFrequencyRule.of(p);
        if (own.isEmpty()) {
            return new Step("-", "CNTFRQ_EL0", modelHz, Errno.OK, "-", "counter-frequency-equal",
                    CounterFrequencyRule.condition(host, modelHz).why());
        }
        if (own.getAsLong() != modelHz) {
            return new Step("-", "CNTFRQ_EL0", own.getAsLong(), Errno.EINVAL, "-", "counter-frequency-equal", "the model's guests see a"
                    + " counter at " + CounterFrequencyRule.mhz(modelHz) + ", " + host + "'s runs at " + CounterFrequencyRule.mhz(own.getAsLong())
                    + "; CNTFRQ_EL0 is guest-visible and KVM does not virtualise it, so a guest moved here would keep time at the wrong rate");
        }
        return new Step("-", "CNTFRQ_EL0", modelHz, Errno.OK, "-", "counter-frequency-equal",
                host + "'s counter runs at " + CounterFrequencyRule.mhz(modelHz) + ", as the model's");
    }

    private static void set(List<Step> steps, ReferenceVcpu vcpu, Register r, Long value) {
        if (value == null) {
            return;
        }
        Verdict v = vcpu.setOneRegExplained(r.encoding().oneRegId(), value);
        steps.add(new Step("KVM_SET_ONE_REG", r.name(), value, v.errno(), v.field(), v.rule(), v.explanation()));
    }
}
