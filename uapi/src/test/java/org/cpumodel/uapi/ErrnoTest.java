package org.cpumodel.uapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Errno numbers of include/uapi/asm-generic/errno-base.h and errno.h (Linux 6.12), and the KVM error type. */
class ErrnoTest {

    @Test
    void numbersOfTheAsmGenericHeaders() {
        assertThat(Errno.OK.number()).isZero();
        assertThat(Errno.EPERM.number()).isEqualTo(1);
        assertThat(Errno.ENOENT.number()).isEqualTo(2);
        assertThat(Errno.EINTR.number()).isEqualTo(4);
        assertThat(Errno.ENXIO.number()).isEqualTo(6);
        assertThat(Errno.E2BIG.number()).isEqualTo(7);
        assertThat(Errno.ENOEXEC.number()).isEqualTo(8);
        assertThat(Errno.EBADF.number()).isEqualTo(9);
        assertThat(Errno.EAGAIN.number()).isEqualTo(11);
        assertThat(Errno.ENOMEM.number()).isEqualTo(12);
        assertThat(Errno.EACCES.number()).isEqualTo(13);
        assertThat(Errno.EFAULT.number()).isEqualTo(14);
        assertThat(Errno.EBUSY.number()).isEqualTo(16);
        assertThat(Errno.EEXIST.number()).isEqualTo(17);
        assertThat(Errno.ENODEV.number()).isEqualTo(19);
        assertThat(Errno.EINVAL.number()).isEqualTo(22);
        assertThat(Errno.EMFILE.number()).isEqualTo(24);
        assertThat(Errno.ENOTTY.number()).isEqualTo(25);
        assertThat(Errno.ENOSPC.number()).isEqualTo(28);
        assertThat(Errno.ERANGE.number()).isEqualTo(34);
        assertThat(Errno.ENOSYS.number()).isEqualTo(38);
        assertThat(Errno.EOPNOTSUPP.number()).isEqualTo(95);
        assertThat(Errno.ETIMEDOUT.number()).isEqualTo(110);
    }

    @Test
    void namesAndLookups() {
        assertThat(Errno.symbolicName(22)).isEqualTo("EINVAL");
        assertThat(Errno.symbolicName(16)).isEqualTo("EBUSY");
        assertThat(Errno.symbolicName(0)).isEqualTo("OK");
        assertThat(Errno.symbolicName(4242)).isEqualTo("errno 4242");
        assertThat(Errno.of(22)).contains(Errno.EINVAL);
        assertThat(Errno.of(-22)).as("kernel style").contains(Errno.EINVAL);
        assertThat(Errno.of(10)).as("ECHILD is not in the table").isEmpty();
        assertThat(Errno.of(4242)).isEmpty();
        assertThat(Errno.EINVAL.description()).isEqualTo("Invalid argument");
        assertThat(Errno.OK.isError()).isFalse();
        assertThat(Errno.EBUSY.isError()).isTrue();
        for (Errno e : Errno.values()) {
            assertThat(Errno.of(e.number())).as(e.name()).contains(e);
        }
    }

    @Test
    void anIoctlErrorNamesTheIoctlTheErrnoAndTheRegister() {
        var e = new KvmIoctlException("KVM_SET_ONE_REG", 22, OptionalLong.of(0x603000000013C020L), null);
        assertThat(e).hasMessage("KVM_SET_ONE_REG(0x603000000013c020) failed: EINVAL (22)");
        assertThat(e.ioctl()).isEqualTo("KVM_SET_ONE_REG");
        assertThat(e.errno()).isEqualTo(22);
        assertThat(e.errnoName()).isEqualTo("EINVAL");
        assertThat(e.errnoConstant()).contains(Errno.EINVAL);
        assertThat(e.is(Errno.EINVAL)).isTrue();
        assertThat(e.is(Errno.ENOENT)).isFalse();
        assertThat(e.registerId()).hasValue(0x603000000013C020L);
        assertThat(e.context()).isEmpty();
        assertThat(e).isInstanceOf(KvmException.class);
    }

    @Test
    void messagesWithoutAndWithContext() {
        assertThat(new KvmIoctlException("KVM_CREATE_VM", 1)).hasMessage("KVM_CREATE_VM failed: EPERM (1)");
        assertThat(new KvmIoctlException("KVM_GET_DEVICE_ATTR", 6, OptionalLong.empty(), "group 6, attr 0xc664"))
                .hasMessage("KVM_GET_DEVICE_ATTR(group 6, attr 0xc664) failed: ENXIO (6)");
        assertThat(new KvmIoctlException("KVM_GET_ONE_REG", 2, OptionalLong.of(0x6020000000110001L), "vcpu 0"))
                .hasMessage("KVM_GET_ONE_REG(0x6020000000110001, vcpu 0) failed: ENOENT (2)");
        assertThat(new KvmIoctlException("KVM_ENABLE_CAP", Errno.EINVAL, "a vCPU exists"))
                .hasMessage("KVM_ENABLE_CAP(a vCPU exists) failed: EINVAL (22)");
        assertThat(new KvmIoctlException("KVM_RUN", 4242)).hasMessage("KVM_RUN failed: errno 4242 (4242)");
        assertThat(new GuestExitException(KvmExit.SYSTEM_EVENT, "type 1")).hasMessage("guest stopped with exit SYSTEM_EVENT: type 1")
                .isInstanceOf(KvmException.class).extracting(GuestExitException::exitReason).isEqualTo(24);
    }
}
