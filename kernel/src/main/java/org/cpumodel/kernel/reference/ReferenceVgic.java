package org.cpumodel.kernel.reference;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.cpumodel.kb.Sysregs.ICC_CTLR_EL1;
import org.cpumodel.kernel.rules.IccCtlrRule;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.VgicV3;

/**
 * The vGICv3 device's CPU sysreg group for ICC_CTLR_EL1 (vgic-sys-reg-v3.c set_gic_ctlr /
 * get_gic_ctlr, kvm-arm64-semantics.md 4.4): PRIbits and IDbits may only go down (and stay down,
 * even when a later step fails), SEIS and A3V must equal the host's. Other CPU interface registers
 * are not modelled.
 */
public final class ReferenceVgic implements KvmVgic {

    private final ReferenceVm vm;
    private final GicCpuInterface host;
    private final Map<Integer, int[]> perVcpu = new HashMap<>();
    private Verdict lastVerdict;

    ReferenceVgic(ReferenceVm vm) {
        this.vm = vm;
        this.host = vm.kvm().profile().gic();
        if (host == null) {
            throw new KvmIoctlException("KVM_CREATE_DEVICE", Errno.ENODEV,
                    "vGICv3: profile of " + vm.kvm().profile().host().name() + " records no GIC CPU interface values; collect it again on the host");
        }
    }

    /** {numPriBits, numIdBits, cbpr, eoimode} of a vCPU, initialised from the host's ICH_VTR_EL2. */
    private int[] state(ReferenceVcpu vcpu) {
        return perVcpu.computeIfAbsent(vcpu.id(), k -> new int[] {host.priBits() + 1, host.idBits(), 0, 0});
    }

    public long getIccCtlr(ReferenceVcpu vcpu) {
        int[] s = state(vcpu);
        return ICC_CTLR_EL1.EOImode.set(ICC_CTLR_EL1.CBPR.set(IccCtlrRule.value(s[0] - 1, s[1], host.seis(), host.a3v()), s[2]), s[3]);
    }

    /** KVM_SET_DEVICE_ATTR of ICC_CTLR_EL1: the kernel's answer with its reason. */
    public Verdict setIccCtlr(ReferenceVcpu vcpu, long value) {
        lastVerdict = decide(vcpu, value);
        return lastVerdict;
    }

    /** The verdict of the last ICC_CTLR_EL1 write, for reports; null before any. */
    public Verdict lastVerdict() {
        return lastVerdict;
    }

    private Verdict decide(ReferenceVcpu vcpu, long value) {
        int[] s = state(vcpu);
        long before = getIccCtlr(vcpu);
        int pri = (int) ICC_CTLR_EL1.PRIbits.get(value) + 1;
        if (pri > s[0]) {
            return Verdict.rejected(Errno.EINVAL, ICC_CTLR_EL1.NAME, ICC_CTLR_EL1.PRIbits.name(), "lower-only", value, before,
                    "PRIbits " + (pri - 1) + " exceeds this vCPU's " + (s[0] - 1) + " (priority bits may only be lowered)");
        }
        s[0] = pri;
        int id = (int) ICC_CTLR_EL1.IDbits.get(value);
        if (id > s[1]) {
            return Verdict.rejected(Errno.EINVAL, ICC_CTLR_EL1.NAME, ICC_CTLR_EL1.IDbits.name(), "lower-only", value, before,
                    "IDbits " + id + " exceeds this vCPU's " + s[1]);
        }
        s[1] = id;
        if (ICC_CTLR_EL1.SEIS.get(value) != host.seis()) {
            return Verdict.rejected(Errno.EINVAL, ICC_CTLR_EL1.NAME, ICC_CTLR_EL1.SEIS.name(), "equal-to-host", value, before,
                    "SEIS must equal the host's " + host.seis());
        }
        if (ICC_CTLR_EL1.A3V.get(value) != host.a3v()) {
            return Verdict.rejected(Errno.EINVAL, ICC_CTLR_EL1.NAME, ICC_CTLR_EL1.A3V.name(), "equal-to-host", value, before,
                    "A3V must equal the host's " + host.a3v());
        }
        s[2] = (int) ICC_CTLR_EL1.CBPR.get(value);
        s[3] = (int) ICC_CTLR_EL1.EOImode.get(value);
        return Verdict.accepted(ICC_CTLR_EL1.NAME, value, before, "PRIbits/IDbits not above the host's, SEIS and A3V equal");
    }

    public ReferenceVm vm() {
        return vm;
    }

    @Override
    public long getCpuSysreg(KvmVcpu vcpu, int sysreg) {
        requireIccCtlr("KVM_GET_DEVICE_ATTR", sysreg);
        return getIccCtlr(own(vcpu));
    }

    /** KVM_SET_DEVICE_ATTR through the KVM interface: a refusal is a {@link ReferenceRefusal} carrying the verdict. */
    @Override
    public void setCpuSysreg(KvmVcpu vcpu, int sysreg, long value) {
        requireIccCtlr("KVM_SET_DEVICE_ATTR", sysreg);
        Verdict v = setIccCtlr(own(vcpu), value);
        if (!v.isAccepted()) {
            throw new ReferenceRefusal("KVM_SET_DEVICE_ATTR", OptionalLong.empty(), v);
        }
    }

    private static void requireIccCtlr(String ioctl, int sysreg) {
        if (sysreg != VgicV3.ICC_CTLR_EL1) {
            throw new KvmIoctlException(ioctl, Errno.ENXIO, String.format("CPU sysreg 0x%04x: the reference KVM models only ICC_CTLR_EL1", sysreg));
        }
    }

    private ReferenceVcpu own(KvmVcpu vcpu) {
        if (!(vcpu instanceof ReferenceVcpu r) || r.vm() != vm) {
            throw new IllegalArgumentException("not a vCPU of this reference VM: " + vcpu);
        }
        return r;
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }
}
