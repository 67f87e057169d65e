package org.cpumodel.verify;

import java.util.List;
import org.cpumodel.kernel.reference.KvmError;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.kernel.reference.ReferenceVcpu;
import org.cpumodel.kernel.reference.ReferenceVgic;
import org.cpumodel.kernel.reference.ReferenceVm;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.VcpuFeature;

/**
 * A scratch VM of the reference KVM of a host profile: the offline stand-in for the host, and the
 * source of the field/rule/explanation behind a refusal. The SMCCC filter is not modelled (accepted);
 * the firmware bitmap KVM_REG_ARM_VENDOR_HYP_BMAP_2 exists from Linux 6.15 (with capability 239).
 */
public final class ReferenceTarget implements PlanTarget {

    private static final long FW_FEAT_BMAP_MASK = 0xFFFF_FFFF_FFFF_0000L;
    private static final long FW_FEAT_BMAP = 0x6030_0000_0016_0000L;
    private static final long VENDOR_HYP_BMAP_2 = 0x6030_0000_0016_0003L;

    private final ReferenceKvm kvm;
    private final ReferenceVm vm;
    private ReferenceVcpu vcpu;
    private ReferenceVgic gic;
    private long bmap2;

    public ReferenceTarget(HostProfile profile) {
        this.kvm = new ReferenceKvm(profile);
        this.vm = kvm.createVm();
    }

    @Override
    public String describe() {
        return "the reference KVM of host " + kvm.profile().host().name() + " (Linux " + kvm.profile().host().kernelRelease() + ")";
    }

    private static TargetException error(String ioctl, KvmError e) {
        return new TargetException(ioctl, e.errno().name(), "-", "kernel", e.getMessage());
    }

    @Override
    public void enableCap(int cap) {
        try {
            vm.enableCap(cap);
        } catch (KvmError e) {
            throw error("KVM_ENABLE_CAP(" + cap + ")", e);
        }
    }

    @Override
    public void setSmcccFilter(long base, int nrFunctions, int action) {
        // not modelled by the reference KVM: every kernel since 6.4 accepts a filter before the VM runs
    }

    @Override
    public void createVcpu() {
        vcpu = vm.createVcpu(0);
    }

    @Override
    public void init(int features0) {
        java.util.EnumSet<VcpuFeature> fs = java.util.EnumSet.noneOf(VcpuFeature.class);
        for (VcpuFeature f : VcpuFeature.values()) {
            if ((features0 & f.initBits()) == f.initBits()) {
                fs.add(f);
            }
        }
        try {
            vcpu.init(new FeatureSet(fs));
        } catch (KvmError e) {
            throw error("KVM_ARM_VCPU_INIT", e);
        }
    }

    @Override
    public void finalizeSve(List<Integer> vectorLengthsBits) {
        // vector lengths are not part of the reference model
    }

    @Override
    public long getOneReg(long id) {
        if ((id & FW_FEAT_BMAP_MASK) == FW_FEAT_BMAP) {
            return firmware(id, "KVM_GET_ONE_REG", bmap2);
        }
        try {
            return vcpu.getOneReg(id);
        } catch (KvmError e) {
            throw error("KVM_GET_ONE_REG", e);
        }
    }

    private long firmware(long id, String ioctl, long v) {
        if (id != VENDOR_HYP_BMAP_2 || !kvm.abi().hasImpIdCap()) {
            throw new TargetException(ioctl, "ENOENT", "-", "no-such-register",
                    String.format("firmware register 0x%016x does not exist on Linux %s", id, kvm.kernel()));
        }
        return v;
    }

    @Override
    public void setOneReg(long id, long value) {
        if ((id & FW_FEAT_BMAP_MASK) == FW_FEAT_BMAP) {
            firmware(id, "KVM_SET_ONE_REG", 0);
            if ((value & ~0x3L) != 0) {
                throw new TargetException("KVM_SET_ONE_REG", "EINVAL", "-", "unsupported-bits", "only bits 0 and 1 of VENDOR_HYP_BMAP_2 exist");
            }
            bmap2 = value;
            return;
        }
        Verdict v = vcpu.setOneReg(id, value);
        if (!v.isAccepted()) {
            throw new TargetException("KVM_SET_ONE_REG", v.errno().name(), v.field(), v.rule(), v.explanation());
        }
    }

    @Override
    public void createVgicV3() {
        try {
            gic = vm.createVgicV3();
        } catch (KvmError e) {
            throw error("KVM_CREATE_DEVICE(VGIC_V3)", e);
        }
    }

    @Override
    public long getIccCtlr() {
        return gic.getIccCtlr(vcpu);
    }

    @Override
    public void setIccCtlr(long value) {
        Verdict v = gic.setIccCtlr(vcpu, value);
        if (!v.isAccepted()) {
            throw new TargetException("KVM_SET_DEVICE_ATTR(ICC_CTLR_EL1)", v.errno().name(), v.field(), v.rule(), v.explanation());
        }
    }

    @Override
    public void close() {
    }
}
