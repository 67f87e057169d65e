package org.cpumodel.planner.baseline;

import org.cpumodel.planner.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kernel.abi.InferredMasks;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.FastCheck;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.planner.report.Reports;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.Provenance;
import org.junit.jupiter.api.Test;

/**
 * The same CPU under an old and a new kernel (the everyday kernel upgrade): Graviton3 (Neoverse-V1)
 * shows ID_AA64PFR0_EL1.MPAM 1 and ID_AA64MMFR2_EL1.NV 2 to guests under Linux 6.1; Linux 6.18 hides
 * both (reads 0) but accepts the host's own value from userspace (set_id_aa64pfr0_el1,
 * set_id_aa64mmfr2_el1). An import of the 6.18 host cannot know that value: it is unknown, not 0.
 */
class HiddenHostValueTest {

    private static HostProfile v1Under61() {
        return Fixtures.graviton().get(1);
    }

    /** What a Firecracker fingerprint of the same host under Linux 6.18 shows: MPAM and NV read 0; facts as given. */
    private static HostProfile v1Under618(SortedMap<String, String> facts) {
        HostProfile old = v1Under61();
        KnowledgeBase kb = KnowledgeBase.load();
        SortedMap<String, Long> regs = new TreeMap<>(old.defaultView().registers());
        var pfr0 = kb.require("ID_AA64PFR0_EL1");
        var mmfr2 = kb.require("ID_AA64MMFR2_EL1");
        regs.put(pfr0.name(), pfr0.field("MPAM").orElseThrow().set(regs.get(pfr0.name()), 0));
        regs.put(mmfr2.name(), mmfr2.field("NV").orElseThrow().set(regs.get(mmfr2.name()), 0));
        FeatureSetView v = old.defaultView();
        List<String> notes = new ArrayList<>();
        var masks = InferredMasks.of(new KernelVersion(6, 18), new TreeMap<>(), true, notes);
        SortedMap<String, String> f = new TreeMap<>(old.host().facts());
        f.putAll(facts);
        HostInfo h = new HostInfo("graviton3-6.18", old.host().cpu(), "6.18.2", null, "import-firecracker", f);
        return ProfileJson.identify(new HostProfile(null, h, false, notes, old.capabilities(), masks, old.gic(),
                new TreeMap<>(java.util.Map.of("default", new FeatureSetView(Provenance.MEASURED, regs, v.ccsidr(), v.regList(), List.of())))));
    }

    @Test
    void unknownHiddenValuesPoolOnStatedConditions() {
        HostProfile old = v1Under61();
        HostProfile upgraded = v1Under618(new TreeMap<>());
        GuestCpuModel m = Baseline.compute(List.of(old, upgraded), FeatureSet.DEFAULT);
        assertThat(m.possible()).as("blockers: %s", m.blockers()).isTrue();
        assertThat(m.conditions()).extracting(c -> c.register() + "." + c.field() + "=" + c.assumed())
                .containsExactlyInAnyOrder("ID_AA64PFR0_EL1.MPAM=1", "ID_AA64MMFR2_EL1.NV=2");
        assertThat(m.conditions()).allSatisfy(c -> {
            assertThat(c.host()).isEqualTo("graviton3-6.18");
            assertThat(c.why()).contains("cpumodel collect");
        });
        for (HostProfile p : List.of(old, upgraded)) {
            assertThat(ModelCheck.run(m, p).accepted()).as(p.host().name()).isTrue();
            assertThat(FastCheck.accepts(m, p)).as(p.host().name()).isTrue();
        }
        String text = Reports.baseline(m);
        assertThat(text).contains("POSSIBLE if 2 hidden host values hold (see Conditions)")
                .contains("POSSIBLE if ID_AA64PFR0_EL1.MPAM of host graviton3-6.18 is 1; measure with `cpumodel collect`")
                .contains("POSSIBLE if ID_AA64MMFR2_EL1.NV of host graviton3-6.18 is 2; measure with `cpumodel collect`");
        Partition pools = Pools.partition(List.of(old, upgraded), PoolOptions.of(FeatureSet.DEFAULT));
        assertThat(pools.pools()).singleElement().satisfies(p -> assertThat(p.members()).hasSize(2));
        assertThat(Reports.pools(pools, null)).contains("  condition: POSSIBLE if ID_AA64PFR0_EL1.MPAM of host graviton3-6.18 is 1;");
        assertThat(Pools.partitionReference(List.of(old, upgraded), PoolOptions.of(FeatureSet.DEFAULT)).pools()).hasSize(1);
    }

    @Test
    void aModelWithoutTheConditionIsNotJudgedOnAGuessedZero() {
        HostProfile upgraded = v1Under618(new TreeMap<>());
        GuestCpuModel m = Baseline.compute(List.of(v1Under61(), upgraded), FeatureSet.DEFAULT);
        GuestCpuModel bare = new GuestCpuModel(m.id(), m.name(), m.featureSet(), m.possible(), m.members(), m.registers(), m.lowered(),
                m.losses(), m.gic(), m.identity(), m.vcpu(), m.regListDrift(), m.adjustments(), m.blockers(), m.notes());
        ModelCheck.Report r = ModelCheck.run(bare, upgraded);
        assertThat(r.accepted()).isFalse();
        assertThat(r.firstRefusal().orElseThrow().rule()).isEqualTo("hidden-host-value-unknown");
        assertThat(FastCheck.accepts(bare, upgraded)).isFalse();
    }

    @Test
    void measuredHiddenValuesDecide() {
        SortedMap<String, String> same = new TreeMap<>();
        same.put("sanitised.ID_AA64PFR0_EL1.MPAM", "0x1");
        same.put("sanitised.ID_AA64MMFR2_EL1.NV", "0x2");
        GuestCpuModel ok = Baseline.compute(List.of(v1Under61(), v1Under618(same)), FeatureSet.DEFAULT);
        assertThat(ok.possible()).isTrue();
        assertThat(ok.conditions()).isEmpty();

        SortedMap<String, String> none = new TreeMap<>();
        none.put("sanitised.ID_AA64PFR0_EL1.MPAM", "0x0");
        none.put("sanitised.ID_AA64MMFR2_EL1.NV", "0x0");
        List<HostProfile> pair = List.of(v1Under61(), v1Under618(none));
        GuestCpuModel no = Baseline.compute(pair, FeatureSet.DEFAULT);
        assertThat(no.possible()).isFalse();
        assertThat(no.blockers()).extracting(b -> b.register() + "." + b.field()).contains("ID_AA64PFR0_EL1.MPAM", "ID_AA64MMFR2_EL1.NV");
        assertThat(no.blockers()).allSatisfy(b -> {
            assertThat(b.rule()).contains("hides");
            assertThat(b.kernels()).isEqualTo("Linux 6.18");
            assertThat(b.verified()).isNotNull();
        });
        assertThat(Pools.partition(pair, PoolOptions.of(FeatureSet.DEFAULT)).pools()).hasSize(2);
    }
}
