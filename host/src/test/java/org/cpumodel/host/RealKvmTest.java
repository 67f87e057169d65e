package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.uapi.ScratchVm;
import org.cpumodel.uapi.VgicV3;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The binding against real arm64 KVM. Runs only on an aarch64 Linux host with a usable
 * /dev/kvm (metal or the emulated lab); skipped elsewhere.
 */
@Tag("kvm")
class RealKvmTest {

    static final long ID_AA64PFR0_EL1 = 0x603000000013C020L;
    static final long ID_AA64ISAR0_EL1 = 0x603000000013C030L;

    @BeforeEach
    void requireArm64Kvm() {
        assumeTrue("aarch64".equals(System.getProperty("os.arch")), "not an arm64 host");
        assumeTrue(Files.isWritable(Path.of(Kvm.DEVICE)), "no usable /dev/kvm");
    }

    @Test
    void onePassOverTheAbi() {
        try (Kvm kvm = Kvm.open(); VmFd vm = kvm.createVm()) {
            assertThat(kvm.getApiVersion()).isEqualTo(12);
            VcpuInit target = vm.armPreferredTarget();
            assertThat(target.target()).isNotNegative();

            try (VcpuFd vcpu = vm.createVcpu(0)) {
                assertThatThrownBy(() -> vcpu.getOneReg(ID_AA64PFR0_EL1))
                        .isInstanceOfSatisfying(KvmIoctlException.class, e -> assertThat(e.is(Errno.ENOEXEC)).isTrue());
                vcpu.init(target.withFeature(KvmVcpuInit.PSCI_0_2));

                long pfr0 = vcpu.getOneReg(ID_AA64PFR0_EL1);
                assertThat(pfr0 & 0xF).isIn(1L, 2L); // EL0 AArch64 (and maybe AArch32)

                long[] regs = vcpu.getRegList();
                assertThat(regs).contains(ID_AA64PFR0_EL1, KvmRegId.CORE_PC);

                long ccsidr = vcpu.getOneReg(KvmRegId.ccsidr(0));
                assertThat(ccsidr >>> 32).isZero();

                if ((vm.checkExtension(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES) & 1) != 0) {
                    long[] masks = vm.getRegWritableMasks(KvmRegId.FEATURE_ID_RANGE);
                    assertThat(masks).hasSize(192);
                    assertThat(masks[KvmRegId.featureIdRangeIndex(ID_AA64ISAR0_EL1)]).isNotZero();
                    assertThatThrownBy(() -> vm.getRegWritableMasks(KvmRegId.FEATURE_ID_RANGE, new int[] {0, 1}))
                            .isInstanceOfSatisfying(KvmIoctlException.class, e -> assertThat(e.is(Errno.EINVAL)).isTrue());
                    assertThatThrownBy(() -> vm.getRegWritableMasks(1))
                            .isInstanceOfSatisfying(KvmIoctlException.class, e -> assertThat(e.is(Errno.EINVAL)).isTrue());
                }
                assertThatThrownBy(() -> vcpu.getOneReg(KvmRegId.sysreg(3, 0, 0, 0, 5) | 0x8000_0000L))
                        .isInstanceOf(KvmIoctlException.class);
            }
        }
    }

    @Test
    void vgicV3IccCtlr() {
        try (Kvm kvm = Kvm.open(); VmFd vm = kvm.createVm(); VcpuFd vcpu = vm.createVcpu(0)) {
            vcpu.init(vm.armPreferredTarget());
            assumeTrue(vm.supportsDevice(VgicV3.DEVICE_TYPE), "no vGICv3 on this host");
            try (DeviceFd gic = vm.createDevice(VgicV3.DEVICE_TYPE)) {
                gic.vgicV3Setup(ScratchVm.GIC_DIST_BASE, ScratchVm.GIC_REDIST_BASE);
                long mpidr = vcpu.getOneReg(KvmRegId.sysreg(3, 0, 0, 0, 5));
                assertThat(gic.hasAttr(VgicV3.GRP_CPU_SYSREGS, VgicV3.cpuSysregAttr(mpidr, VgicV3.ICC_CTLR_EL1))).isTrue();
                long ctlr = gic.vgicV3GetCpuSysreg(mpidr, VgicV3.ICC_CTLR_EL1);
                assertThat(ctlr & 0x700).isNotZero(); // PRIbits
            }
        }
    }

    @Test
    void runsAGuestToAnMmioWrite() {
        try (Kvm kvm = Kvm.open(); VmFd vm = kvm.createVm(); VcpuFd vcpu = vm.createVcpu(0);
                Arena arena = Arena.ofConfined()) {
            vcpu.init(vm.armPreferredTarget());
            int[] code = {0xd2820000, 0xd2800841, 0xf9000001, 0x14000000}; // x0=0x1000; x1=0x42; str x1,[x0]; b .
            GuestCode.load(vm, vcpu, arena, 0x10000, code);
            assertThat(vcpu.run()).isEqualTo(KvmExit.MMIO);
            KvmRun run = vcpu.kvmRun();
            assertThat(run.mmioIsWrite()).isTrue();
            assertThat(run.mmioPhysAddr()).isEqualTo(0x1000);
            assertThat(run.mmioLen()).isEqualTo(8);
            assertThat(run.mmioValue()).isEqualTo(0x42);
        }
    }

    /** The KVM interface over FFM: a scratch VM, a vCPU, a vGIC, and a guest that reads registers. */
    @Test
    void theKvmInterfaceOverFfm() {
        try (FfmKvm kvm = FfmKvm.open(); FfmVm vm = kvm.createVm()) {
            assertThat(kvm.checkExtension(KvmCap.ONE_REG)).isEqualTo(1);
            try (FfmVcpu vcpu = (FfmVcpu) vm.createVcpu(0, KvmVcpuInit.bit(KvmVcpuInit.PSCI_0_2), java.util.List.of())) {
                long midr = vcpu.getOneReg(KvmRegId.sysreg(3, 0, 0, 0, 0));
                long isar0 = vcpu.getOneReg(ID_AA64ISAR0_EL1);
                assertThat(vcpu.mpidr()).isEqualTo(0x8000_0000L);
                if (vm.fd().supportsDevice(VgicV3.DEVICE_TYPE)) {
                    try (FfmVgic gic = vm.createVgicV3()) {
                        assertThat(gic.getCpuSysreg(vcpu, VgicV3.ICC_CTLR_EL1) & 0x700).isNotZero();
                    }
                }
                long[] seen = vcpu.readSysregsAsGuest(KvmRegId.sysregEncoding(ID_AA64ISAR0_EL1), 0xC000);
                assertThat(seen).containsExactly(isar0, midr);
                assertThat(vcpu.readSysregsAsGuest()).as("a second program in the same memory").isEmpty();
                assertThat(vcpu.trySetOneReg(ID_AA64ISAR0_EL1, isar0 ^ 0x10)).as("ID registers are final after the run")
                        .isEqualTo(Errno.EBUSY.number());
            }
        }
    }
}
