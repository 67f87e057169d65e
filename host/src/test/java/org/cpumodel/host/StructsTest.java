package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout;
import org.junit.jupiter.api.Test;

/** Sizes and offsets against include/uapi/linux/kvm.h and arch/arm64/include/uapi/asm/kvm.h (6.12). */
class StructsTest {

    private static long off(MemoryLayout l, String... path) {
        return Structs.offset(l, path);
    }

    @Test
    void kvmOneReg() {
        assertThat(Structs.KVM_ONE_REG.byteSize()).isEqualTo(16);
        assertThat(off(Structs.KVM_ONE_REG, "id")).isZero();
        assertThat(off(Structs.KVM_ONE_REG, "addr")).isEqualTo(8);
    }

    @Test
    void kvmRegListHeader() {
        assertThat(Structs.KVM_REG_LIST.byteSize()).isEqualTo(8);
        assertThat(off(Structs.KVM_REG_LIST, "n")).isZero();
    }

    @Test
    void kvmVcpuInit() {
        assertThat(Structs.KVM_VCPU_INIT.byteSize()).isEqualTo(32);
        assertThat(off(Structs.KVM_VCPU_INIT, "target")).isZero();
        assertThat(off(Structs.KVM_VCPU_INIT, "features")).isEqualTo(4);
    }

    @Test
    void regMaskRange() {
        assertThat(Structs.REG_MASK_RANGE.byteSize()).isEqualTo(64);
        assertThat(off(Structs.REG_MASK_RANGE, "addr")).isZero();
        assertThat(off(Structs.REG_MASK_RANGE, "range")).isEqualTo(8);
        assertThat(off(Structs.REG_MASK_RANGE, "reserved")).isEqualTo(12);
    }

    @Test
    void kvmEnableCap() {
        assertThat(Structs.KVM_ENABLE_CAP.byteSize()).isEqualTo(104);
        assertThat(off(Structs.KVM_ENABLE_CAP, "flags")).isEqualTo(4);
        assertThat(off(Structs.KVM_ENABLE_CAP, "args")).isEqualTo(8);
        assertThat(off(Structs.KVM_ENABLE_CAP, "pad")).isEqualTo(40);
    }

    @Test
    void kvmDeviceAttrAndCreateDevice() {
        assertThat(Structs.KVM_DEVICE_ATTR.byteSize()).isEqualTo(24);
        assertThat(off(Structs.KVM_DEVICE_ATTR, "group")).isEqualTo(4);
        assertThat(off(Structs.KVM_DEVICE_ATTR, "attr")).isEqualTo(8);
        assertThat(off(Structs.KVM_DEVICE_ATTR, "addr")).isEqualTo(16);
        assertThat(Structs.KVM_CREATE_DEVICE.byteSize()).isEqualTo(12);
        assertThat(off(Structs.KVM_CREATE_DEVICE, "fd")).isEqualTo(4);
        assertThat(off(Structs.KVM_CREATE_DEVICE, "flags")).isEqualTo(8);
    }

    @Test
    void kvmSmcccFilter() {
        assertThat(Structs.KVM_SMCCC_FILTER.byteSize()).isEqualTo(24);
        assertThat(off(Structs.KVM_SMCCC_FILTER, "nr_functions")).isEqualTo(4);
        assertThat(off(Structs.KVM_SMCCC_FILTER, "action")).isEqualTo(8);
        assertThat(off(Structs.KVM_SMCCC_FILTER, "pad")).isEqualTo(9);
    }

    @Test
    void kvmUserspaceMemoryRegion() {
        assertThat(Structs.KVM_USERSPACE_MEMORY_REGION.byteSize()).isEqualTo(32);
        assertThat(off(Structs.KVM_USERSPACE_MEMORY_REGION, "guest_phys_addr")).isEqualTo(8);
        assertThat(off(Structs.KVM_USERSPACE_MEMORY_REGION, "memory_size")).isEqualTo(16);
        assertThat(off(Structs.KVM_USERSPACE_MEMORY_REGION, "userspace_addr")).isEqualTo(24);
    }

    @Test
    void kvmRegsCorePart() {
        // user_pt_regs { regs[31]; sp; pc; pstate; } then sp_el1, elr_el1, spsr[5]
        assertThat(off(Structs.KVM_REGS_CORE, "regs", "sp")).isEqualTo(248);
        assertThat(off(Structs.KVM_REGS_CORE, "regs", "pc")).isEqualTo(256);
        assertThat(off(Structs.KVM_REGS_CORE, "regs", "pstate")).isEqualTo(264);
        assertThat(off(Structs.KVM_REGS_CORE, "sp_el1")).isEqualTo(272);
        assertThat(off(Structs.KVM_REGS_CORE, "elr_el1")).isEqualTo(280);
        assertThat(off(Structs.KVM_REGS_CORE, "spsr")).isEqualTo(288);
    }

    @Test
    void kvmRunHeaderAndExitUnion() {
        assertThat(off(Structs.KVM_RUN, "immediate_exit")).isEqualTo(1);
        assertThat(off(Structs.KVM_RUN, "exit_reason")).isEqualTo(8);
        assertThat(off(Structs.KVM_RUN, "flags")).isEqualTo(14);
        assertThat(off(Structs.KVM_RUN, "exit")).isEqualTo(32);
        assertThat(Structs.KVM_RUN_EXIT.byteSize()).isEqualTo(256);
        // the fields after the union (kvm_valid_regs) start at 32 + 256
        assertThat(Structs.KVM_RUN.byteSize()).isEqualTo(288);
    }

    @Test
    void kvmRunMmio() {
        assertThat(Structs.KVM_RUN_MMIO.byteSize()).isEqualTo(24);
        assertThat(off(Structs.KVM_RUN, "exit", "mmio", "phys_addr")).isEqualTo(32);
        assertThat(off(Structs.KVM_RUN, "exit", "mmio", "data")).isEqualTo(40);
        assertThat(off(Structs.KVM_RUN, "exit", "mmio", "len")).isEqualTo(48);
        assertThat(off(Structs.KVM_RUN, "exit", "mmio", "is_write")).isEqualTo(52);
    }

    @Test
    void kvmRunHypercallAndSystemEvent() {
        assertThat(Structs.KVM_RUN_HYPERCALL.byteSize()).isEqualTo(72);
        assertThat(off(Structs.KVM_RUN, "exit", "hypercall", "nr")).isEqualTo(32);
        assertThat(off(Structs.KVM_RUN, "exit", "hypercall", "args")).isEqualTo(40);
        assertThat(off(Structs.KVM_RUN, "exit", "hypercall", "ret")).isEqualTo(88);
        assertThat(off(Structs.KVM_RUN, "exit", "hypercall", "flags")).isEqualTo(96);
        assertThat(off(Structs.KVM_RUN, "exit", "system_event", "type")).isEqualTo(32);
        assertThat(off(Structs.KVM_RUN, "exit", "system_event", "data")).isEqualTo(40);
    }
}
