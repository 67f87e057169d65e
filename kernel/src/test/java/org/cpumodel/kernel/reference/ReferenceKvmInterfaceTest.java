package org.cpumodel.kernel.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.cpumodel.kernel.reference.ReferenceKvmTest.ISAR0;
import static org.cpumodel.kernel.reference.ReferenceKvmTest.PFR0;
import static org.cpumodel.kernel.reference.ReferenceKvmTest.id;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.GuestExitException;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.uapi.SmcccFilter;
import org.cpumodel.uapi.VgicV3;
import org.junit.jupiter.api.Test;

/**
 * The reference KVM through the KVM interface (what collect, verify, the differential test and the
 * set_id_regs port use): each answer as the kernel source gives it (arch/arm64/kvm of 6.12: guest.c,
 * reset.c, hypercalls.c, vgic-init.c; kvm-arm64-semantics.md).
 */
class ReferenceKvmInterfaceTest {

    /** neoverse-n1 of ReferenceKvmTest with an "sve" feature set offering 128, 256 and 512 bits (A64FX's lengths). */
    static HostProfile withSve(String kernel) {
        HostProfile p = ReferenceKvmTest.host(kernel, true);
        FeatureSetView def = p.defaultView();
        TreeMap<String, FeatureSetView> sets = new TreeMap<>(p.featureSets());
        sets.put("sve", new FeatureSetView(Provenance.MEASURED, def.registers(), new TreeMap<>(Map.of(0, 0x700fe01aL, 1, 0x201fe01aL)),
                List.of(KvmRegId.CORE_PC, id("ID_AA64PFR0_EL1"), KvmRegId.SVE_VLS), List.of(128, 256, 512)));
        return new HostProfile(p.id(), p.host(), p.partial(), p.notes(), p.capabilities(), p.masks(), p.gic(), sets);
    }

    static final int SVE = FeatureSet.of(VcpuFeature.SVE).initBits();

    @Test
    void describesItselfAndAnswersCapabilities() {
        KvmSystem kvm = new ReferenceKvm(ReferenceKvmTest.host("7.3.4", true));
        assertThat(kvm.describe()).isEqualTo("the reference KVM of host n1 (Linux 7.3.4)");
        assertThat(kvm.checkExtension(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES)).isEqualTo(1);
        assertThat(kvm.checkExtension(KvmCap.ARM_WRITABLE_IMP_ID_REGS)).isEqualTo(1);
        assertThat(new ReferenceKvm(ReferenceKvmTest.host("6.12.117", true)).checkExtension(KvmCap.ARM_WRITABLE_IMP_ID_REGS)).isZero();
    }

