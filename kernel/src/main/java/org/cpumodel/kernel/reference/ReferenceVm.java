package org.cpumodel.kernel.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_PFR1_EL1;
import org.cpumodel.kernel.abi.AbiFlag;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.Provenance;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.uapi.SmcccFilter;

/**
 * A VM of the reference KVM: VM-scoped ID registers (initialised by the first vCPU init from that
 * vCPU's feature set), the capability 239 switch, the "has run" flag, the SMCCC filter, the
 * VENDOR_HYP_BMAP_2 firmware bitmap and an optional vGICv3.
 */
public final class ReferenceVm implements KvmVm {

    /** SMC32_ARCH_RANGE and SMC64_ARCH_RANGE: SMCCC architecture calls KVM reserves once a filter is configured. */
    private static final long[][] RESERVED_SMCCC = {{0x8000_0000L, 0x8000_FFFFL}, {0xC000_0000L, 0xC000_FFFFL}};

    private final ReferenceKvm kvm;
    private final List<ReferenceVcpu> vcpus = new ArrayList<>();
    final Map<String, Long> vmRegs = new HashMap<>();
    private boolean idRegsInitialised;
    private boolean impIdWritable;
    private boolean hasRun;
    private ReferenceVgic vgic;
    /** SMCCC filter ranges [first, last] inserted so far (the reserved ones from the first insertion on). */
    private final List<long[]> smcccFilter = new ArrayList<>();
    /** KVM_REG_ARM_VENDOR_HYP_BMAP_2: VM-scoped, all clear at creation. */
    private long vendorHypBmap2;

    ReferenceVm(ReferenceKvm kvm) {
        this.kvm = kvm;
    }

    public ReferenceKvm kvm() {
        return kvm;
    }

    /** KVM_ENABLE_CAP on the VM fd: only KVM_CAP_ARM_WRITABLE_IMP_ID_REGS is modelled. */
    @Override
    public void enableCap(int cap) {
        if (cap != KvmCap.ARM_WRITABLE_IMP_ID_REGS) {
            throw new KvmIoctlException("KVM_ENABLE_CAP", Errno.EINVAL, "cap " + cap + ": not modelled or not enableable on this VM");
        }
        if (kvm.checkExtension(cap) == 0 || !kvm.abi().hasImpIdCap()) {
            throw new KvmIoctlException("KVM_ENABLE_CAP", Errno.EINVAL, "cap 239: kernel " + kvm.kernel() + " has no KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (6.15+)");
        }
        if (!vcpus.isEmpty()) {
            throw new KvmIoctlException("KVM_ENABLE_CAP", Errno.EINVAL, "cap 239: a vCPU was already created: enable capability 239 before KVM_CREATE_VCPU");
        }
        impIdWritable = true;
    }

    public boolean impIdWritable() {
        return impIdWritable;
    }

    /** kvm_smccc_set_filter: validated, refused once the VM has run, ranges may not overlap (reserved ones included). */
    @Override
    public void setSmcccFilter(int base, int nrFunctions, int action) {
        String ioctl = "KVM_SET_DEVICE_ATTR";
        String what = String.format("SMCCC filter 0x%x+%d", base & 0xFFFF_FFFFL, nrFunctions);
        if (!kvm.abi().hasSmcccFilter()) {
            throw new KvmIoctlException(ioctl, Errno.EINVAL, what + ": kernel " + kvm.kernel() + " has no VM device attributes (6.4+)");
        }
        long first = base & 0xFFFF_FFFFL;
        long last = first + (nrFunctions & 0xFFFF_FFFFL) - 1;
        if (nrFunctions == 0 || last > 0xFFFF_FFFFL || action < SmcccFilter.HANDLE || action > SmcccFilter.FWD_TO_USER) {
            throw new KvmIoctlException(ioctl, Errno.EINVAL, what + ": empty or wrapping range, or unknown action " + action);
        }
        if (hasRun) {
            throw new KvmIoctlException(ioctl, Errno.EBUSY, what + ": the VM has run");
        }
        if (smcccFilter.isEmpty()) {
            for (long[] r : RESERVED_SMCCC) {
                smcccFilter.add(r.clone());
            }
        }
        for (long[] r : smcccFilter) {
            if (first <= r[1] && r[0] <= last) {
                throw new KvmIoctlException(ioctl, Errno.EEXIST, what + String.format(": overlaps 0x%x..0x%x", r[0], r[1]));
            }
        }
        smcccFilter.add(new long[] {first, last});
    }

