package org.cpumodel.uapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The default methods of the KVM interface, over a scripted vCPU that records what it was asked. */
class KvmInterfaceDefaultsTest {

    /** A vCPU whose register 1 reads 7, every other id ENOENT; writes of odd values are refused with EINVAL. */
    static final class Scripted implements KvmVcpu {
        final List<String> calls = new ArrayList<>();
        final int failInitWith;

        Scripted(int failInitWith) {
            this.failInitWith = failInitWith;
        }

        public int id() {
            return 0;
        }

        public void init(int features) {
            calls.add("init " + features);
            if (failInitWith != 0) {
                throw new KvmIoctlException("KVM_ARM_VCPU_INIT", failInitWith);
            }
        }

        public void finalizeSve(List<Integer> vectorLengths) {
            calls.add("finalize " + vectorLengths);
        }

        public long getOneReg(long id) {
            if (id != 1) {
                throw new KvmIoctlException("KVM_GET_ONE_REG", Errno.ENOENT.number(), OptionalLong.of(id), null);
            }
            return 7;
        }

        public byte[] getOneRegBytes(long id) {
            throw new UnsupportedOperationException();
        }

        public void setOneReg(long id, long value) {
            if ((value & 1) != 0) {
                throw new KvmIoctlException("KVM_SET_ONE_REG", Errno.EINVAL.number(), OptionalLong.of(id), null);
            }
        }

        public void setOneRegBytes(long id, byte[] value) {
            throw new UnsupportedOperationException();
        }

        public long[] getRegList() {
            return new long[] {1};
        }

        public long[] readSysregsAsGuest(int... sysregEncodings) {
            return new long[sysregEncodings.length];
        }

        public void close() {
            calls.add("close");
        }
    }

    static KvmVm vmOf(Scripted vcpu) {
        return new KvmVm() {
            public void enableCap(int cap) {
            }

            public void setSmcccFilter(int base, int nrFunctions, int action) {
            }

            public KvmVcpu createVcpu(int id) {
                return vcpu;
            }

            public long[] getRegWritableMasks(int range) {
                return new long[KvmRegId.FEATURE_ID_RANGE_SIZE];
            }

            public KvmVgic createVgicV3() {
                throw new KvmIoctlException("KVM_CREATE_DEVICE", Errno.ENODEV.number());
            }

            public void close() {
            }
        };
    }

    @Test
    void createVcpuInitialisesAndFinalisesSveOnlyWhenAsked() {
        Scripted plain = new Scripted(0);
        vmOf(plain).createVcpu(0, KvmVcpuInit.bit(KvmVcpuInit.PSCI_0_2), List.of(128));
        assertThat(plain.calls).containsExactly("init 4");
        Scripted sve = new Scripted(0);
        vmOf(sve).createVcpu(0, KvmVcpuInit.bit(KvmVcpuInit.PSCI_0_2) | KvmVcpuInit.bit(KvmVcpuInit.SVE), List.of(128, 256));
        assertThat(sve.calls).containsExactly("init 20", "finalize [128, 256]");
    }

    @Test
    void aVcpuThatFailsToInitialiseIsClosed() {
        Scripted failing = new Scripted(Errno.EINVAL.number());
        assertThatThrownBy(() -> vmOf(failing).createVcpu(0, 4, List.of())).isInstanceOf(KvmIoctlException.class);
        assertThat(failing.calls).containsExactly("init 4", "close");
    }

    @Test
    void questionsAnswerWithoutExceptions() {
        Scripted v = new Scripted(0);
        assertThat(v.getOneRegIfPresent(1)).hasValue(7);
        assertThat(v.getOneRegIfPresent(2)).isEmpty();
        assertThat(v.trySetOneReg(1, 2)).isZero();
        assertThat(v.trySetOneReg(1, 3)).isEqualTo(Errno.EINVAL.number());
    }
}
