package org.cpumodel.labagent.differential;

import java.util.List;

/**
 * A differential trial plan: data, not code. Each scenario is one fresh VM with one vCPU (created,
 * initialised with {@code features}); optionally capability 239 enabled before the vCPU, a vGICv3
 * created after it, {@code setup} writes, one KVM_RUN, then the {@code probes}. Every step is a trial.
 *
 * @param host      the host the plan was generated for (profile host name)
 * @param kernel    the host kernel release
 * @param profileId the content hash of the profile the plan was generated from
 */
public record TrialPlan(String host, String kernel, String profileId, long seed, List<Scenario> scenarios) {

    public static final String FORMAT = "cpumodel-trial-plan";
    public static final int VERSION = 1;

    public TrialPlan {
        scenarios = List.copyOf(scenarios);
    }

    public int trialCount() {
        return scenarios.stream().mapToInt(s -> s.setup().size() + s.probes().size()).sum();
    }

    /**
     * One VM. With {@code finalizeAfterSetup} (an SVE vCPU), the vCPU is initialised but not finalised
     * before the setup writes (which may set KVM_REG_ARM64_SVE_VLS), then KVM_ARM_VCPU_FINALIZE runs
     * (an event), then the optional KVM_RUN and the probes; otherwise an SVE vCPU is finalised with
     * KVM's default vector lengths right after KVM_ARM_VCPU_INIT.
     */
    public record Scenario(int id, String features, boolean enableCap239, boolean vgic, boolean run, boolean finalizeAfterSetup,
                           List<Step> setup, List<Step> probes) {
        public Scenario {
            setup = List.copyOf(setup);
            probes = List.copyOf(probes);
        }

        /** A scenario whose vCPU is complete (SVE finalised) before its first write. */
        public Scenario(int id, String features, boolean enableCap239, boolean vgic, boolean run, List<Step> setup, List<Step> probes) {
            this(id, features, enableCap239, vgic, run, false, setup, probes);
        }
    }

    /** Where a step writes. */
    public enum Target {
        /** KVM_SET_ONE_REG on the vCPU. */
        ONE_REG,
        /** ICC_CTLR_EL1 through KVM_SET_DEVICE_ATTR on the vGICv3 (group CPU_SYSREGS). */
        ICC_CTLR,
        /**
         * KVM_REG_ARM64_SVE_VLS (512 bits, bit vq-1 for a vector length of vq*128 bits): the step's value is
         * the first 64-bit word, the other words are written as 0; the read-back is the first word.
         */
        SVE_VLS
    }

    /**
     * One write, then a read-back; with {@code restore}, a changed register is written back to the
     * value read before the write.
     *
     * @param register name for people (the id decides)
     * @param field    the field(s) the generator changed, for people
     */
    public record Step(int trial, TrialCategory category, Target target, long regId, String register, String field, long value, boolean restore) {
    }
}
