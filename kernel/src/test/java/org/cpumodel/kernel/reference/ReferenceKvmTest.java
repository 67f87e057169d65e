package org.cpumodel.kernel.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.profile.WritableMasks;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmIoctlException;
import org.junit.jupiter.api.Test;

/** The reference KVM's errno behaviour, on a neoverse-n1 lab host's values (emulated-lab-idregs.txt). */
class ReferenceKvmTest {

    static final long PFR0 = 0x1100000011110112L;
    static final long ISAR0 = 0x0000100010211120L;
    static final long MMFR0 = 0x0000000000101125L;
    static final long DFR0 = 0x0000000010305408L;

    static long id(String reg) {
        return KnowledgeBase.load().require(reg).encoding().oneRegId();
    }

    static HostProfile host(String kernel, boolean measuredMasks) {
        TreeMap<String, Long> regs = new TreeMap<>(Map.of("MIDR_EL1", 0x414fd0c1L, "MPIDR_EL1", 0x80000000L, "REVIDR_EL1", 0L, "AIDR_EL1", 0L,
                "ID_AA64PFR0_EL1", PFR0, "ID_AA64ISAR0_EL1", ISAR0, "ID_AA64MMFR0_EL1", MMFR0, "ID_AA64DFR0_EL1", DFR0,
                "CTR_EL0", 0x84448004L, "CLIDR_EL1", 0x0a200023L));
        regs.put("ID_AA64ZFR0_EL1", 0L);
        regs.put("ID_PFR0_EL1", 0x10131L);
        regs.put("S3_0_C0_C3_3", 0L);
        regs.put("ID_AA64ISAR3_EL1", null);
        TreeMap<String, Long> pmu = new TreeMap<>(regs);
        pmu.put("ID_AA64DFR0_EL1", DFR0 | 0x400L);
        var masks = measuredMasks ? new WritableMasks(Provenance.MEASURED, new TreeMap<>(Map.of("ID_AA64PFR0_EL1", 0xffff00f00f00ffffL,
                "ID_AA64ISAR0_EL1", 0xfffffffffffffff0L, "ID_AA64MMFR0_EL1", 0xff00f000ffffff0fL, "ID_AA64DFR0_EL1", 0x000000f000f00f0fL,
                "ID_PFR0_EL1", 0xffffffffL, "CTR_EL0", 0x300f000fL, "CLIDR_EL1", 0x00007fffffffffffL))) : null;
        var sets = new TreeMap<String, FeatureSetView>();
        sets.put("default", new FeatureSetView(Provenance.MEASURED, regs, new TreeMap<>(), null, List.of()));
        sets.put("pmu", new FeatureSetView(Provenance.MEASURED, pmu, new TreeMap<>(), null, List.of()));
        return new HostProfile("sha256:test", new HostInfo("n1", "neoverse-n1", kernel, "VHE", "test", new TreeMap<>()), false, List.of(),
                new TreeMap<>(), masks, new GicCpuInterface(Provenance.MEASURED, 0x8c00L), sets);
    }

    static ReferenceVcpu vcpu(String kernel) {
        ReferenceVm vm = new ReferenceKvm(host(kernel, true)).createVm();
        ReferenceVcpu v = vm.createVcpu(0);
        v.init(FeatureSet.DEFAULT);
        return v;
    }

