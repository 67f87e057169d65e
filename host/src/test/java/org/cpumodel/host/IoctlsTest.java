package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request numbers against kvm-arm64-semantics section 1.1 (computed there with the C macros). */
class IoctlsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "KVM_GET_API_VERSION, 0x0000AE00",
        "KVM_CREATE_VM, 0x0000AE01",
        "KVM_CHECK_EXTENSION, 0x0000AE03",
        "KVM_GET_VCPU_MMAP_SIZE, 0x0000AE04",
        "KVM_CREATE_VCPU, 0x0000AE41",
        "KVM_SET_USER_MEMORY_REGION, 0x4020AE46",
        "KVM_RUN, 0x0000AE80",
        "KVM_ENABLE_CAP, 0x4068AEA3",
        "KVM_GET_ONE_REG, 0x4010AEAB",
        "KVM_SET_ONE_REG, 0x4010AEAC",
        "KVM_ARM_VCPU_INIT, 0x4020AEAE",
        "KVM_ARM_PREFERRED_TARGET, 0x8020AEAF",
        "KVM_GET_REG_LIST, 0xC008AEB0",
        "KVM_ARM_GET_REG_WRITABLE_MASKS, 0x8040AEB6",
        "KVM_ARM_VCPU_FINALIZE, 0x4004AEC2",
        "KVM_CREATE_DEVICE, 0xC00CAEE0",
        "KVM_SET_DEVICE_ATTR, 0x4018AEE1",
        "KVM_GET_DEVICE_ATTR, 0x4018AEE2",
        "KVM_HAS_DEVICE_ATTR, 0x4018AEE3",
    })
    void requestNumbersMatchTheUapiMacros(String name, String hex) throws ReflectiveOperationException {
        Ioctl ioctl = (Ioctl) Ioctls.class.getField(name).get(null);
        assertThat(ioctl.name()).isEqualTo(name);
        assertThat(ioctl.request()).isEqualTo(Long.parseLong(hex.substring(2), 16));
    }

    @Test
    void iocPacksTheFourFields() {
        // _IOWR(0xAE, 0xB0, 8): dir 3 in bits 30..31, size 8 in 16..29, type in 8..15, nr in 0..7
        assertThat(Ioctls.ioc(3, 0xAE, 0xB0, 8)).isEqualTo(0xC008AEB0L);
        assertThat(Ioctls.ioc(Ioctls.IOC_NONE, 0xAE, 0, 0)).isEqualTo(0xAE00L);
        assertThat(Ioctls.ioc(Ioctls.IOC_READ, 0, 0, (1 << 14) - 1)).isEqualTo(0xBFFF0000L);
    }

    @Test
    void iocRejectsFieldsThatDoNotFit() {
        assertThatThrownBy(() -> Ioctls.ioc(1, 0xAE, 0x100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ioctls.ioc(1, 0xAE, 0, 1 << 14)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ioctls.ioc(4, 0xAE, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNameAndHex() {
        assertThat(Ioctls.KVM_SET_ONE_REG).hasToString("KVM_SET_ONE_REG=0x4010AEAC");
    }
}
