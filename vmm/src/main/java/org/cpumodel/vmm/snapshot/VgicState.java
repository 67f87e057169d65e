package org.cpumodel.vmm.snapshot;

import org.cpumodel.kernel.rules.IccCtlrRule;
import static org.cpumodel.uapi.GicV3Regs.*;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.host.DeviceFd;
import org.cpumodel.uapi.GicV3Regs;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.VgicV3;

/**
 * The in-kernel vGICv3's state as device attributes, in the order the kernel needs them written back
 * into a vGIC that is created, placed and initialised (KVM_DEV_ARM_VGIC_CTRL_INIT) with the same vCPUs
 * (Documentation/virt/kvm/devices/arm-vgic-v3.rst; arch/arm64/kvm/vgic/vgic-mmio-v3.c):
 * <ol>
 * <li>GICD_IIDR first (it selects the implementation revision the other registers follow), then GICD_CTLR;</li>
 * <li>each redistributor (GICR_CTLR, then the SGI frame: groups, priorities, configuration, then
 * pending, active and enabled state);</li>
 * <li>the distributor's SPIs: groups, priorities, routes, configuration, line levels (level-triggered
 * SPIs: before their pending state), pending, active, enabled;</li>
 * <li>each CPU interface: ICC_SRE, ICC_CTLR (its PRIbits select how many active priority registers
 * exist, so before them), group enables, PMR, BPR0, BPR1, AP0R, AP1R.</li>
 * </ol>
 * No ITS and no LPIs: this VMM's machine has neither.
 *
 * @param nrIrqs the vGIC's KVM_DEV_ARM_VGIC_GRP_NR_IRQS
 * @param attrs  every attribute and its value, in restore order
 */
public record VgicState(int nrIrqs, List<Attr> attrs) {

    /** One attribute: its group, attr word and value (32-bit groups hold the low 32 bits). */
    public record Attr(int group, long attr, long value) {
        boolean wide() {
            return group == VgicV3.GRP_CPU_SYSREGS;
        }
    }

    public VgicState {
        attrs = List.copyOf(attrs);
    }

    /** The attributes to save for a vGIC of {@code nrIrqs} interrupts and vCPUs {@code mpidrs}, in restore order (values zero). */
    static List<Attr> layout(int nrIrqs, List<Long> mpidrs, List<Integer> apRegisters) {
        List<Attr> a = new ArrayList<>();
        a.add(dist(GICD_IIDR));
        a.add(dist(GICD_CTLR));
        for (long mpidr : mpidrs) {
            a.add(redist(mpidr, GICR_CTLR));
            a.add(redist(mpidr, GICR_IGROUPR0));
            for (int i = 0; i < 8; i++) {
                a.add(redist(mpidr, GICR_IPRIORITYR + 4L * i));
            }
            a.add(redist(mpidr, GICR_ICFGR0));
            a.add(redist(mpidr, GICR_ICFGR1));
            a.add(redist(mpidr, GICR_ISPENDR0));
            a.add(redist(mpidr, GICR_ISACTIVER0));
            a.add(redist(mpidr, GICR_ISENABLER0));
        }
        for (int i = 32; i < nrIrqs; i += 32) {
            a.add(dist(GICD_IGROUPR + i / 8));
        }
        for (int i = 32; i < nrIrqs; i += 4) {
            a.add(dist(GICD_IPRIORITYR + i));
        }
        for (int i = 32; i < nrIrqs; i++) {
            a.add(dist(GICD_IROUTER + 8L * i));
            a.add(dist(GICD_IROUTER + 8L * i + 4));
        }
        for (int i = 32; i < nrIrqs; i += 16) {
            a.add(dist(GICD_ICFGR + i / 4));
        }
        for (int i = 32; i < nrIrqs; i += 32) {
            a.add(new Attr(VgicV3.GRP_LEVEL_INFO, VgicV3.lineLevel(mpidrs.getFirst(), i), 0));
        }
        for (long base : new long[] {GICD_ISPENDR, GICD_ISACTIVER, GICD_ISENABLER}) {
            for (int i = 32; i < nrIrqs; i += 32) {
                a.add(dist(base + i / 8));
            }
        }
        for (int c = 0; c < mpidrs.size(); c++) {
            long mpidr = mpidrs.get(c);
            for (int reg : new int[] {VgicV3.ICC_SRE_EL1, VgicV3.ICC_CTLR_EL1, VgicV3.ICC_IGRPEN0_EL1, VgicV3.ICC_IGRPEN1_EL1, VgicV3.ICC_PMR_EL1,
                    VgicV3.ICC_BPR0_EL1, VgicV3.ICC_BPR1_EL1}) {
                a.add(cpu(mpidr, reg));
            }
            for (int n = 0; n < apRegisters.get(c); n++) {
                a.add(cpu(mpidr, GicV3Regs.iccAp0r(n)));
            }
            for (int n = 0; n < apRegisters.get(c); n++) {
                a.add(cpu(mpidr, GicV3Regs.iccAp1r(n)));
            }
        }
        return a;
    }

    private static Attr dist(long offset) {
        return new Attr(VgicV3.GRP_DIST_REGS, VgicV3.distReg(offset), 0);
    }

    private static Attr redist(long mpidr, long offset) {
        return new Attr(VgicV3.GRP_REDIST_REGS, VgicV3.redistReg(mpidr, offset), 0);
    }

    private static Attr cpu(long mpidr, int reg) {
        return new Attr(VgicV3.GRP_CPU_SYSREGS, VgicV3.cpuSysregAttr(mpidr, reg), 0);
    }

    /** Reads the state of {@code gic} (every vCPU paused) for the vCPUs {@code mpidrs} in vCPU order. */
    public static VgicState save(DeviceFd gic, List<Long> mpidrs) {
        int nrIrqs = gic.vgicV3GetNrIrqs();
        List<Integer> ap = new ArrayList<>();
        for (long mpidr : mpidrs) {
            ap.add(GicV3Regs.activePriorityRegisters(IccCtlrRule.priorityBits(gic.vgicV3GetCpuSysreg(mpidr, VgicV3.ICC_CTLR_EL1))));
        }
        List<Attr> out = new ArrayList<>();
        for (Attr a : layout(nrIrqs, mpidrs, ap)) {
            long v = a.wide() ? gic.getAttr(a.group(), a.attr()) : gic.getAttrU32(a.group(), a.attr()) & 0xFFFF_FFFFL;
            out.add(new Attr(a.group(), a.attr(), v));
        }
        return new VgicState(nrIrqs, out);
    }

    /** Writes the state into {@code gic} (initialised, same vCPUs, none run yet); a refusal names the attribute. */
    public void restore(DeviceFd gic) {
        int here = gic.vgicV3GetNrIrqs();
        if (here != nrIrqs) {
            throw new StateRefusedException("the source's vGIC has " + nrIrqs + " interrupts, this one " + here, null);
        }
        for (Attr a : attrs) {
            try {
                if (a.wide()) {
                    gic.setAttr(a.group(), a.attr(), a.value());
                } else {
                    gic.setAttrU32(a.group(), a.attr(), (int) a.value());
                }
            } catch (KvmIoctlException e) {
                throw new StateRefusedException(String.format("vGIC: KVM refused group %d attr 0x%x = 0x%x: %s", a.group(), a.attr(), a.value(),
                        e.errnoName()), e);
            }
        }
    }
}
