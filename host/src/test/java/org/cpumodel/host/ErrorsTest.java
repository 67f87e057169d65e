package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void symbolicNamesOfTheErrnosKvmReturns() {
        assertThat(Errno.symbolicName(22)).isEqualTo("EINVAL");
        assertThat(Errno.symbolicName(2)).isEqualTo("ENOENT");
        assertThat(Errno.symbolicName(16)).isEqualTo("EBUSY");
        assertThat(Errno.symbolicName(8)).isEqualTo("ENOEXEC");
        assertThat(Errno.symbolicName(1)).isEqualTo("EPERM");
        assertThat(Errno.symbolicName(7)).isEqualTo("E2BIG");
        assertThat(Errno.symbolicName(6)).isEqualTo("ENXIO");
        assertThat(Errno.symbolicName(14)).isEqualTo("EFAULT");
        assertThat(Errno.symbolicName(13)).isEqualTo("EACCES");
        assertThat(Errno.symbolicName(19)).isEqualTo("ENODEV");
        assertThat(Errno.symbolicName(25)).isEqualTo("ENOTTY");
        assertThat(Errno.symbolicName(4242)).isEqualTo("errno 4242");
        assertThat(Errno.of(22)).contains(Errno.EINVAL);
        assertThat(Errno.of(4242)).isEmpty();
    }

    @Test
    void unknownErrnoIsDescribedByTheCLibrary() {
        assertThat(Errno.describe(22)).isEqualTo("Invalid argument");
        // glibc: "Unknown error 4242"; musl: "No error information" - either way a non-empty string
        assertThat(Errno.describe(4242)).isNotBlank();
    }

    @Test
    void messageWithRegisterId() {
        var e = new KvmIoctlException("KVM_SET_ONE_REG", 22, OptionalLong.of(0x603000000013C020L), null);
        assertThat(e).hasMessage("KVM_SET_ONE_REG(0x603000000013c020) failed: EINVAL (22)");
        assertThat(e.ioctl()).isEqualTo("KVM_SET_ONE_REG");
        assertThat(e.errno()).isEqualTo(22);
        assertThat(e.errnoName()).isEqualTo("EINVAL");
        assertThat(e.is(Errno.EINVAL)).isTrue();
        assertThat(e.is(Errno.ENOENT)).isFalse();
        assertThat(e.registerId()).hasValue(0x603000000013C020L);
        assertThat(e.context()).isEmpty();
        assertThat(e).isInstanceOf(RuntimeException.class).isInstanceOf(KvmException.class);
    }

    @Test
    void messageWithoutContextAndWithContext() {
        assertThat(new KvmIoctlException("KVM_CREATE_VM", 1)).hasMessage("KVM_CREATE_VM failed: EPERM (1)");
        assertThat(new KvmIoctlException("KVM_GET_DEVICE_ATTR", 6, OptionalLong.empty(), "group 6, attr 0xc664"))
                .hasMessage("KVM_GET_DEVICE_ATTR(group 6, attr 0xc664) failed: ENXIO (6)");
        assertThat(new KvmIoctlException("KVM_GET_ONE_REG", 2, OptionalLong.of(0x6020000000110001L), "vcpu 0"))
                .hasMessage("KVM_GET_ONE_REG(0x6020000000110001, vcpu 0) failed: ENOENT (2)");
    }

    @Test
    void errnoIsCapturedFromTheSystemCall() {
        // a descriptor that cannot be open: ioctl must report EBADF through captureCallState
        assertThat(LibC.ioctl(-1, Ioctls.KVM_GET_API_VERSION.request(), 0L)).isEqualTo(-Errno.EBADF.number());
        assertThat(LibC.open("/nonexistent-dir-for-cpumodel/kvm", LibC.O_RDWR)).isEqualTo(-Errno.ENOENT.number());
        assertThat(LibC.close(-1)).isEqualTo(-Errno.EBADF.number());
    }

    @Test
    void anIoctlArgumentMustBeNativeMemory() {
        assertThatThrownBy(() -> LibC.ioctl(-1, Ioctls.KVM_GET_API_VERSION.request(), java.lang.foreign.MemorySegment.ofArray(new long[2])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("native");
    }
}
