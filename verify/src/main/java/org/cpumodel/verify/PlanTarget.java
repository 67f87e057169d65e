package org.cpumodel.verify;

import java.util.List;

/**
 * A scratch VM with one vCPU that a {@link org.cpumodel.emit.KvmPlan} can be followed on: the real
 * {@code /dev/kvm} ({@link FfmTarget}) or the reference KVM of a host profile ({@link ReferenceTarget}).
 * Every method throws {@link TargetException} when the kernel refuses.
 */
public interface PlanTarget extends AutoCloseable {

    /** What the target is, for reports ("this host's /dev/kvm (Linux 7.3...)", "reference KVM of host X"). */
    String describe();

    void enableCap(int cap);

    void setSmcccFilter(long base, int nrFunctions, int action);

    void createVcpu();

    void init(int features0);

    void finalizeSve(List<Integer> vectorLengthsBits);

    long getOneReg(long id);

    void setOneReg(long id, long value);

    /** Creates, places and initialises a vGICv3 (after the vCPU exists). */
    void createVgicV3();

    long getIccCtlr();

    void setIccCtlr(long value);

    @Override
    void close();
}
