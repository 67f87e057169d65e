package org.cpumodel.labagent.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.cpumodel.kernel.reference.ReferenceVcpu;
import org.cpumodel.kernel.reference.ReferenceVgic;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.labagent.differential.TrialPlan.Scenario;
import org.cpumodel.labagent.differential.TrialPlan.Step;
import org.cpumodel.labagent.differential.TrialResults.ScenarioOutcome;
import org.cpumodel.labagent.differential.TrialResults.StepOutcome;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.uapi.GuestExitException;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.uapi.VgicV3;

/**
 * Executes a {@link TrialPlan} on a {@link KvmSystem}, the same code for real and reference KVM:
 * per step, read the register, write the value, read it back, and (restore) write the old value
 * back when it changed. Scenario-level answers (capability, vCPU, vGIC, run) are recorded as events;
 * an answer is "OK", the errno's name, or {@code EXIT_<reason>} for a guest that stopped unexpectedly.
 * The reference KVM's reason for each write is kept as the step's detail.
 */
public final class TrialRunner {

    static final String OK = "OK";

    private TrialRunner() {
    }

    /** Runs every scenario; {@code name} says who answered ("kvm", "reference") in the results. */
    public static TrialResults run(TrialPlan plan, KvmSystem kvm, String name, Consumer<String> progress) {
        List<ScenarioOutcome> out = new ArrayList<>();
        int done = 0;
        for (Scenario s : plan.scenarios()) {
            out.add(run(s, kvm));
            done++;
            if (done % 50 == 0) {
                progress.accept("lab-trials: " + done + "/" + plan.scenarios().size() + " scenarios");
            }
        }
        return new TrialResults(name, plan.host(), plan.kernel(), plan.seed(), out);
    }

    static ScenarioOutcome run(Scenario s, KvmSystem kvm) {
        List<String> events = new ArrayList<>();
        List<StepOutcome> steps = new ArrayList<>();
        try (KvmVm vm = kvm.createVm()) {
            if (s.enableCap239()) {
                events.add("enable-cap-239:" + errnoOf(() -> vm.enableCap(KvmCap.ARM_WRITABLE_IMP_ID_REGS)));
            }
            KvmVcpu vcpu;
            try {
                vcpu = s.finalizeAfterSetup() ? initialised(vm, FeatureSet.parse(s.features()).initBits())
                        : vm.createVcpu(0, FeatureSet.parse(s.features()).initBits(), List.of());
                events.add("vcpu:OK");
            } catch (KvmIoctlException e) {
                events.add("vcpu:" + e.errnoName());
                skipAll(s, steps);
                return new ScenarioOutcome(s.id(), events, steps);
            }
            try (KvmVcpu v = vcpu) {
                KvmVgic gic = null;
                if (s.vgic()) {
                    try {
                        gic = vm.createVgicV3();
                        events.add("vgic:OK");
                    } catch (KvmIoctlException e) {
                        events.add("vgic:" + e.errnoName());
                    }
                }
                try {
                    for (Step st : s.setup()) {
                        steps.add(step(st, v, gic));
                    }
                    if (s.finalizeAfterSetup()) {
                        events.add("finalize:" + errnoOf(() -> v.finalizeSve(List.of())));
                    }
                    if (s.run()) {
                        events.add("run:" + errnoOf(() -> v.readSysregsAsGuest()));
                    }
                    for (Step st : s.probes()) {
                        steps.add(step(st, v, gic));
                    }
                } finally {
                    if (gic != null) {
                        gic.close();
                    }
                }
            }
        }
        return new ScenarioOutcome(s.id(), events, steps);
    }

    /** KVM_CREATE_VCPU and KVM_ARM_VCPU_INIT without KVM_ARM_VCPU_FINALIZE (closed again when init fails). */
    private static KvmVcpu initialised(KvmVm vm, int features) {
        KvmVcpu vcpu = vm.createVcpu(0);
        try {
            vcpu.init(features);
            return vcpu;
        } catch (RuntimeException e) {
            vcpu.close();
            throw e;
        }
    }

