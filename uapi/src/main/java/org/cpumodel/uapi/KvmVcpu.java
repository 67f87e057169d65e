package org.cpumodel.uapi;

import java.util.List;
import java.util.OptionalLong;

/**
 * A vCPU of a {@link KvmVm}. Register accesses need {@link #init(int)} first (ENOEXEC before it).
 * Ids are ONE_REG ids ({@link KvmRegId}); values are the register's little-endian contents.
 */
public interface KvmVcpu extends AutoCloseable {

    /** The vCPU id given to KVM_CREATE_VCPU. */
    int id();

    /**
     * KVM_ARM_VCPU_INIT with the preferred target and {@code features} as {@code features[0]} (bits of
     * {@link KvmVcpuInit}, e.g. {@code bit(PSCI_0_2) | bit(PMU_V3)}). Again on an initialised vCPU: a reset
     * (the features must be the same).
     */
    void init(int features);

    /**
     * For an SVE vCPU: KVM_SET_ONE_REG({@link KvmRegId#SVE_VLS}) to these vector lengths in bits (empty:
     * keep KVM's default set), then KVM_ARM_VCPU_FINALIZE(SVE).
     */
    void finalizeSve(List<Integer> vectorLengths);

    /** KVM_GET_ONE_REG of a register of at most 8 bytes, zero-extended. */
    long getOneReg(long id);

    /** {@link #getOneReg(long)} where KVM may not have the register: empty on ENOENT, other errors thrown. */
    default OptionalLong getOneRegIfPresent(long id) {
        try {
            return OptionalLong.of(getOneReg(id));
        } catch (KvmIoctlException e) {
            if (e.is(Errno.ENOENT)) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /** KVM_GET_ONE_REG of a register of any size (FP/SIMD, SVE, the SVE_VLS bitmap), little-endian bytes. */
    byte[] getOneRegBytes(long id);

    /** KVM_SET_ONE_REG of a register of at most 8 bytes; {@code value} must fit its size. */
    void setOneReg(long id, long value);

    /**
     * KVM_SET_ONE_REG as a question: 0 when KVM accepts {@code value}, else the errno number. For probes
     * that expect refusals.
     */
    default int trySetOneReg(long id, long value) {
        try {
            setOneReg(id, value);
            return 0;
        } catch (KvmIoctlException e) {
            return e.errno();
        }
    }

    /** KVM_SET_ONE_REG with raw little-endian bytes; the length must be the id's size. */
    void setOneRegBytes(long id, byte[] value);

    /** KVM_GET_REG_LIST: every ONE_REG id of this vCPU. */
    long[] getRegList();

    /**
     * KVM_RUN of a tiny guest that reads these system registers (16-bit encodings,
     * {@link KvmRegId#sysregEncoding(long)}) with MRS at EL1 and reports each value: what the guest
     * sees, in the same order. With none it only enters the guest and leaves it. Either way the VM has
     * then run: its ID registers are final (EBUSY for a different value).
     *
     * @throws GuestExitException when the guest leaves other than through its report
     */
    long[] readSysregsAsGuest(int... sysregEncodings);

    @Override
    void close();
}
