package org.cpumodel.vmm.snapshot;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.cpumodel.host.VcpuEvents;
import org.cpumodel.host.VcpuFd;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;

/**
 * One vCPU's state: every register of KVM_GET_REG_LIST in the list's order (core and FP/SIMD,
 * firmware pseudo-registers, the timer's CTL, CNT and CVAL, MIDR/REVIDR/AIDR, the system registers
 * by encoding, the CCSIDRs), its MP state and its pending events. Read and written on the vCPU's own
 * thread.
 *
 * @param index    the vCPU id
 * @param mpidr    MPIDR_EL1 (the vGIC addresses the vCPU's redistributor and CPU interface by it)
 * @param regs     ONE_REG id and little-endian value, in KVM_GET_REG_LIST order
 * @param mpState  KVM_GET_MP_STATE
 * @param events   KVM_GET_VCPU_EVENTS
 */
public record VcpuState(int index, long mpidr, List<Reg> regs, int mpState, VcpuEvents events) {

    /** A register: its ONE_REG id and value bytes (the id's size). */
    public record Reg(long id, byte[] value) {
        public Reg {
            if (value.length != KvmRegId.sizeBytes(id)) {
                throw new IllegalArgumentException("register " + KvmRegId.hex(id) + ": " + value.length + " bytes, its id says " + KvmRegId.sizeBytes(id));
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Reg r && r.id == id && Arrays.equals(r.value, value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(id) * 31 + Arrays.hashCode(value);
        }
    }

    public VcpuState {
        regs = List.copyOf(regs);
    }

    static final long MPIDR_EL1 = KvmRegId.sysreg(3, 0, 0, 0, 5);

    /** Reads the state of {@code fd} (paused, on its own thread). */
    public static VcpuState save(int index, VcpuFd fd) {
        long[] ids = fd.getRegList();
        Reg[] regs = new Reg[ids.length];
        for (int i = 0; i < ids.length; i++) {
            regs[i] = new Reg(ids[i], fd.getOneRegBytes(ids[i]));
        }
        return new VcpuState(index, fd.getOneReg(MPIDR_EL1), List.of(regs), fd.getMpState(), fd.getVcpuEvents());
    }

    /**
     * Writes this state into {@code fd} (a vCPU initialised with the same model, its ID registers
     * already set by the model's plan, on its own thread, before its first KVM_RUN): each register in
     * list order where it differs from what the vCPU holds (a register KVM fixed at finalisation,
     * such as the SVE vector lengths, is equal and left alone), then the events, then the MP state.
     * A refused register ends it with the register's id, both values and KVM's errno.
     */
    public void restore(VcpuFd fd) {
        for (Reg r : regs) {
            byte[] now;
            try {
                now = fd.getOneRegBytes(r.id());
            } catch (KvmIoctlException e) {
                throw new StateRefusedException(String.format("vCPU %d: register %s of the source does not exist here (%s)", index,
                        KvmRegId.hex(r.id()), e.errnoName()), e);
            }
            if (Arrays.equals(now, r.value)) {
                continue;
            }
            try {
                fd.setOneRegBytes(r.id(), r.value);
            } catch (KvmIoctlException e) {
                throw new StateRefusedException(String.format("vCPU %d: KVM refused register %s = %s (it holds %s): %s", index, KvmRegId.hex(r.id()),
                        littleEndianHex(r.value), littleEndianHex(now), e.errnoName()), e);
            }
        }
        fd.setVcpuEvents(events);
        fd.setMpState(mpState);
    }

    /** The value as a number (most significant byte first). */
    static String littleEndianHex(byte[] v) {
        byte[] be = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            be[i] = v[v.length - 1 - i];
        }
        return "0x" + HexFormat.of().formatHex(be);
    }

    /** The value of register {@code id} as a number (registers of at most 8 bytes), or empty. */
    public java.util.OptionalLong value(long id) {
        for (Reg r : regs) {
            if (r.id() == id && r.value.length <= 8) {
                long v = 0;
                for (int i = r.value.length - 1; i >= 0; i--) {
                    v = (v << 8) | (r.value[i] & 0xFF);
                }
                return java.util.OptionalLong.of(v);
            }
        }
        return java.util.OptionalLong.empty();
    }
}
