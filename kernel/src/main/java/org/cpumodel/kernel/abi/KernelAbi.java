package org.cpumodel.kernel.abi;

import java.util.List;
import java.util.Optional;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.Register;

/**
 * What one kernel version's KVM does with guest ID registers from userspace: flags, and per
 * register its kind, expected writable mask and pre-checks. Rows naming the register win over
 * rows naming its group.
 */
public final class KernelAbi {

    private final AbiTable table;
    private final KernelVersion kernel;
    private final KernelVersion release;
    private final String releaseNote;

    KernelAbi(AbiTable table, KernelVersion kernel, KernelVersion release, String releaseNote) {
        this.table = table;
        this.kernel = kernel;
        this.release = release;
        this.releaseNote = releaseNote;
    }

    public static KernelAbi of(KernelVersion v) {
        return AbiTable.load().forKernel(v);
    }

    public KernelVersion kernel() {
        return kernel;
    }

    /** The modelled release this kernel maps to. */
    public KernelVersion release() {
        return release;
    }

    public String releaseNote() {
        return releaseNote;
    }

    /** The flag's value for this kernel (false when no row covers it). */
    public boolean flag(AbiFlag name) {
        for (AbiTable.Flag f : table.flags) {
            if (f.name() == name && f.kernels().contains(kernel)) {
                return f.value();
            }
        }
        return false;
    }

    /** KVM_ARM_GET_REG_WRITABLE_MASKS exists (KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES = 230). */
    public boolean hasMasksIoctl() {
        return flag(AbiFlag.MASKS_IOCTL);
    }

    /** KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (239). */
    public boolean hasImpIdCap() {
        return flag(AbiFlag.IMP_ID_CAP);
    }

    /** The VM's SMCCC filter (KVM_ARM_VM_SMCCC_CTRL device attribute). */
    public boolean hasSmcccFilter() {
        return flag(AbiFlag.SMCCC_FILTER);
    }

    /** The firmware register KVM_REG_ARM_VENDOR_HYP_BMAP_2 (the DISCOVER_IMPL hypercalls). */
    public boolean hasVendorHypBmap2() {
        return flag(AbiFlag.VENDOR_HYP_BMAP_2);
    }

    /** Whether any ID register field can be changed by userspace (arm64_check_features exists). */
    public boolean writableIdRegisters() {
        return flag(AbiFlag.WRITABLE_ID_REGISTERS);
    }

    public Optional<RegisterAbi> register(Register reg) {
        AbiTable.KindRow byGroup = null;
        for (AbiTable.KindRow row : table.kinds) {
            if (!row.kernels().contains(kernel)) {
                continue;
            }
            if (row.target().equals(reg.name())) {
                return Optional.of(new RegisterAbi(reg.name(), row.kind(), row.mask(), row.prechecks(), row.source()));
            }
            if (byGroup == null && row.target().startsWith("@") && AbiTable.matches(row.target(), reg)) {
                byGroup = row;
            }
        }
        if (byGroup != null) {
            return Optional.of(new RegisterAbi(reg.name(), byGroup.kind(), byGroup.mask(), byGroup.prechecks(), byGroup.source()));
        }
        return Optional.empty();
    }

    /**
     * The mask this kernel reports through KVM_ARM_GET_REG_WRITABLE_MASKS for a register of the
     * feature-ID range, when the host has AArch32 EL0 or not.
     */
    public long reportedMask(Register reg, boolean aarch32El0) {
        if (!hasMasksIoctl() || !reg.inFeatureIdRange()) {
            return 0;
        }
        Optional<RegisterAbi> abi = register(reg);
        if (abi.isEmpty()) {
            return 0;
        }
        RegisterKind k = abi.get().kind();
        if (k == RegisterKind.FREE || k == RegisterKind.LEGACY_INVARIANT || k == RegisterKind.LEGACY_PFR0) {
            return 0;
        }
        if (k == RegisterKind.AA32 && !aarch32El0) {
            return 0;
        }
        if (flag(AbiFlag.NON_ID_MASKS_ALL_ONES) && (reg.encoding().crm() == 0 || reg.encoding().op1() != 0) && abi.get().mask() != 0) {
            return -1L;
        }
        return abi.get().mask();
    }

    public List<String> releaseNames() {
        return table.releases().stream().map(r -> r.version() + "  " + r.what()).toList();
    }

    @Override
    public String toString() {
        return "Linux " + kernel + " (modelled as " + release + ")";
    }
}