    @Test
    void oneRegBeforeInitIsEnoexec() {
        ReferenceVcpu v = new ReferenceKvm(host("6.12.117", true)).createVm().createVcpu(0);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.getOneReg(id("ID_AA64PFR0_EL1"))).errnoConstant()).contains(Errno.ENOEXEC);
        assertThat(v.setOneRegExplained(id("ID_AA64PFR0_EL1"), PFR0).errno()).isEqualTo(Errno.ENOEXEC);
    }

    @Test
    void absentRegisterIsEnoent() {
        ReferenceVcpu v = vcpu("6.12.117");
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.getOneReg(id("ID_AA64ISAR3_EL1"))).errnoConstant()).contains(Errno.ENOENT);
        assertThat(v.setOneRegExplained(id("ID_AA64ISAR3_EL1"), 0).errno()).isEqualTo(Errno.ENOENT);
        assertThat(v.setOneRegExplained(0x6030_0000_0014_0000L, 0).errno()).as("not a sysreg id").isEqualTo(Errno.ENOENT);
    }

    @Test
    void loweringAWritableFieldIsAcceptedAndRaisingIsEinval() {
        ReferenceVcpu v = vcpu("6.12.117");
        long lowered = ISAR0 & ~0xF0L; // AES 2 -> 0
        assertThat(v.setOneRegExplained(id("ID_AA64ISAR0_EL1"), lowered).isAccepted()).isTrue();
        assertThat(v.getOneReg(id("ID_AA64ISAR0_EL1"))).isEqualTo(lowered);
        Verdict raised = v.setOneRegExplained(id("ID_AA64ISAR0_EL1"), ISAR0 | 0xF000_0000_0000_0000L);
        assertThat(raised.errno()).isEqualTo(Errno.EINVAL);
        assertThat(raised.field()).isEqualTo("RNDR");
        // the limit, not the current value, decides: raising back to the limit is fine
        assertThat(v.setOneRegExplained(id("ID_AA64ISAR0_EL1"), ISAR0).isAccepted()).isTrue();
    }

    @Test
    void nonWritableBitsMustEqualTheLimit() {
        ReferenceVcpu v = vcpu("6.12.117");
        Verdict fp = v.setOneRegExplained(id("ID_AA64PFR0_EL1"), PFR0 & ~0xF0000L); // FP 1 -> 0: lower, but FP is outside the mask
        assertThat(fp.errno()).isEqualTo(Errno.EINVAL);
        assertThat(fp.rule()).isEqualTo("equal-to-limit");
        assertThat(fp.field()).contains("FP");
    }

    @Test
    void signedFieldsCompareAsSigned() {
        ReferenceVcpu v = vcpu("6.12.117");
        long tgran4Ni = MMFR0 | 0xF000_0000L; // TGRAN4 0 -> 0xF (-1, not implemented): lower for a signed field
        assertThat(v.setOneRegExplained(id("ID_AA64MMFR0_EL1"), tgran4Ni).isAccepted()).isTrue();
        long tgran4Reserved = (MMFR0 & ~0xF000_0000L) | 0x8000_0000L; // -8 < 0: accepted though reserved
        assertThat(v.setOneRegExplained(id("ID_AA64MMFR0_EL1"), tgran4Reserved).isAccepted()).isTrue();
        long tgran4Raised = (MMFR0 & ~0xF000_0000L) | 0x1000_0000L;
        assertThat(v.setOneRegExplained(id("ID_AA64MMFR0_EL1"), tgran4Raised).errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void afterTheFirstRunWritesOfOtherValuesAreEbusy() {
        ReferenceVcpu v = vcpu("6.12.117");
        v.run();
        assertThat(v.setOneRegExplained(id("ID_AA64ISAR0_EL1"), ISAR0 & ~0xF0L).errno()).isEqualTo(Errno.EBUSY);
        assertThat(v.setOneRegExplained(id("ID_AA64ISAR0_EL1"), ISAR0).isAccepted()).isTrue();
        // pre-checks still run first: DebugVer below 6 is EINVAL even after the run
        assertThat(v.setOneRegExplained(id("ID_AA64DFR0_EL1"), DFR0 & ~0xFL).errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void razRegistersAcceptOnlyZeroAndZfr0IsRazWithoutSve() {
        ReferenceVcpu v = vcpu("6.12.117");
        assertThat(v.setOneRegExplained(id("S3_0_C0_C3_3"), 0).isAccepted()).isTrue();
        assertThat(v.setOneRegExplained(id("S3_0_C0_C3_3"), 1).errno()).isEqualTo(Errno.EINVAL);
        assertThat(v.setOneRegExplained(id("ID_AA64ZFR0_EL1"), 1).errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void midrNeedsCapability239BeforeAnyVcpu() {
        ReferenceVm vm612 = new ReferenceKvm(host("6.12.117", true)).createVm();
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> vm612.enableCap(239)).errnoConstant()).contains(Errno.EINVAL);
        ReferenceVcpu v612 = vm612.createVcpu(0);
        v612.init(FeatureSet.DEFAULT);
        assertThat(v612.setOneRegExplained(id("MIDR_EL1"), 0x410fd0c0L).errno()).isEqualTo(Errno.EINVAL);
        assertThat(v612.setOneRegExplained(id("MIDR_EL1"), 0x414fd0c1L).isAccepted()).isTrue();

        ReferenceVm late = new ReferenceKvm(host("7.3.4", true)).createVm();
        late.createVcpu(0);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> late.enableCap(239)).errnoConstant()).contains(Errno.EINVAL);

        ReferenceVm vm = new ReferenceKvm(host("7.3.4", true)).createVm();
        vm.enableCap(239);
        ReferenceVcpu v = vm.createVcpu(0);
        v.init(FeatureSet.DEFAULT);
        assertThat(v.setOneRegExplained(id("MIDR_EL1"), 0x410fd0c0L).isAccepted()).isTrue();
        assertThat(v.getOneReg(id("MIDR_EL1"))).isEqualTo(0x410fd0c0L);
        assertThat(v.setOneRegExplained(id("MIDR_EL1"), 0x1_0000_0000L).errno()).as("MIDR bits 63:32").isEqualTo(Errno.EINVAL);
        v.run();
        assertThat(v.setOneRegExplained(id("MIDR_EL1"), 0x414fd0c1L).errno()).isEqualTo(Errno.EBUSY);
    }

    @Test
    void linux61RefusesEveryChangeButCsv() {
        ReferenceVcpu v = vcpu("6.1.176");
        assertThat(v.setOneRegExplained(id("ID_AA64ISAR0_EL1"), ISAR0 & ~0xF0L).errno()).isEqualTo(Errno.EINVAL);
        assertThat(v.setOneRegExplained(id("ID_AA64PFR0_EL1"), PFR0 & ~0xF000_0000_0000_0000L).isAccepted()).as("CSV3 1 -> 0").isTrue();
        assertThat(v.setOneRegExplained(id("ID_AA64PFR0_EL1"), PFR0 | 0x2000_0000_0000_0000L).errno()).as("CSV3 3").isEqualTo(Errno.EINVAL);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.getOneReg(id("ID_AA64ISAR3_EL1"))).errnoConstant()).contains(Errno.ENOENT);
    }

    @Test
    void masksIoctlRangeReservedAndKernelVersion() {
        ReferenceVm vm = new ReferenceKvm(host("6.12.117", true)).createVm();
        long[] masks = vm.writableMasks(0, false);
        assertThat(masks).hasSize(192);
        assertThat(masks[32]).isEqualTo(0xffff00f00f00ffffL);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> vm.writableMasks(1, false)).errnoConstant()).contains(Errno.EINVAL);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> vm.writableMasks(0, true)).errnoConstant()).contains(Errno.EINVAL);
        ReferenceVm old = new ReferenceKvm(host("6.1.176", false)).createVm();
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> old.writableMasks(0, false)).errnoConstant()).contains(Errno.EINVAL);
    }

    @Test
    void initWithFeaturesTheHostLacksIsEinvalAndFeaturesChangeTheLimit() {
        ReferenceVm vm = new ReferenceKvm(host("6.12.117", true)).createVm();
        ReferenceVcpu v = vm.createVcpu(0);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.init(FeatureSet.of(VcpuFeature.SVE))).errnoConstant()).contains(Errno.EINVAL);
        v.init(FeatureSet.of(VcpuFeature.PMU));
        // PMUVer 4 is the limit with a PMU: 3 is lower-safe (6.12 has no reserved-value pre-check)
        long pmuver3 = (DFR0 & ~0xF00L) | 0x300L;
        assertThat(v.setOneRegExplained(id("ID_AA64DFR0_EL1"), pmuver3).isAccepted()).isTrue();
        ReferenceVm vm73 = new ReferenceKvm(host("7.3.4", true)).createVm();
        ReferenceVcpu v73 = vm73.createVcpu(0);
        v73.init(FeatureSet.of(VcpuFeature.PMU));
        assertThat(v73.setOneRegExplained(id("ID_AA64DFR0_EL1"), pmuver3).isAccepted())
                .as("7.3 has no PMUVer 2/3 pre-check (lab differential test, a64fx 7.3)").isTrue();
    }

    @Test
    void clidrAndCtrRules() {
        ReferenceVcpu v = vcpu("6.12.117");
        assertThat(v.setOneRegExplained(id("CLIDR_EL1"), 0x0a200023L | 1L << 50).errno()).as("RES0").isEqualTo(Errno.EINVAL);
        // the host's CTR_EL0.IDC is 0: a CLIDR with LoC 0 implies IDC and is refused
        assertThat(v.setOneRegExplained(id("CLIDR_EL1"), 0x00200023L & ~(7L << 24)).errno()).isEqualTo(Errno.EINVAL);
        assertThat(v.setOneRegExplained(id("CLIDR_EL1"), 0x0a200023L | 4L << 6).isAccepted()).isTrue();
        assertThat(v.setOneRegExplained(id("CTR_EL0"), 0x84448003L).isAccepted()).as("IminLine lowered").isTrue();
        assertThat(v.setOneRegExplained(id("CTR_EL0"), 0x84448005L).errno()).as("IminLine raised").isEqualTo(Errno.EINVAL);
    }

    @Test
    void iccCtlrPriAndIdBitsOnlyLowerSeisAndA3vEqual() {
        ReferenceVm vm = new ReferenceKvm(host("6.12.117", true)).createVm();
        ReferenceVcpu v = vm.createVcpu(0);
        v.init(FeatureSet.DEFAULT);
        ReferenceVgic gic = vm.createVgicV3();
        assertThat(gic.getIccCtlr(v)).isEqualTo(0x8c00L);
        assertThat(gic.setIccCtlr(v, 0x8d00L).errno()).as("PRIbits raised").isEqualTo(Errno.EINVAL);
        assertThat(gic.setIccCtlr(v, 0x9400L).errno()).as("IDbits raised").isEqualTo(Errno.EINVAL);
        assertThat(gic.setIccCtlr(v, 0xcc00L).errno()).as("SEIS 0 -> 1").isEqualTo(Errno.EINVAL);
        assertThat(gic.setIccCtlr(v, 0x0c00L).errno()).as("A3V 1 -> 0").isEqualTo(Errno.EINVAL);
        assertThat(gic.setIccCtlr(v, 0x8b00L).isAccepted()).as("PRIbits lowered").isTrue();
        assertThat(gic.getIccCtlr(v)).isEqualTo(0x8b00L);
        assertThat(gic.setIccCtlr(v, 0x8c00L).errno()).as("cannot go back up").isEqualTo(Errno.EINVAL);
    }

    @Test
    void reinitPreservesVmIdRegistersAndRefusesOtherFeatures() {
        ReferenceVcpu v = vcpu("6.12.117");
        v.setOneRegExplained(id("ID_AA64ISAR0_EL1"), ISAR0 & ~0xF0L);
        v.init(FeatureSet.DEFAULT);
        assertThat(v.getOneReg(id("ID_AA64ISAR0_EL1"))).isEqualTo(ISAR0 & ~0xF0L);
        assertThat(catchThrowableOfType(KvmIoctlException.class, () -> v.init(FeatureSet.of(VcpuFeature.PMU))).errnoConstant()).contains(Errno.EINVAL);
    }
}
