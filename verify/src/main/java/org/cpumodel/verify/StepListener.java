package org.cpumodel.verify;

import org.cpumodel.emit.KvmPlan;

/**
 * What happened to each step {@link PlanPhases} applied, numbered as in the plan. {@code verify}
 * records everything and goes on past a refused register; a VMM stops at the first refusal.
 */
public interface StepListener {

    /** A register step is about to be applied; {@code prior} is the value before it (null when it cannot be read). */
    default void before(int number, KvmPlan.Step step, Long prior) {
    }

    /** The kernel accepted a register step (KVM_SET_ONE_REG or the vGIC CPU sysreg). */
    default void accepted(int number, KvmPlan.Step step) {
    }

    /** The kernel refused a register step. */
    void refused(int number, KvmPlan.Step step, TargetException e);

    /** Another step failed; answer true to stop applying the plan. */
    boolean failed(int number, KvmPlan.Step step, TargetException e);
}
