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

    /** One VM. */
    public record Scenario(int id, String features, boolean enableCap239, boolean vgic, boolean run, List<Step> setup, List<Step> probes) {
        public Scenario {
            setup = List.copyOf(setup);
            probes = List.copyOf(probes);
        }
    }

    /** Where a step writes. */
    public enum Target {
        /** KVM_SET_ONE_REG on the vCPU. */
        ONE_REG,
        /** ICC_CTLR_EL1 through KVM_SET_DEVICE_ATTR on the vGICv3 (group CPU_SYSREGS). */
        ICC_CTLR
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