    @Test
    void initTakesFeatureBitsAndRefusesWhatNoFeatureSetHas() {
        KvmVm vm = new ReferenceKvm(ReferenceKvmTest.host("6.12.117", true)).createVm();
        KvmVcpu v = vm.createVcpu(0);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.init(KvmVcpuInit.bit(KvmVcpuInit.PTRAUTH_ADDRESS)))
                .errnoConstant()).as("one pointer-authentication bit without the other").contains(Errno.EINVAL);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.init(KvmVcpuInit.bit(KvmVcpuInit.EL1_32BIT)))
                .errnoConstant()).contains(Errno.EINVAL);
        v.init(KvmVcpuInit.bit(KvmVcpuInit.PSCI_0_2) | KvmVcpuInit.bit(KvmVcpuInit.PMU_V3));
        assertThat(((ReferenceVcpu) v).features()).isEqualTo(FeatureSet.of(VcpuFeature.PMU));
        assertThat(v.getOneReg(id("ID_AA64DFR0_EL1"))).isEqualTo(ReferenceKvmTest.DFR0 | 0x400L);
    }

    @Test
    void aRefusedWriteIsAnIoctlErrorThatCarriesTheVerdict() {
        KvmVcpu v = new ReferenceKvm(ReferenceKvmTest.host("6.12.117", true)).createVm().createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of());
        ReferenceRefusal e = catchThrowableOfType(ReferenceRefusal.class, () -> v.setOneReg(id("ID_AA64ISAR0_EL1"), ISAR0 + 0x10L));
        assertThat(e.ioctl()).isEqualTo("KVM_SET_ONE_REG");
        assertThat(e.errnoConstant()).contains(Errno.EINVAL);
        assertThat(e.registerId()).hasValue(id("ID_AA64ISAR0_EL1"));
        assertThat(e.verdict().register()).isEqualTo("ID_AA64ISAR0_EL1");
        assertThat(e.verdict().field()).isEqualTo("AES");
        assertThat(e.getMessage()).startsWith("KVM_SET_ONE_REG(0x603000000013c030, ID_AA64ISAR0_EL1.AES").endsWith("failed: EINVAL (22)");
        assertThat(v.trySetOneReg(id("ID_AA64ISAR0_EL1"), ISAR0 + 0x10L)).isEqualTo(Errno.EINVAL.number());
        assertThat(v.trySetOneReg(id("ID_AA64ISAR0_EL1"), ISAR0 & ~0xF0L)).isZero();
        assertThat(((ReferenceVcpu) v).lastVerdict().isAccepted()).isTrue();
        assertThat(v.getOneRegIfPresent(id("ID_AA64ISAR3_EL1"))).as("absent on this host: ENOENT").isEmpty();
    }

    @Test
    void ccsidrsComeFromTheProfile() {
        KvmVcpu v = new ReferenceKvm(withSve("6.12.117")).createVm().createVcpu(0, SVE, List.of());
        assertThat(v.getOneReg(KvmRegId.ccsidr(1))).isEqualTo(0x201fe01aL);
        assertThat(v.getOneRegIfPresent(KvmRegId.ccsidr(4))).isEmpty();
        assertThat(v.getRegList()).containsExactly(KvmRegId.CORE_PC, id("ID_AA64PFR0_EL1"), KvmRegId.SVE_VLS);
        assertThat(v.getOneRegBytes(id("ID_AA64PFR0_EL1"))).as("8 bytes, little-endian").startsWith((byte) 0x12, (byte) 0x01).hasSize(8);
    }

    @Test
    void sveVectorLengthsFollowSetSveVls() {
        KvmVm vm = new ReferenceKvm(withSve("6.12.117")).createVm();
        KvmVcpu v = vm.createVcpu(0);
        v.init(SVE);
        assertThat(v.getOneRegBytes(KvmRegId.SVE_VLS)).startsWith((byte) 0b1011, (byte) 0).hasSize(64);
        assertThat(catchThrowableOfType(KvmIoctlException.class, v::getRegList).errnoConstant()).as("not finalised").contains(Errno.EPERM);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.finalizeSve(List.of(128, 512))).errnoConstant())
                .as("KVM cannot hide 256 below 512").contains(Errno.EINVAL);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.finalizeSve(List.of(128, 256, 512, 1024))).errnoConstant())
                .as("above the host's largest").contains(Errno.EINVAL);
        v.finalizeSve(List.of(128, 256));
        assertThat(v.getOneRegBytes(KvmRegId.SVE_VLS)).startsWith((byte) 0b11, (byte) 0);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.finalizeSve(List.of())).errnoConstant()).contains(Errno.EPERM);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.setOneRegBytes(KvmRegId.SVE_VLS, new byte[64])).errnoConstant())
                .as("finalised").contains(Errno.EPERM);

        KvmVcpu plain = new ReferenceKvm(withSve("6.12.117")).createVm().createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of());
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> plain.getOneRegBytes(KvmRegId.SVE_VLS)).errnoConstant()).contains(Errno.ENOENT);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> plain.finalizeSve(List.of())).errnoConstant()).contains(Errno.EINVAL);
    }

    @Test
    void theSmcccFilterExistsFrom64AndFreezesAtTheFirstRun() {
        KvmVm old = new ReferenceKvm(ReferenceKvmTest.host("6.1.176", false)).createVm();
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> old.setSmcccFilter((int) SmcccFilter.DISCOVER_IMPL_VER, 2,
                SmcccFilter.FWD_TO_USER)).errnoConstant()).contains(Errno.EINVAL);

        KvmVm vm = new ReferenceKvm(ReferenceKvmTest.host("7.3.4", true)).createVm();
        vm.setSmcccFilter((int) SmcccFilter.DISCOVER_IMPL_VER, 2, SmcccFilter.FWD_TO_USER);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> vm.setSmcccFilter((int) SmcccFilter.DISCOVER_IMPL_CPUS, 1,
                SmcccFilter.DENY)).errnoConstant()).as("overlap").contains(Errno.EEXIST);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> vm.setSmcccFilter(0x8000_0000, 1, SmcccFilter.DENY))
                .errnoConstant()).as("the architecture range is reserved").contains(Errno.EEXIST);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> vm.setSmcccFilter(0x100, 0, SmcccFilter.DENY))
                .errnoConstant()).contains(Errno.EINVAL);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> vm.setSmcccFilter(0x100, 1, 3)).errnoConstant()).contains(Errno.EINVAL);
        vm.createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of()).readSysregsAsGuest();
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> vm.setSmcccFilter(0x100, 1, SmcccFilter.DENY))
                .errnoConstant()).contains(Errno.EBUSY);
    }

    @Test
    void vendorHypBmap2ExistsFrom615WithTwoBits() {
        KvmVcpu v612 = new ReferenceKvm(ReferenceKvmTest.host("6.12.117", true)).createVm().createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of());
        assertThat(v612.getOneRegIfPresent(KvmRegId.VENDOR_HYP_BMAP_2)).isEmpty();
        assertThat(v612.trySetOneReg(KvmRegId.VENDOR_HYP_BMAP_2, 3)).isEqualTo(Errno.ENOENT.number());

        KvmVcpu v = new ReferenceKvm(ReferenceKvmTest.host("7.3.4", true)).createVm().createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of());
        assertThat(v.getOneReg(KvmRegId.VENDOR_HYP_BMAP_2)).as("clear by default").isZero();
        assertThat(v.trySetOneReg(KvmRegId.VENDOR_HYP_BMAP_2, 4)).isEqualTo(Errno.EINVAL.number());
        v.setOneReg(KvmRegId.VENDOR_HYP_BMAP_2, 3);
        assertThat(v.getOneReg(KvmRegId.VENDOR_HYP_BMAP_2)).isEqualTo(3);
        v.readSysregsAsGuest();
        assertThat(v.trySetOneReg(KvmRegId.VENDOR_HYP_BMAP_2, 1)).as("after the run").isEqualTo(Errno.EBUSY.number());
        assertThat(v.trySetOneReg(KvmRegId.VENDOR_HYP_BMAP_2, 3)).as("the same value after the run").isZero();
    }

    @Test
    void aGuestReadsWhatKvmGetOneRegGivesAfterTheFirstRun() {
        ReferenceVm vm = new ReferenceKvm(ReferenceKvmTest.host("6.12.117", true)).createVm();
        KvmVcpu v = vm.createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of());
        v.setOneReg(id("ID_AA64ISAR0_EL1"), ISAR0 & ~0xF0L);
        long[] seen = v.readSysregsAsGuest(KvmRegId.sysregEncoding(id("ID_AA64ISAR0_EL1")), KvmRegId.sysregEncoding(id("ID_AA64PFR0_EL1")),
                KvmRegId.sysregEncoding(id("MPIDR_EL1")));
        assertThat(seen).containsExactly(ISAR0 & ~0xF0L, PFR0 & ~0x0F00_0000L, 0x8000_0000L); // 6.12 clears PFR0.GIC without a vGIC
        assertThat(vm.hasRun()).isTrue();
        assertThat(catchThrowableOfType(GuestExitException.class, () -> v.readSysregsAsGuest(KvmRegId.sysregEncoding(id("ID_AA64ISAR3_EL1")))))
                .hasMessageContaining("does not model what a guest reads from ID_AA64ISAR3_EL1");
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> vm.createVcpu(1)).errnoConstant()).as("the VM has run")
                .contains(Errno.EBUSY);
        KvmVcpu uninitialised = new ReferenceKvm(ReferenceKvmTest.host("6.12.117", true)).createVm().createVcpu(0);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> uninitialised.readSysregsAsGuest()).errnoConstant())
                .contains(Errno.ENOEXEC);
    }

    @Test
    void theVgicInterfaceReachesIccCtlrOnly() {
        ReferenceVm vm = new ReferenceKvm(ReferenceKvmTest.host("6.12.117", true)).createVm();
        KvmVcpu v = vm.createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of());
        KvmVgic gic = vm.createVgicV3();
        assertThat(catchThrowableOfType(KvmIoctlException.class, vm::createVgicV3).errnoConstant()).contains(Errno.EEXIST);
        assertThat(gic.getCpuSysreg(v, VgicV3.ICC_CTLR_EL1)).isEqualTo(0x8c00L);
        ReferenceRefusal up = catchThrowableOfType(ReferenceRefusal.class, () -> gic.setCpuSysreg(v, VgicV3.ICC_CTLR_EL1, 0x8d00L));
        assertThat(up.verdict().field()).isEqualTo("PRIbits");
        gic.setCpuSysreg(v, VgicV3.ICC_CTLR_EL1, 0x8b00L);
        assertThat(gic.getCpuSysreg(v, VgicV3.ICC_CTLR_EL1)).isEqualTo(0x8b00L);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> gic.getCpuSysreg(v, VgicV3.ICC_PMR_EL1)).errnoConstant())
                .contains(Errno.ENXIO);
        KvmVcpu other = new ReferenceKvm(ReferenceKvmTest.host("6.12.117", true)).createVm().createVcpu(0);
        assertThatThrownBy(() -> gic.getCpuSysreg(other, VgicV3.ICC_CTLR_EL1)).isInstanceOf(IllegalArgumentException.class);
    }
}
