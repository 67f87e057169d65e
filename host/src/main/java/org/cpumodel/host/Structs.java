package org.cpumodel.host;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;

/**
 * Memory layouts of the KVM uapi structures this module passes to ioctls, written by hand
 * from {@code include/uapi/linux/kvm.h} and {@code arch/arm64/include/uapi/asm/kvm.h}
 * (Linux 6.12). All are little-endian with natural alignment; explicit padding mirrors the
 * C compiler's. The ioctl request numbers in {@link Ioctls} take their size fields from these
 * layouts, and the tests pin every size and offset to the C headers.
 */
public final class Structs {

    private Structs() {
    }

    /** {@code struct kvm_one_reg { u64 id; u64 addr; }} (16 bytes). */
    public static final StructLayout KVM_ONE_REG = MemoryLayout.structLayout(
            JAVA_LONG.withName("id"),
            JAVA_LONG.withName("addr")).withName("kvm_one_reg");

    /** {@code struct kvm_reg_list { u64 n; u64 reg[]; }}: the 8-byte header; {@code reg[]} follows. */
    public static final StructLayout KVM_REG_LIST = MemoryLayout.structLayout(
            JAVA_LONG.withName("n")).withName("kvm_reg_list");

    /** {@code struct kvm_vcpu_init { u32 target; u32 features[7]; }} (32 bytes). */
    public static final StructLayout KVM_VCPU_INIT = MemoryLayout.structLayout(
            JAVA_INT.withName("target"),
            MemoryLayout.sequenceLayout(7, JAVA_INT).withName("features")).withName("kvm_vcpu_init");

