package org.cpumodel.kernel.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.kb.Encoding;
import org.cpumodel.kb.Register;
import org.cpumodel.uapi.Errno;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.Provenance;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmRegId;

/**
 * A VM of the reference KVM: VM-scoped ID registers (initialised by the first vCPU init from that
 * vCPU's feature set), the capability 239 switch, the "has run" flag and an optional vGICv3.
 */
public final class ReferenceVm {

    private final ReferenceKvm kvm;
    private final List<ReferenceVcpu> vcpus = new ArrayList<>();
    final Map<String, Long> vmRegs = new HashMap<>();
    private boolean idRegsInitialised;
    private boolean impIdWritable;
    private boolean hasRun;
    private ReferenceVgic vgic;

    ReferenceVm(ReferenceKvm kvm) {
        this.kvm = kvm;
    }

    public ReferenceKvm kvm() {
        return kvm;
    }

    /** KVM_ENABLE_CAP on the VM fd. */
    public void enableCap(int cap) {
        if (cap != KvmCap.ARM_WRITABLE_IMP_ID_REGS) {
            throw new KvmError("KVM_ENABLE_CAP(" + cap + ")", Errno.EINVAL, "capability not modelled or not enableable on this VM");
        }
        if (kvm.checkExtension(cap) == 0 || !kvm.abi().hasImpIdCap()) {
            throw new KvmError("KVM_ENABLE_CAP(239)", Errno.EINVAL, "kernel " + kvm.kernel() + " has no KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (6.15+)");
        }
        if (!vcpus.isEmpty()) {
            throw new KvmError("KVM_ENABLE_CAP(239)", Errno.EINVAL, "a vCPU was already created: enable capability 239 before KVM_CREATE_VCPU");
        }
        impIdWritable = true;
    }

    public boolean impIdWritable() {
        return impIdWritable;
    }

    /** KVM_CREATE_VCPU. */
    public ReferenceVcpu createVcpu(int id) {
        if (hasRun) {
            throw new KvmError("KVM_CREATE_VCPU", Errno.EBUSY, "the VM has already run");
        }
        ReferenceVcpu v = new ReferenceVcpu(this, id);
        vcpus.add(v);
        return v;
    }

    /**
     * KVM_ARM_GET_REG_WRITABLE_MASKS for {@code range}; {@code reservedNonZero} models a caller
     * that leaves a reserved word set.
     */
    public long[] writableMasks(int range, boolean reservedNonZero) {
        if (!kvm.abi().hasMasksIoctl() || kvm.checkExtension(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES) == 0) {
            throw new KvmError("KVM_ARM_GET_REG_WRITABLE_MASKS", Errno.EINVAL, "kernel " + kvm.kernel() + " has no writable-mask ioctl (6.7+): unknown VM ioctl");
        }
        if (range != 0 || reservedNonZero) {
            throw new KvmError("KVM_ARM_GET_REG_WRITABLE_MASKS", Errno.EINVAL, range != 0 ? "only range 0 (feature-ID) exists" : "reserved words must be zero");
        }
        long[] masks = new long[KvmRegId.FEATURE_ID_RANGE_SIZE];
        for (int i = 0; i < masks.length; i++) {
            masks[i] = mask(kvm.kb().featureIdRange().get(i));
        }
        return masks;
    }

    /** The writable mask of a register: measured on the host when the profile has it, else the kernel table's. */
    long mask(Register reg) {
        var pm = kvm.profile().masks();
        if (pm != null && pm.provenance() == Provenance.MEASURED && reg.inFeatureIdRange()) {
            return pm.of(reg.name());
        }
        return kvm.abi().reportedMask(reg, kvm.aarch32El0());
    }

    /** KVM_CREATE_DEVICE(KVM_DEV_TYPE_ARM_VGIC_V3). */
    public ReferenceVgic createVgicV3() {
        if (vgic != null) {
            throw new KvmError("KVM_CREATE_DEVICE", Errno.EBUSY, "a vGIC already exists");
        }
        vgic = new ReferenceVgic(this);
        return vgic;
    }

    public boolean hasVgic() {
        return vgic != null;
    }

    public boolean hasRun() {
        return hasRun;
    }

    public List<ReferenceVcpu> vcpus() {
        return List.copyOf(vcpus);
    }

    void initialiseIdRegs(FeatureSetView view) {
        if (idRegsInitialised) {
            return;
        }
        view.registers().forEach((name, value) -> {
            if (value != null) {
                vmRegs.put(name, value);
            }
        });
        idRegsInitialised = true;
    }

    /**
     * The first KVM_RUN of any vCPU: ID registers become immutable. Kernels with kvm_finalize_sys_regs clear
     * ID_AA64PFR0_EL1.GIC and ID_PFR1_EL1.GIC when the VM has no in-kernel irqchip; newer ones also set them
     * from the vGIC model when it has one.
     */
    void markRun() {
        if (hasRun) {
            return;
        }
        hasRun = true;
        boolean finalise = kvm.abi().flag("gic-finalised-at-run");
        if (finalise || (vgic == null && kvm.abi().flag("gic-cleared-without-irqchip-at-run"))) {
            long gic = finalise && vgic != null ? 1 : 0;
            vmRegs.computeIfPresent("ID_AA64PFR0_EL1", (k, v) -> (v & ~0x0F00_0000L) | gic << 24);
            if (kvm.aarch32El0()) {
                vmRegs.computeIfPresent("ID_PFR1_EL1", (k, v) -> (v & ~0xF000_0000L) | gic << 28);
            }
        }
    }
}
