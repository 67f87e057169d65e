package org.cpumodel.vmm.cpu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.verify.PlanPhases;
import org.cpumodel.verify.StepListener;

/**
 * The guest CPU the VMM presents: a model's KVM plan ({@code cpumodel emit --format kvm}), applied
 * through the same {@link PlanPhases} {@code cpumodel verify} uses, over the same KVM interface (the
 * VMM's own VM, vCPUs and vGIC wrapped by host's {@code FfmVm}), or the host's own CPU (a plan with
 * no registers: vCPU features {@code default}, i.e. PSCI 0.2 only). The phases are called by the VMM
 * where the kernel needs them: {@link #applyVm} before any vCPU, {@link #applyVcpu} on each vCPU's
 * own thread, {@link #applyVgic} once the vGIC is initialised. Any refusal stops the boot
 * ({@link ModelRefusedException}); every register is read back and must hold.
 */
public final class CpuModel {

    private final KvmPlan plan;
    private final boolean hostCpu;

    private CpuModel(KvmPlan plan, boolean hostCpu) {
        this.plan = plan;
        this.hostCpu = hostCpu;
    }

    /** The model behind {@code plan}. */
    public static CpuModel of(KvmPlan plan) {
        List<KvmPlan.Numbered> init = plan.steps(KvmPlan.Phase.VCPU).stream().filter(n -> n.step() instanceof KvmPlan.VcpuInit).toList();
        if (init.size() != 1) {
            throw new IllegalArgumentException("the KVM plan of model " + plan.modelName() + " has " + init.size()
                    + " KVM_ARM_VCPU_INIT steps; it needs exactly one");
        }
        int bits = ((KvmPlan.VcpuInit) init.getFirst().step()).bits();
        if (KvmVcpuInit.has(bits, KvmVcpuInit.HAS_EL2)) {
            throw new IllegalArgumentException("model " + plan.modelName() + " has the el2 vCPU feature (nested virtualisation):"
                    + " this VMM boots guests at EL1 only; use a model of another feature set");
        }
        if (!KvmVcpuInit.has(bits, KvmVcpuInit.PSCI_0_2)) {
            throw new IllegalArgumentException("model " + plan.modelName() + ": the plan's vCPUs lack PSCI 0.2, which this VMM boots secondaries with");
        }
        return new CpuModel(plan, false);
    }

    /** The host's own CPU: no register is written, the vCPUs have the default features (PSCI 0.2). */
    public static CpuModel host() {
        List<KvmPlan.Step> steps = List.of(
                new KvmPlan.CreateVcpus("every vCPU of the VM"),
                new KvmPlan.VcpuInit(FeatureSet.DEFAULT.initBits(), List.of("PSCI_0_2"), "the host's own CPU, default vCPU features"),
                new KvmPlan.CreateVgicV3("after every vCPU exists"));
        return new CpuModel(new KvmPlan(null, "host", FeatureSet.DEFAULT.name(), null, steps, List.of(), List.of(), List.of()), true);
    }

    public KvmPlan plan() {
        return plan;
    }

    /** True for {@link #host()}. */
    public boolean hostCpu() {
        return hostCpu;
    }

    /** "host CPU" or "model NAME (ID)". */
    public String describe() {
        return hostCpu ? "the host's own CPU" : "model " + plan.modelName() + (plan.modelId() == null ? "" : " (" + shortId(plan.modelId()) + ")");
    }

    private static String shortId(String id) {
        int colon = id.indexOf(':');
        String h = colon < 0 ? id : id.substring(colon + 1);
        return h.length() > 12 ? h.substring(0, 12) : h;
    }

    /** kvm_vcpu_init.features[0] of every vCPU (without POWER_OFF). */
    public int initBits() {
        return plan.steps(KvmPlan.Phase.VCPU).stream().map(KvmPlan.Numbered::step).filter(s -> s instanceof KvmPlan.VcpuInit)
                .mapToInt(s -> ((KvmPlan.VcpuInit) s).bits()).findFirst().orElseThrow();
    }

    /** Whether the vCPUs have a PMU (KVM_ARM_VCPU_PMU_V3), which the VMM then initialises after the vGIC. */
    public boolean pmu() {
        return KvmVcpuInit.has(initBits(), KvmVcpuInit.PMU_V3);
    }

    /** Whether the guest's errata hypercalls come to userspace (an SMCCC filter step). */
    public boolean forwardsHypercalls() {
        return !plan.hypercalls().isEmpty();
    }

    /** The registers the plan sets on every vCPU: (name, ONE_REG id, value). */
    public List<KvmPlan.SetOneReg> registers() {
        return plan.steps(KvmPlan.Phase.VCPU).stream().map(KvmPlan.Numbered::step).filter(s -> s instanceof KvmPlan.SetOneReg)
                .map(s -> (KvmPlan.SetOneReg) s).toList();
    }

    /** Phase VM: capability 239, the SMCCC filter. Before any vCPU exists. */
    public void applyVm(KvmVm vm) {
        PlanPhases.applyVm(plan, vm, strict("the VM"));
    }

    /**
     * Phase vCPU, on the calling thread (the one that created {@code vcpu}): KVM_ARM_VCPU_INIT (the
     * VMM's wrapper adds POWER_OFF for a secondary, which PSCI CPU_ON starts), SVE, every register;
     * then every register is read back and must equal the plan's value. Returns the values read back
     * (register name to value, MIDR_EL1 included even when the plan does not set it).
     */
    public Map<String, Long> applyVcpu(KvmVcpu vcpu) {
        String who = "vCPU " + vcpu.id();
        PlanPhases.applyVcpu(plan, vcpu, strict(who));
        Map<String, Long> back = new LinkedHashMap<>();
        back.put(Sysregs.MIDR_EL1.NAME, vcpu.getOneReg(MIDR_EL1));
        for (KvmPlan.SetOneReg r : registers()) {
            long v = vcpu.getOneReg(r.id());
            if (v != r.value()) {
                throw new ModelRefusedException(String.format("%s: %s was accepted but reads back 0x%016x instead of 0x%016x",
                        who, r.register(), v, r.value()));
            }
            back.put(r.register(), v);
        }
        return back;
    }

    static final long MIDR_EL1 = KvmRegId.sysreg(3, 0, 0, 0, 0);

    /** Phase vGIC, on the CPU interface of {@code vcpu}: ICC_CTLR_EL1. After the vGIC is initialised. */
    public void applyVgic(KvmVgic gic, KvmVcpu vcpu) {
        PlanPhases.applyVgic(plan, gic, vcpu, strict("the vGIC CPU interface of vCPU " + vcpu.id()));
    }

    /** The answer to a forwarded hypercall: x0..x3. */
    public long[] hypercallAnswer(long function, long x1) {
        return plan.hypercallAnswer(function, x1);
    }

    private StepListener strict(String where) {
        return new StepListener() {
            @Override
            public void refused(int number, KvmPlan.Step step, KvmIoctlException e) {
                String reg = step instanceof KvmPlan.SetOneReg r ? r.register() : step instanceof KvmPlan.SetVgicCpuSysreg g ? g.register() : step.op();
                throw new ModelRefusedException(describe() + " does not fit this host's KVM: " + where + " refused " + reg + " (plan step "
                        + number + "): " + e.errnoName() + "; 'cpumodel verify MODEL' names the field and the rule");
            }

            @Override
            public boolean failed(int number, KvmPlan.Step step, KvmIoctlException e) {
                throw new ModelRefusedException(describe() + ": " + where + ": plan step " + number + " (" + step.op() + ") failed: "
                        + e.getMessage());
            }
        };
    }
}
