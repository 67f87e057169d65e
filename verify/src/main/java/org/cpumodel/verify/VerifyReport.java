package org.cpumodel.verify;

import java.util.List;

/** The outcome of following a model's plan on one target: per register, and the setup steps that failed. */
public record VerifyReport(String target, String modelId, String modelName, List<RegisterResult> registers, List<StepFailure> failures,
                           String explainedBy) {

    public VerifyReport {
        registers = List.copyOf(registers);
        failures = List.copyOf(failures);
    }

    /** A step other than a register write that failed (capability, vCPU init, vGIC creation). */
    public record StepFailure(int step, String op, String errno, String explanation) {
    }

    /** True when every register holds and no step failed. */
    public boolean holds() {
        return failures.isEmpty() && registers.stream().allMatch(RegisterResult::holds);
    }

    public List<RegisterResult> refused() {
        return registers.stream().filter(r -> !r.holds()).toList();
    }
}