    /** {@code struct reg_mask_range { u64 addr; u32 range; u32 reserved[13]; }} (64 bytes). */
    public static final StructLayout REG_MASK_RANGE = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("range"),
            MemoryLayout.sequenceLayout(13, JAVA_INT).withName("reserved")).withName("reg_mask_range");

    /** {@code struct kvm_enable_cap { u32 cap; u32 flags; u64 args[4]; u8 pad[64]; }} (104 bytes). */
    public static final StructLayout KVM_ENABLE_CAP = MemoryLayout.structLayout(
            JAVA_INT.withName("cap"),
            JAVA_INT.withName("flags"),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("args"),
            MemoryLayout.sequenceLayout(64, JAVA_BYTE).withName("pad")).withName("kvm_enable_cap");

    /** {@code struct kvm_device_attr { u32 flags; u32 group; u64 attr; u64 addr; }} (24 bytes). */
    public static final StructLayout KVM_DEVICE_ATTR = MemoryLayout.structLayout(
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("group"),
            JAVA_LONG.withName("attr"),
            JAVA_LONG.withName("addr")).withName("kvm_device_attr");

    /** {@code struct kvm_create_device { u32 type; u32 fd; u32 flags; }} (12 bytes). */
    public static final StructLayout KVM_CREATE_DEVICE = MemoryLayout.structLayout(
            JAVA_INT.withName("type"),
            JAVA_INT.withName("fd"),
            JAVA_INT.withName("flags")).withName("kvm_create_device");

    /** {@code struct kvm_smccc_filter { u32 base; u32 nr_functions; u8 action; u8 pad[15]; }} (24 bytes). */
    public static final StructLayout KVM_SMCCC_FILTER = MemoryLayout.structLayout(
            JAVA_INT.withName("base"),
            JAVA_INT.withName("nr_functions"),
            JAVA_BYTE.withName("action"),
            MemoryLayout.sequenceLayout(15, JAVA_BYTE).withName("pad")).withName("kvm_smccc_filter");

    /**
     * {@code struct kvm_userspace_memory_region { u32 slot; u32 flags; u64 guest_phys_addr;
     * u64 memory_size; u64 userspace_addr; }} (32 bytes).
     */
    public static final StructLayout KVM_USERSPACE_MEMORY_REGION = MemoryLayout.structLayout(
            JAVA_INT.withName("slot"),
            JAVA_INT.withName("flags"),
            JAVA_LONG.withName("guest_phys_addr"),
            JAVA_LONG.withName("memory_size"),
            JAVA_LONG.withName("userspace_addr")).withName("kvm_userspace_memory_region");

    /** {@code struct kvm_irq_level { union { u32 irq; s32 status; }; u32 level; }} (8 bytes), for KVM_IRQ_LINE. */
    public static final StructLayout KVM_IRQ_LEVEL = MemoryLayout.structLayout(
            JAVA_INT.withName("irq"),
            JAVA_INT.withName("level")).withName("kvm_irq_level");

    /** {@code struct kvm_mp_state { u32 mp_state; }} (4 bytes). */
    public static final StructLayout KVM_MP_STATE = MemoryLayout.structLayout(
            JAVA_INT.withName("mp_state")).withName("kvm_mp_state");

    /**
     * arm64 {@code struct kvm_vcpu_events { struct { u8 serror_pending; u8 serror_has_esr;
     * u8 ext_dabt_pending; u8 pad[5]; u64 serror_esr; } exception; u32 reserved[12]; }} (64 bytes).
     */
    public static final StructLayout KVM_VCPU_EVENTS = MemoryLayout.structLayout(
            MemoryLayout.structLayout(
                    JAVA_BYTE.withName("serror_pending"),
                    JAVA_BYTE.withName("serror_has_esr"),
                    JAVA_BYTE.withName("ext_dabt_pending"),
                    MemoryLayout.sequenceLayout(5, JAVA_BYTE).withName("pad"),
                    JAVA_LONG.withName("serror_esr")).withName("exception"),
            MemoryLayout.sequenceLayout(12, JAVA_INT).withName("reserved")).withName("kvm_vcpu_events");

    /** {@code struct kvm_dirty_log { u32 slot; u32 padding1; union { void *dirty_bitmap; u64 padding2; }; }} (16 bytes). */
    public static final StructLayout KVM_DIRTY_LOG = MemoryLayout.structLayout(
            JAVA_INT.withName("slot"),
            JAVA_INT.withName("padding1"),
            JAVA_LONG.withName("dirty_bitmap")).withName("kvm_dirty_log");

    /**
     * {@code struct kvm_clear_dirty_log { u32 slot; u32 num_pages; u64 first_page;
     * union { void *dirty_bitmap; u64 padding2; }; }} (24 bytes).
     */
    public static final StructLayout KVM_CLEAR_DIRTY_LOG = MemoryLayout.structLayout(
            JAVA_INT.withName("slot"),
            JAVA_INT.withName("num_pages"),
            JAVA_LONG.withName("first_page"),
            JAVA_LONG.withName("dirty_bitmap")).withName("kvm_clear_dirty_log");

    /** arm64 {@code struct kvm_arm_counter_offset { u64 counter_offset; u64 reserved; }} (16 bytes). */
    public static final StructLayout KVM_ARM_COUNTER_OFFSET = MemoryLayout.structLayout(
            JAVA_LONG.withName("counter_offset"),
            JAVA_LONG.withName("reserved")).withName("kvm_arm_counter_offset");

    /**
     * The start of arm64 {@code struct kvm_regs}: {@code struct user_pt_regs regs} (x0..x30,
     * sp, pc, pstate), then sp_el1, elr_el1 and spsr[5]. The FP/SIMD part that follows
     * (16-byte aligned {@code vregs[32]}, fpsr, fpcr) is not modelled. ONE_REG core register
     * ids are offsets into this struct in 32-bit words ({@code KVM_REG_ARM_CORE_REG}).
     */
    public static final StructLayout KVM_REGS_CORE = MemoryLayout.structLayout(
            MemoryLayout.structLayout(
                    MemoryLayout.sequenceLayout(31, JAVA_LONG).withName("regs"),
                    JAVA_LONG.withName("sp"),
                    JAVA_LONG.withName("pc"),
                    JAVA_LONG.withName("pstate")).withName("regs"),
            JAVA_LONG.withName("sp_el1"),
            JAVA_LONG.withName("elr_el1"),
            MemoryLayout.sequenceLayout(5, JAVA_LONG).withName("spsr")).withName("kvm_regs");

    /** {@code kvm_run.mmio}: {@code u64 phys_addr; u8 data[8]; u32 len; u8 is_write;} (24 bytes with padding). */
    public static final StructLayout KVM_RUN_MMIO = MemoryLayout.structLayout(
            JAVA_LONG.withName("phys_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("data"),
            JAVA_INT.withName("len"),
            JAVA_BYTE.withName("is_write"),
            MemoryLayout.paddingLayout(3)).withName("mmio");

    /** {@code kvm_run.hypercall}: {@code u64 nr; u64 args[6]; u64 ret; u64 flags;} (72 bytes). */
    public static final StructLayout KVM_RUN_HYPERCALL = MemoryLayout.structLayout(
            JAVA_LONG.withName("nr"),
            MemoryLayout.sequenceLayout(6, JAVA_LONG).withName("args"),
            JAVA_LONG.withName("ret"),
            JAVA_LONG.withName("flags")).withName("hypercall");

    /** {@code kvm_run.system_event}: {@code u32 type; u32 ndata; u64 data[16];} (136 bytes). */
    public static final StructLayout KVM_RUN_SYSTEM_EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("type"),
            JAVA_INT.withName("ndata"),
            MemoryLayout.sequenceLayout(16, JAVA_LONG).withName("data")).withName("system_event");

    /** The exit union of {@code struct kvm_run}, padded to 256 bytes as in the header. */
    public static final UnionLayout KVM_RUN_EXIT = MemoryLayout.unionLayout(
            KVM_RUN_MMIO,
            KVM_RUN_HYPERCALL,
            KVM_RUN_SYSTEM_EVENT,
            MemoryLayout.sequenceLayout(256, JAVA_BYTE).withName("padding")).withName("exit");

    /**
     * The first 288 bytes of {@code struct kvm_run} (the mmapped vCPU page): the in/out header
     * and the exit union. Register sync areas that follow are not modelled.
     */
    public static final StructLayout KVM_RUN = MemoryLayout.structLayout(
            JAVA_BYTE.withName("request_interrupt_window"),
            JAVA_BYTE.withName("immediate_exit"),
            MemoryLayout.sequenceLayout(6, JAVA_BYTE).withName("padding1"),
            JAVA_INT.withName("exit_reason"),
            JAVA_BYTE.withName("ready_for_interrupt_injection"),
            JAVA_BYTE.withName("if_flag"),
            JAVA_SHORT.withName("flags"),
            JAVA_LONG.withName("cr8"),
            JAVA_LONG.withName("apic_base"),
            KVM_RUN_EXIT).withName("kvm_run");

    /** Byte offset of a (possibly nested) named member, e.g. {@code offset(KVM_RUN, "exit", "mmio", "len")}. */
    public static long offset(MemoryLayout layout, String... path) {
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }
}
