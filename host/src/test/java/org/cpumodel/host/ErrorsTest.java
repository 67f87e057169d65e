package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cpumodel.uapi.Errno;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void anErrnoOutsideTheTableIsDescribedByTheCLibrary() {
        assertThat(LibC.strerror(22)).isEqualTo(Errno.EINVAL.description());
        // glibc: "Unknown error 4242"; musl: "No error information" - either way a non-empty string
        assertThat(LibC.strerror(4242)).isNotBlank();
        assertThat(Kvm.unavailable("/dev/kvm", 4242).getMessage()).contains("cannot open /dev/kvm: ").contains("errno 4242");
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
