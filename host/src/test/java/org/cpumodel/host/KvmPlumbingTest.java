package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.junit.jupiter.api.Test;

/**
 * The arch-independent part of the binding against whatever /dev/kvm this machine has (x86_64
 * too): the generic ioctls, fd ownership, the kvm_run mmap, errno reporting. Skipped without a
 * usable /dev/kvm. The architecture check is bypassed through the package-private open.
 */
class KvmPlumbingTest {

    private static Kvm openAnyArch() {
        assumeTrue(Files.isReadable(Path.of(Kvm.DEVICE)) && Files.isWritable(Path.of(Kvm.DEVICE)), "no usable /dev/kvm");
        return Kvm.open(Kvm.DEVICE, "aarch64", "Linux");
    }

    @Test
    void systemIoctls() {
        try (Kvm kvm = openAnyArch()) {
            assertThat(kvm.getApiVersion()).isEqualTo(12);
            assertThat(kvm.getVcpuMmapSize()).isGreaterThanOrEqualTo((int) Structs.KVM_RUN.byteSize());
            assertThat(kvm.checkExtension(KvmCap.USER_MEMORY)).isEqualTo(1);
            assertThat(kvm.checkExtension(0x7fff_fff0)).isZero();
        }
    }

    @Test
    void vmAndVcpuFdsAndTheKvmRunMapping() {
        try (Kvm kvm = openAnyArch(); VmFd vm = kvm.createVm()) {
            assertThat(vm.rawFd()).isNotEqualTo(kvm.rawFd());
            assertThat(vm.checkExtension(KvmCap.USER_MEMORY)).isEqualTo(1);
            VcpuFd vcpu = vm.createVcpu(0);
            KvmRun run;
            try (vcpu) {
                assertThat(vcpu.id()).isZero();
                run = vcpu.kvmRun();
                assertThat(run).isSameAs(vcpu.kvmRun());
                assertThat(run.exitReason()).isGreaterThanOrEqualTo(0);
            }
            assertThat(vcpu.isClosed()).isTrue();
            assertThatThrownBy(run::exitReason).isInstanceOf(IllegalStateException.class); // unmapped, not a crash
            assertThatThrownBy(() -> vcpu.getOneReg(KvmRegId.CORE_PC)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
            closeAgain(vcpu);
        }
    }

    private static void closeAgain(AutoCloseable c) {
        try {
            c.close(); // idempotent
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFailingIoctlCarriesNameErrnoAndRegisterId() {
        assumeTrue(!"aarch64".equals(System.getProperty("os.arch")), "on arm64 ONE_REG works: see RealKvmTest");
        try (Kvm kvm = openAnyArch(); VmFd vm = kvm.createVm(); VcpuFd vcpu = vm.createVcpu(0)) {
            assertThatThrownBy(() -> vcpu.getOneReg(0x603000000013C020L))
                    .isInstanceOfSatisfying(KvmIoctlException.class, e -> {
                        assertThat(e.ioctl()).isEqualTo("KVM_GET_ONE_REG");
                        assertThat(e.registerId()).hasValue(0x603000000013C020L);
                        assertThat(e.errno()).isPositive();
                    })
                    .hasMessageStartingWith("KVM_GET_ONE_REG(0x603000000013c020) failed: ");
            assertThatThrownBy(vm::armPreferredTarget).isInstanceOf(KvmIoctlException.class)
                    .hasMessageStartingWith("KVM_ARM_PREFERRED_TARGET failed: ");
        }
    }
}
