package org.cpumodel.uapi;

/**
 * The {@code irq} field of {@code struct kvm_irq_level} for KVM_IRQ_LINE on arm64
 * ({@code arch/arm64/include/uapi/asm/kvm.h}, api.rst 4.25): irq type in bits 24..27, vCPU index in
 * bits 16..23 (bits 8..11 of the index in 28..31, KVM_ARM_IRQ_VCPU2), interrupt number in 0..15.
 * With an in-kernel vGIC the number is the GIC INTID: SPIs are 32..1019 (vCPU index ignored), PPIs
 * 16..31 of one vCPU.
 */
public final class ArmIrq {

    public static final int TYPE_SHIFT = 24;
    public static final int TYPE_MASK = 0xF;
    public static final int VCPU_SHIFT = 16;
    public static final int VCPU_MASK = 0xFF;
    public static final int VCPU2_SHIFT = 28;
    public static final int VCPU2_MASK = 0xF;
    public static final int NUM_SHIFT = 0;
    public static final int NUM_MASK = 0xFFFF;

    /** KVM_ARM_IRQ_TYPE_CPU: the IRQ/FIQ line of a vCPU (only without an in-kernel irqchip). */
    public static final int TYPE_CPU = 0;
    /** KVM_ARM_IRQ_TYPE_SPI: a shared peripheral interrupt of the in-kernel vGIC. */
    public static final int TYPE_SPI = 1;
    /** KVM_ARM_IRQ_TYPE_PPI: a private peripheral interrupt of one vCPU. */
    public static final int TYPE_PPI = 2;

    /** The first SPI INTID (VGIC_NR_PRIVATE_IRQS): SPI n is INTID 32 + n. */
    public static final int FIRST_SPI_INTID = 32;
    /** The last SPI INTID the GIC architecture allows. */
    public static final int LAST_SPI_INTID = 1019;

    private ArmIrq() {
    }

    /** {@code type << 24 | vcpu2 << 28 | vcpu << 16 | num}. */
    public static int encode(int type, int vcpuIndex, int num) {
        if (type < 0 || type > TYPE_MASK) {
            throw new IllegalArgumentException("irq type out of range 0..15: " + type);
        }
        if (vcpuIndex < 0 || vcpuIndex > (VCPU2_MASK << 8 | VCPU_MASK)) {
            throw new IllegalArgumentException("vcpu index out of range 0..4095: " + vcpuIndex);
        }
        if (num < 0 || num > NUM_MASK) {
            throw new IllegalArgumentException("irq number out of range 0..65535: " + num);
        }
        return type << TYPE_SHIFT | (vcpuIndex >>> 8 & VCPU2_MASK) << VCPU2_SHIFT | (vcpuIndex & VCPU_MASK) << VCPU_SHIFT | num << NUM_SHIFT;
    }

    /** The KVM_IRQ_LINE irq of an SPI given by its INTID (32..1019). */
    public static int spi(int intid) {
        if (intid < FIRST_SPI_INTID || intid > LAST_SPI_INTID) {
            throw new IllegalArgumentException("SPI INTID out of range 32..1019: " + intid);
        }
        return encode(TYPE_SPI, 0, intid);
    }

    /** The KVM_IRQ_LINE irq of a PPI (INTID 16..31) of the vCPU with this index. */
    public static int ppi(int vcpuIndex, int intid) {
        if (intid < 16 || intid > 31) {
            throw new IllegalArgumentException("PPI INTID out of range 16..31: " + intid);
        }
        return encode(TYPE_PPI, vcpuIndex, intid);
    }
}
