package org.cpumodel.labagent.differential;

import java.util.List;

/** What one KVM (real or reference) answered to a {@link TrialPlan}, step by step. */
public record TrialResults(String executor, String host, String kernel, long seed, List<ScenarioOutcome> scenarios) {

    public static final String FORMAT = "cpumodel-trial-results";
    public static final int VERSION = 1;

    public TrialResults {
        scenarios = List.copyOf(scenarios);
    }

    /**
     * @param events scenario-level answers in order, e.g. {@code enable-cap-239:EINVAL}, {@code run:OK}
     */
    public record ScenarioOutcome(int id, List<String> events, List<StepOutcome> steps) {
        public ScenarioOutcome {
            events = List.copyOf(events);
            steps = List.copyOf(steps);
        }
    }

    /**
     * @param errno    {@code OK} or the errno name of the write
     * @param readBack the register after the write, null when it could not be read
     * @param restore  errno of the restoring write, null when none was needed
     * @param detail   the reference KVM's reason (null for real KVM)
     */
    public record StepOutcome(int trial, String errno, Long readBack, String restore, String detail) {
    }
}