    /** KVM_CREATE_VCPU. */
    @Override
    public ReferenceVcpu createVcpu(int id) {
        if (hasRun) {
            throw new KvmIoctlException("KVM_CREATE_VCPU", Errno.EBUSY, "the VM has already run");
        }
        ReferenceVcpu v = new ReferenceVcpu(this, id);
        vcpus.add(v);
        return v;
    }

    @Override
    public long[] getRegWritableMasks(int range) {
        return writableMasks(range, false);
    }

    /**
     * KVM_ARM_GET_REG_WRITABLE_MASKS for {@code range}; {@code reservedNonZero} models a caller
     * that leaves a reserved word set.
     */
    public long[] writableMasks(int range, boolean reservedNonZero) {
        if (!kvm.abi().hasMasksIoctl() || kvm.checkExtension(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES) == 0) {
            throw new KvmIoctlException("KVM_ARM_GET_REG_WRITABLE_MASKS", Errno.EINVAL, "kernel " + kvm.kernel() + " has no writable-mask ioctl (6.7+): unknown VM ioctl");
        }
        if (range != KvmRegId.FEATURE_ID_RANGE || reservedNonZero) {
            throw new KvmIoctlException("KVM_ARM_GET_REG_WRITABLE_MASKS", Errno.EINVAL, range != KvmRegId.FEATURE_ID_RANGE ? "only range 0 (feature-ID) exists" : "reserved words must be zero");
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

    /**
     * KVM_CREATE_DEVICE(KVM_DEV_TYPE_ARM_VGIC_V3); the reference KVM does not model the vGIC's
     * addresses and initialisation, which every host accepts for a scratch VM.
     */
    @Override
    public ReferenceVgic createVgicV3() {
        if (vgic != null) {
            throw new KvmIoctlException("KVM_CREATE_DEVICE", Errno.EEXIST, "a vGIC already exists");
        }
        if (hasRun) {
            throw new KvmIoctlException("KVM_CREATE_DEVICE", Errno.EBUSY, "a vCPU has run (kvm_vgic_create)");
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

    /** KVM_GET_ONE_REG of KVM_REG_ARM_VENDOR_HYP_BMAP_2 (Linux 6.15+). */
    long vendorHypBmap2(String ioctl) {
        requireBmap2(ioctl);
        return vendorHypBmap2;
    }

    /** kvm_arm_set_fw_reg_bmap for KVM_REG_ARM_VENDOR_HYP_BMAP_2: the errno, or {@link Errno#OK} once stored. */
    Errno setVendorHypBmap2(long value) {
        long supported = KvmRegId.VENDOR_HYP_BMAP_2_DISCOVER_IMPL_VER | KvmRegId.VENDOR_HYP_BMAP_2_DISCOVER_IMPL_CPUS;
        if ((value & ~supported) != 0) {
            return Errno.EINVAL;
        }
        if (hasRun && value != vendorHypBmap2) {
            return Errno.EBUSY;
        }
        vendorHypBmap2 = value;
        return Errno.OK;
    }

    void requireBmap2(String ioctl) {
        if (!kvm.abi().hasVendorHypBmap2()) {
            throw new KvmIoctlException(ioctl, Errno.ENOENT, "firmware register KVM_REG_ARM_VENDOR_HYP_BMAP_2 does not exist on Linux " + kvm.kernel());
        }
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
        finaliseSysRegs();
        hasRun = true;
    }

    /**
     * kvm_finalize_sys_regs (arm.c kvm_arch_vcpu_run_pid_change, before the timer and the PMU are
     * enabled): the GIC fields. It runs on every first-run attempt, also on one that then fails.
     */
    void finaliseSysRegs() {
        if (hasRun) {
            return;
        }
        boolean finalise = kvm.abi().flag(AbiFlag.GIC_FINALISED_AT_RUN);
        if (finalise || (vgic == null && kvm.abi().flag(AbiFlag.GIC_CLEARED_WITHOUT_IRQCHIP_AT_RUN))) {
            long gic = finalise && vgic != null ? 1 : 0;
            vmRegs.computeIfPresent(ID_AA64PFR0_EL1.NAME, (k, v) -> ID_AA64PFR0_EL1.GIC.set(v, gic));
            if (kvm.aarch32El0()) {
                vmRegs.computeIfPresent(ID_PFR1_EL1.NAME, (k, v) -> ID_PFR1_EL1.GIC.set(v, gic));
            }
        }
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }
}
