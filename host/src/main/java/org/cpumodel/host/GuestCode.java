package org.cpumodel.host;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.cpumodel.uapi.KvmRegId;

/**
 * Places a few AArch64 instructions in guest memory and points a vCPU at them: a 64 KiB
 * page-aligned region from {@code arena} mapped at {@code gpa} through
 * KVM_SET_USER_MEMORY_REGION (slot 0) and PC set through the core register id. The arena must
 * outlive every KVM_RUN of the vCPU.
 */
public final class GuestCode {

    /** Size of the region mapped for the code. */
    public static final long REGION_SIZE = 0x10000;

    private GuestCode() {
    }

    public static MemorySegment load(VmFd vm, VcpuFd vcpu, Arena arena, long gpa, int[] instructions) {
        if (instructions.length * 4L > REGION_SIZE) {
            throw new IllegalArgumentException(instructions.length + " instructions do not fit in " + REGION_SIZE + " bytes");
        }
        MemorySegment mem = arena.allocate(REGION_SIZE, REGION_SIZE);
        MemorySegment.copy(instructions, 0, mem, JAVA_INT, 0, instructions.length);
        vm.setUserMemoryRegion(0, 0, gpa, mem);
        vcpu.setOneReg(KvmRegId.CORE_PC, gpa);
        return mem;
    }
}
