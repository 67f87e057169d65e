package org.cpumodel.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.uapi.KvmCap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCollectorTest {

    static final long MIDR = 0x603000000013C000L;
    static final long MPIDR = 0x603000000013C005L;
    static final long PFR0 = 0x603000000013C020L;
    static final long DFR0 = 0x603000000013C028L;
    static final long ISAR0 = 0x603000000013C030L;
    static final long CTR = 0x603000000013D801L;
    static final long CCSIDR0 = 0x6020000000110000L;
    static final long CCSIDR1 = 0x6020000000110001L;
    static final long PC = 0x6030000000100040L;

    @TempDir
    Path root;

    FakeKvm kvm;
    List<String> progress;

    @BeforeEach
    void host() throws IOException {
        write("proc/sys/kernel/osrelease", "6.12.117+deb13-arm64\n");
        write("proc/sys/kernel/hostname", "(none)\n");
        write("proc/cmdline", "console=ttyAMA0 kvm-arm.mode=nvhe panic=-1\n");
        kvm = new FakeKvm();
        kvm.caps.putAll(Map.of(KvmCap.ARM_PMU_V3, 1L, KvmCap.ARM_SUPPORTED_REG_MASK_RANGES, 1L, KvmCap.ARM_VM_IPA_SIZE, 48L));
        Map<Long, Long> def = new HashMap<>(Map.of(MIDR, 0x414fd0c1L, MPIDR, 0x80000000L, PFR0, 0x1100000011111111L,
                ISAR0, 0x0000100010211120L, CTR, 0x84448004L, CCSIDR0, 0x700fe01aL, CCSIDR1, 0x201fe01aL, PC, 0L));
        kvm.regs.put("default", def);
        Map<Long, Long> pmu = new HashMap<>(def);
        pmu.put(DFR0, 0x10305106L);
        kvm.regs.put("pmu", pmu);
        kvm.masks[KnowledgeBase.load().require("ID_AA64ISAR0_EL1").encoding().featureIdRangeIndex()] = 0xfffffffffffffff0L;
        progress = new ArrayList<>();
    }

    private void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private HostCollector.Result collect(String features) {
        long[] clock = {0};
        return new HostCollector(kvm, new HostFiles(root), progress::add, () -> clock[0] += 100_000_000L)
                .collect(HostCollector.parseFeatureSets(features), null);
    }

    @Test
    void measuresEveryOfferedFeatureSetAndSkipsTheOthers() {
        HostCollector.Result r = collect("default,pmu,sve,ptrauth");
        HostProfile p = r.profile();

        assertThat(p.featureSets()).containsOnlyKeys("default", "pmu");
        assertThat(r.skipped()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("sve: no KVM_CAP_ARM_SVE (170)"))
                .anySatisfy(s -> assertThat(s).contains("KVM_CAP_ARM_PTRAUTH_ADDRESS (171)", "KVM_CAP_ARM_PTRAUTH_GENERIC (172)"));
        assertThat(progress).anySatisfy(l -> assertThat(l).isEqualTo("collect: feature set pmu ... 0.1 s"))
                .anySatisfy(l -> assertThat(l).startsWith("collect: feature set sve skipped"));
        var def = p.defaultView();
        assertThat(def.provenance()).isEqualTo(Provenance.MEASURED);
        assertThat(def.registers()).hasSize(192);
        assertThat(def.value("ID_AA64ISAR0_EL1")).hasValue(0x0000100010211120L);
        assertThat(def.value("CTR_EL0")).hasValue(0x84448004L);
        assertThat(def.absent("ID_AA64DFR0_EL1")).isTrue();
        assertThat(p.featureSets().get("pmu").value("ID_AA64DFR0_EL1")).hasValue(0x10305106L);
        assertThat(def.ccsidr()).containsExactly(Map.entry(0, 0x700fe01aL), Map.entry(1, 0x201fe01aL));
        assertThat(def.regList()).as("sorted as unsigned ids").startsWith(CCSIDR0, CCSIDR1, PC).contains(MIDR).hasSize(8);
        assertThat(def.sveVectorLengths()).isEmpty();

        assertThat(p.partial()).isFalse();
        assertThat(p.masks().provenance()).isEqualTo(Provenance.MEASURED);
        assertThat(p.masks().values()).containsExactly(Map.entry("ID_AA64ISAR0_EL1", 0xfffffffffffffff0L));
        assertThat(p.gic().provenance()).isEqualTo(Provenance.MEASURED);
        assertThat(p.gic().iccCtlr()).isEqualTo(0x8c00L);
        assertThat(kvm.log).contains("gic vcpu 0 sysreg c664").containsOnlyOnce("masks");
        assertThat(p.capabilities()).containsEntry(165, 48L).containsEntry(230, 1L).containsEntry(170, 0L).containsKeys(205, 239, 240, 241);

        assertThat(p.host().kernelRelease()).isEqualTo("6.12.117+deb13-arm64");
        assertThat(p.host().kvmMode()).isEqualTo("nvhe");
        assertThat(p.host().name()).isEqualTo("neoverse-n1");
        assertThat(p.host().cpu()).isEqualTo("neoverse-n1");
        assertThat(p.host().source()).isEqualTo("collect");
        assertThat(p.host().facts()).containsEntry("midr", "Neoverse-N1 r4p1");
        assertThat(kvm.open).as("every VM and vCPU closed").isZero();
    }

    @Test
    void theProfileRoundTripsThroughItsJson() {
        HostProfile collected = collect("default,pmu").profile();
        assertThat(collected.id()).as("identified when written, not before").isNull();
        ProfileJson.Document doc = ProfileJson.document(collected);
        HostProfile p = doc.profile();
        assertThat(p).isEqualTo(ProfileJson.identify(collected));
        HostProfile back = ProfileJson.parse("collected", doc.json());
        assertThat(back.id()).isEqualTo(p.id());
        assertThat(back).isEqualTo(p);
    }

    @Test
    void aKernelWithoutTheMasksIoctlGivesAPartialProfile() throws IOException {
        write("proc/sys/kernel/osrelease", "6.1.0-50-arm64\n");
        kvm.caps.put(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES, 0L);
        HostProfile p = collect("default").profile();
        assertThat(p.partial()).isTrue();
        assertThat(p.masks().provenance()).isEqualTo(Provenance.INFERRED);
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("no KVM_ARM_GET_REG_WRITABLE_MASKS", "partial"));
        assertThat(kvm.log).doesNotContain("masks");
        assertThat(p.gic().provenance()).isEqualTo(Provenance.MEASURED);
    }

    @Test
    void sveIsFinalisedAndItsVectorLengthsRead() {
        kvm.caps.put(KvmCap.ARM_SVE, 1L);
        kvm.regs.put("sve", kvm.regs.get("default"));
        kvm.sveVls[0] = 0b1011; // vq 1, 2 and 4
        HostProfile p = collect("sve").profile();
        assertThat(p.featureSets().get("sve").sveVectorLengths()).containsExactly(128, 256, 512);
        assertThat(kvm.log).contains("vcpu 0 sve", "finalize []", "bytes 606000000015ffff");
        assertThat(p.defaultView().sveVectorLengths()).isEmpty();
    }

    @Test
    void aHostWithoutVgicV3RecordsNoGic() {
        kvm.iccCtlr = null;
        HostProfile p = collect("default").profile();
        assertThat(p.gic()).isNull();
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("no vGICv3"));
    }

    @Test
    void anErrorOtherThanEnoentNamesTheRegister() {
        kvm.failingId = ISAR0;
        assertThatThrownBy(() -> collect("default")).isInstanceOf(CollectException.class)
                .hasMessageContaining("feature set default").hasMessageContaining("ID_AA64ISAR0_EL1 (3,0,0,6,0)").hasMessageContaining("EINVAL");
        assertThat(kvm.open).isZero();
    }

    @Test
    void featureSetListsAlwaysStartWithDefault() {
        assertThat(HostCollector.parseFeatureSets("pmu,sve,pmu+sve,pmu")).containsExactly(FeatureSet.DEFAULT,
                FeatureSet.of(VcpuFeature.PMU), FeatureSet.of(VcpuFeature.SVE), FeatureSet.of(VcpuFeature.PMU, VcpuFeature.SVE));
        assertThatThrownBy(() -> HostCollector.parseFeatureSets("pmu,mte")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mte");
    }

    @Test
    void el2NeedsCapability240() {
        HostCollector c = new HostCollector(kvm, new HostFiles(root), progress::add);
        assertThat(c.missing(FeatureSet.of(VcpuFeature.EL2), new java.util.TreeMap<>(Map.of(240, 0L)))).contains("KVM_CAP_ARM_EL2", "kvm-arm.mode=nested");
        assertThat(c.missing(FeatureSet.of(VcpuFeature.EL2), new java.util.TreeMap<>(Map.of(240, 1L)))).isNull();
    }
}
