package org.cpumodel.host;

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
}
