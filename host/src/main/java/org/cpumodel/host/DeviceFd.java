package org.cpumodel.host;

import java.lang.foreign.MemorySegment;
import org.cpumodel.uapi.VgicV3;

/** A device descriptor, made by {@link VmFd#createDevice(int)}; attributes are (group, attr, u64). */
public final class DeviceFd extends KvmFd {

    private final int type;

    DeviceFd(int fd, int type) {
        super(fd);
        this.type = type;
    }

    /** The KVM_DEV_TYPE_* it was created with. */
    public int type() {
        return type;
    }

    /** KVM_GET_DEVICE_ATTR with a u64 payload. */
    public long getAttr(int group, long attr) {
        return getAttrU64(group, attr);
    }

    /** KVM_SET_DEVICE_ATTR with a u64 payload. */
    public void setAttr(int group, long attr, long value) {
        setAttrU64(group, attr, value);
    }

    /** KVM_SET_DEVICE_ATTR without payload (addr = 0), e.g. KVM_DEV_ARM_VGIC_CTRL_INIT. */
    public void setAttr(int group, long attr) {
        setAttrRaw(group, attr, null);
    }

    /** KVM_HAS_DEVICE_ATTR: false if KVM answers ENXIO, other errors throw. */
    public boolean hasAttr(int group, long attr) {
        return hasAttr0(group, attr);
    }

    /** vGICv3: sets the distributor and (single-region) redistributor base addresses. */
    public void vgicV3SetAddresses(long distBase, long redistBase) {
        requireVgicV3();
        setAttr(VgicV3.GRP_ADDR, VgicV3.ADDR_TYPE_DIST, distBase);
        setAttr(VgicV3.GRP_ADDR, VgicV3.ADDR_TYPE_REDIST, redistBase);
    }

    /** vGICv3: KVM_DEV_ARM_VGIC_CTRL_INIT (after all vCPUs are created). */
    public void vgicV3Init() {
        requireVgicV3();
        setAttr(VgicV3.GRP_CTRL, VgicV3.CTRL_INIT);
    }

    /** vGICv3: {@link #vgicV3SetAddresses} then {@link #vgicV3Init}. */
    public void vgicV3Setup(long distBase, long redistBase) {
        vgicV3SetAddresses(distBase, redistBase);
        vgicV3Init();
    }

    /** vGICv3: reads a CPU interface register (e.g. {@link VgicV3#ICC_CTLR_EL1}) of the vCPU with this MPIDR. */
    public long vgicV3GetCpuSysreg(long mpidr, int sysregInstr) {
        requireVgicV3();
        return getAttr(VgicV3.GRP_CPU_SYSREGS, VgicV3.cpuSysregAttr(mpidr, sysregInstr));
    }

    /** vGICv3: writes a CPU interface register of the vCPU with this MPIDR. */
    public void vgicV3SetCpuSysreg(long mpidr, int sysregInstr, long value) {
        requireVgicV3();
        setAttr(VgicV3.GRP_CPU_SYSREGS, VgicV3.cpuSysregAttr(mpidr, sysregInstr), value);
    }

    private void requireVgicV3() {
        if (type != VgicV3.DEVICE_TYPE) {
            throw new IllegalStateException("not a vGICv3 device (type " + type + ")");
        }
    }

    /** KVM_GET_DEVICE_ATTR into {@code data} (native, the attribute's size). */
    public void getDeviceAttr(int group, long attr, MemorySegment data) {
        getAttrRaw(group, attr, data);
    }

    /** KVM_SET_DEVICE_ATTR from {@code data} (native, the attribute's size; {@code null}: no payload). */
    public void setDeviceAttr(int group, long attr, MemorySegment data) {
        setAttrRaw(group, attr, data);
    }

    /** KVM_GET_DEVICE_ATTR of a 32-bit attribute (vGIC distributor/redistributor registers, level info, NR_IRQS). */
    public int getAttrU32(int group, long attr) {
        return readAttrU32(group, attr);
    }

    /** KVM_SET_DEVICE_ATTR of a 32-bit attribute. */
    public void setAttrU32(int group, long attr, int value) {
        writeAttrU32(group, attr, value);
    }

    /** vGICv3: KVM_DEV_ARM_VGIC_GRP_NR_IRQS, the number of interrupts (private ones included; a multiple of 32, 64..1024). Before init. */
    public void vgicV3SetNrIrqs(int nrIrqs) {
        requireVgicV3();
        setAttrU32(VgicV3.GRP_NR_IRQS, 0, nrIrqs);
    }

    /** vGICv3: KVM_DEV_ARM_VGIC_GRP_NR_IRQS as the vGIC has it. */
    public int vgicV3GetNrIrqs() {
        requireVgicV3();
        return getAttrU32(VgicV3.GRP_NR_IRQS, 0);
    }

    /** vGICv3: a distributor register (KVM_DEV_ARM_VGIC_GRP_DIST_REGS) by offset. */
    public int vgicV3GetDistReg(long offset) {
        requireVgicV3();
        return getAttrU32(VgicV3.GRP_DIST_REGS, VgicV3.distReg(offset));
    }

    /** vGICv3: writes a distributor register. */
    public void vgicV3SetDistReg(long offset, int value) {
        requireVgicV3();
        setAttrU32(VgicV3.GRP_DIST_REGS, VgicV3.distReg(offset), value);
    }

    /** vGICv3: a redistributor register (KVM_DEV_ARM_VGIC_GRP_REDIST_REGS) of the vCPU with this MPIDR. */
    public int vgicV3GetRedistReg(long mpidr, long offset) {
        requireVgicV3();
        return getAttrU32(VgicV3.GRP_REDIST_REGS, VgicV3.redistReg(mpidr, offset));
    }

    /** vGICv3: writes a redistributor register of the vCPU with this MPIDR. */
    public void vgicV3SetRedistReg(long mpidr, long offset, int value) {
        requireVgicV3();
        setAttrU32(VgicV3.GRP_REDIST_REGS, VgicV3.redistReg(mpidr, offset), value);
    }

    /** vGICv3: KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, the line levels of INTIDs {@code intidBase..+31} seen by that vCPU. */
    public int vgicV3GetLineLevel(long mpidr, int intidBase) {
        requireVgicV3();
        return getAttrU32(VgicV3.GRP_LEVEL_INFO, VgicV3.lineLevel(mpidr, intidBase));
    }

    /** vGICv3: restores line levels (after the configuration registers, before the pending state). */
    public void vgicV3SetLineLevel(long mpidr, int intidBase, int levels) {
        requireVgicV3();
        setAttrU32(VgicV3.GRP_LEVEL_INFO, VgicV3.lineLevel(mpidr, intidBase), levels);
    }

    /** vGICv3: KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES (with LPIs: writes their pending bits to guest RAM). */
    public void vgicV3SavePendingTables() {
        requireVgicV3();
        setAttr(VgicV3.GRP_CTRL, VgicV3.CTRL_SAVE_PENDING_TABLES);
    }
}