    private static void skipAll(Scenario s, List<StepOutcome> steps) {
        for (Step st : s.setup()) {
            steps.add(new StepOutcome(st.trial(), "SKIPPED", null, null, null));
        }
        for (Step st : s.probes()) {
            steps.add(new StepOutcome(st.trial(), "SKIPPED", null, null, null));
        }
    }

    private static StepOutcome step(Step st, KvmVcpu vcpu, KvmVgic gic) {
        if (st.target() == TrialPlan.Target.ICC_CTLR) {
            if (gic == null) {
                return new StepOutcome(st.trial(), "NO_VGIC", null, null, null);
            }
            KvmVgic g = gic;
            String errno = errnoOf(() -> g.setCpuSysreg(vcpu, VgicV3.ICC_CTLR_EL1, st.value()));
            String detail = gic instanceof ReferenceVgic r ? detail(r.lastVerdict()) : null;
            Long after = read(() -> g.getCpuSysreg(vcpu, VgicV3.ICC_CTLR_EL1));
            return new StepOutcome(st.trial(), errno, after, null, detail);
        }
        if (st.target() == TrialPlan.Target.SVE_VLS) {
            return sveVls(st, vcpu);
        }
        Long before = read(() -> vcpu.getOneReg(st.regId()));
        String errno = errnoOf(() -> vcpu.setOneReg(st.regId(), st.value()));
        String detail = vcpu instanceof ReferenceVcpu r ? detail(r.lastVerdict()) : null;
        Long after = read(() -> vcpu.getOneReg(st.regId()));
        String restore = null;
        if (st.restore() && before != null && after != null && !after.equals(before)) {
            long b = before;
            restore = errnoOf(() -> vcpu.setOneReg(st.regId(), b));
        }
        return new StepOutcome(st.trial(), errno, after, restore, detail);
    }

    /** A write of the SVE vector-length bitmap: its first word is the step's value, the read-back its first word. */
    private static StepOutcome sveVls(Step st, KvmVcpu vcpu) {
        Long before = read(() -> firstWord(vcpu.getOneRegBytes(KvmRegId.SVE_VLS)));
        String errno = errnoOf(() -> vcpu.setOneRegBytes(KvmRegId.SVE_VLS, vls(st.value())));
        Long after = read(() -> firstWord(vcpu.getOneRegBytes(KvmRegId.SVE_VLS)));
        String restore = null;
        if (st.restore() && before != null && after != null && !after.equals(before)) {
            long b = before;
            restore = errnoOf(() -> vcpu.setOneRegBytes(KvmRegId.SVE_VLS, vls(b)));
        }
        return new StepOutcome(st.trial(), errno, after, restore, null);
    }

    static byte[] vls(long firstWord) {
        byte[] out = new byte[KvmRegId.sizeBytes(KvmRegId.SVE_VLS)];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (firstWord >>> (8 * i));
        }
        return out;
    }

    /** The first little-endian word; a bit set in a later word (a vector length above 8192 bits) is folded into bit 63. */
    static long firstWord(byte[] b) {
        long v = org.cpumodel.kb.Bits.littleEndian(b, Math.min(8, b.length));
        for (int i = 8; i < b.length; i++) {
            if (b[i] != 0) {
                v |= Long.MIN_VALUE;
            }
        }
        return v;
    }

    /** The reference KVM's reason for its last answer: the rule, then the whole verdict. */
    private static String detail(Verdict v) {
        return v == null ? null : v.rule() + " " + v;
    }

    private static String errnoOf(Runnable r) {
        try {
            r.run();
            return OK;
        } catch (KvmIoctlException e) {
            return e.errnoName();
        } catch (GuestExitException e) {
            return "EXIT_" + KvmExit.name(e.exitReason());
        }
    }

    private static Long read(LongSupplier s) {
        try {
            return s.getAsLong();
        } catch (KvmIoctlException e) {
            return null;
        }
    }
}
