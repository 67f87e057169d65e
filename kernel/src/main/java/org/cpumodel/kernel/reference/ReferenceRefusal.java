package org.cpumodel.kernel.reference;

import java.util.OptionalLong;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.uapi.KvmIoctlException;

/**
 * A write the reference KVM refused, as the KVM interface reports it (the ioctl and the errno) with
 * the reason behind it: the {@link Verdict} naming the register, the deciding field and the rule.
 */
public final class ReferenceRefusal extends KvmIoctlException {

    private static final long serialVersionUID = 1L;

    private final transient Verdict verdict;

    ReferenceRefusal(String ioctl, OptionalLong registerId, Verdict verdict) {
        super(ioctl, verdict.errno().number(), registerId, verdict.toString());
        this.verdict = verdict;
    }

    /** The kernel's answer with its reason. */
    public Verdict verdict() {
        return verdict;
    }
}
