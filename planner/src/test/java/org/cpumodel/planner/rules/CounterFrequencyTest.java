package org.cpumodel.planner.rules;

import org.cpumodel.planner.Fixtures;
import org.cpumodel.profile.HostFacts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.baseline.ColumnarDecider;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.planner.rules.CounterFrequencyRule;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.junit.jupiter.api.Test;

/**
 * CNTFRQ_EL0 across a pool (issue 12 item 4): two example hosts that pool together stop pooling when
 * their counters run at different known frequencies; a member that does not know its frequency is a
 * stated condition, not a blocker; the columnar pool search agrees with Baseline.
 */
class CounterFrequencyTest {


    private static HostProfile withHz(HostProfile p, long hz) {
        SortedMap<String, String> facts = new TreeMap<>(p.host().facts());
        facts.put(HostFacts.COUNTER_FREQUENCY_HZ, Long.toString(hz));
        HostInfo h = p.host();
        return ProfileJson.identify(new HostProfile(null, new HostInfo(h.name(), h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), facts),
                p.partial(), p.notes(), p.capabilities(), p.masks(), p.gic(), p.featureSets()));
    }

    private static HostProfile n1() {
        return Fixtures.fleet().stream().filter(p -> p.host().name().contains("neoverse-n1") && p.host().kernelRelease().startsWith("7.3"))
                .findFirst().orElseThrow(() -> new AssertionError("examples/fleet has no neoverse-n1 under 7.3"));
    }

    private static HostProfile a76() {
        return Fixtures.fleet().stream().filter(p -> p.host().name().contains("cortex-a76") && p.host().kernelRelease().startsWith("7.3"))
                .findFirst().orElseThrow(() -> new AssertionError("examples/fleet has no cortex-a76 under 7.3"));
    }

    @Test
    void theExamplesPoolWhenFrequenciesAreEqual() {
        GuestCpuModel m = Baseline.compute(List.of(withHz(n1(), 25_000_000L), withHz(a76(), 25_000_000L)), FeatureSet.DEFAULT);
        assertThat(m.possible()).as("blockers: %s", m.blockers()).isTrue();
        assertThat(m.conditions()).noneMatch(c -> c.register().equals("CNTFRQ_EL0"));
    }

    @Test
    void differentKnownFrequenciesBlock() {
        List<HostProfile> hosts = List.of(withHz(n1(), 25_000_000L), withHz(a76(), 62_500_000L));
        GuestCpuModel m = Baseline.compute(hosts, FeatureSet.DEFAULT);
        assertThat(m.possible()).isFalse();
        GuestCpuModel.Blocker b = m.blockers().stream().filter(x -> x.register().equals("CNTFRQ_EL0")).findFirst().orElseThrow();
        assertThat(List.of(b.value(), b.otherValue())).containsExactlyInAnyOrder("25 MHz", "62.5 MHz");
        assertThat(b.kernels()).isEqualTo("all");
        assertThat(b.verified()).isTrue();
        assertThat(b.rule()).contains("KVM does not virtualise it");
        assertThat(b.why()).contains("timekeeping would jump");
        assertThat(new ColumnarDecider().decide(hosts, Baseline.Options.of(FeatureSet.DEFAULT)).possible()).isFalse();
    }

    @Test
    void poolsSeparateTheHostsAndTheColumnarSearchAgrees() {
        List<HostProfile> hosts = List.of(withHz(n1(), 25_000_000L), withHz(a76(), 1_000_000_000L));
        Partition fast = Pools.partition(hosts, PoolOptions.of(FeatureSet.DEFAULT));
        Partition ref = Pools.partitionReference(hosts, PoolOptions.of(FeatureSet.DEFAULT));
        assertThat(fast.pools()).hasSize(2);
        assertThat(fast.pools().stream().map(p -> p.baseline().id()).toList()).isEqualTo(ref.pools().stream().map(p -> p.baseline().id()).toList());
        assertThat(fast.pools().stream().flatMap(p -> p.separations().stream()).flatMap(x -> x.blockers().stream()))
                .extracting(GuestCpuModel.Blocker::register).contains("CNTFRQ_EL0");
    }

    @Test
    void anUnknownFrequencyIsAConditionNotABlocker() {
        HostProfile imported = a76();
        GuestCpuModel m = Baseline.compute(List.of(withHz(n1(), 25_000_000L), imported), FeatureSet.DEFAULT);
        assertThat(m.possible()).as("blockers: %s", m.blockers()).isTrue();
        GuestCpuModel.Condition c = m.conditions().stream().filter(x -> x.register().equals("CNTFRQ_EL0")).findFirst().orElseThrow();
        assertThat(c.host()).isEqualTo(imported.host().name());
        assertThat(c.assumed()).isEqualTo(25_000_000L);
        assertThat(c.why()).startsWith("counter frequency unknown for " + imported.host().name() + ": measure with cpumodel collect");
        assertThat(Pools.partition(List.of(withHz(n1(), 25_000_000L), imported), PoolOptions.of(FeatureSet.DEFAULT)).pools()).hasSize(1);
    }

    @Test
    void aModelCarriesTheFrequencyOnlyWhenEveryMemberKnowsAndAgrees() {
        GuestCpuModel known = Baseline.compute(List.of(withHz(n1(), 25_000_000L), withHz(a76(), 25_000_000L)), FeatureSet.DEFAULT);
        assertThat(known.counterFrequencyHz()).isEqualTo(25_000_000L);
        String json = org.cpumodel.profile.ModelJson.write(known);
        assertThat(json).containsPattern("\"counterFrequencyHz\" ?: ?25000000");
        assertThat(org.cpumodel.profile.ModelJson.parse("model.json", json).counterFrequencyHz()).isEqualTo(25_000_000L);
        GuestCpuModel partly = Baseline.compute(List.of(withHz(n1(), 25_000_000L), a76()), FeatureSet.DEFAULT);
        assertThat(partly.counterFrequencyHz()).isNull();
        assertThat(org.cpumodel.profile.ModelJson.write(partly)).doesNotContain("counterFrequencyHz");
    }

    @Test
    void checkRefusesAHostWhoseCounterRunsElsewhereAndStatesTheConditionForAnUnknownOne() {
        GuestCpuModel m = Baseline.compute(List.of(withHz(n1(), 25_000_000L), withHz(a76(), 25_000_000L)), FeatureSet.DEFAULT);
        ModelCheck.Report other = ModelCheck.run(m, withHz(a76(), 1_000_000_000L));
        assertThat(other.accepted()).isFalse();
        ModelCheck.Step refusal = other.firstRefusal().orElseThrow();
        assertThat(refusal.register()).isEqualTo("CNTFRQ_EL0");
        assertThat(refusal.explanation()).contains("25 MHz").contains("1000 MHz").contains("KVM does not virtualise");
        ModelCheck.Report unknown = ModelCheck.run(m, a76());
        assertThat(unknown.accepted()).isTrue();
        assertThat(unknown.steps().get(0).explanation()).startsWith("counter frequency unknown for " + a76().host().name()
                + ": measure with cpumodel collect");
        assertThat(ModelCheck.run(m, withHz(a76(), 25_000_000L)).accepted()).isTrue();
    }
}
