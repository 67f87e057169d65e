package org.cpumodel.verify;

import org.cpumodel.emit.KvmPlan;
import org.cpumodel.uapi.KvmIoctlException;

/**
 * What happened to each step {@link PlanPhases} applied, numbered as in the plan. {@code verify}
 * records everything and goes on past a refused register; a VMM stops at the first refusal. The
 * exception is the KVM's own: the ioctl and the errno, and from the reference KVM its verdict
 * ({@link org.cpumodel.kernel.reference.ReferenceRefusal}).
 */
public interface StepListener {

    /** A register step is about to be applied; {@code prior} is the value before it (null when it cannot be read). */
    default void before(int number, KvmPlan.Step step, Long prior) {
    }

    /** The KVM accepted a register step (KVM_SET_ONE_REG or the vGIC CPU sysreg). */
    default void accepted(int number, KvmPlan.Step step) {
    }

    /** The KVM refused a register step. */
    void refused(int number, KvmPlan.Step step, KvmIoctlException e);

    /** Another step failed; answer true to stop applying the plan. */
    boolean failed(int number, KvmPlan.Step step, KvmIoctlException e);
}
