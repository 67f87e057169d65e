package org.cpumodel.verify;

/** What the {@link org.cpumodel.emit.KvmPlan.Phase#VGIC vGIC phase} of a plan does on one vCPU's CPU interface. */
public interface VgicSteps {

    long getIccCtlr();

    void setIccCtlr(long value);
}
