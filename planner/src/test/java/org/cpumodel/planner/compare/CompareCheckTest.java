package org.cpumodel.planner.compare;

import org.cpumodel.planner.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.planner.report.Reports;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.uapi.Errno;
import org.junit.jupiter.api.Test;

class CompareCheckTest {

    private static HostProfile lab(String cpu) {
        return Fixtures.lab().stream().filter(p -> p.host().cpu().equals(cpu)).findFirst().orElseThrow();
    }

    @Test
    void aHostIsIdenticalToItself() {
        HostProfile n1 = lab("neoverse-n1");
        Compare.Result r = Compare.compare(Compare.Side.of(n1, FeatureSet.DEFAULT), Compare.Side.of(n1, FeatureSet.DEFAULT));
        assertThat(r.relation()).isEqualTo(Compare.Relation.IDENTICAL);
        assertThat(r.responsible()).isEmpty();
    }

    @Test
    void memberVersusBaselineIsSupersetAndTheReverseIsSubset() {
        List<HostProfile> pair = List.of(lab("neoverse-n1"), lab("cortex-a76"));
        GuestCpuModel m = Baseline.compute(pair, FeatureSet.DEFAULT);
        HostProfile n1 = pair.get(0);
        Compare.Result r = Compare.compare(Compare.Side.of(n1, FeatureSet.DEFAULT), Compare.Side.of(m));
        assertThat(r.relation()).isEqualTo(Compare.Relation.SUPERSET);
        assertThat(r.responsible()).isNotEmpty();
        assertThat(Compare.compare(Compare.Side.of(m), Compare.Side.of(n1, FeatureSet.DEFAULT)).relation()).isEqualTo(Compare.Relation.SUBSET);
    }

    @Test
    void graviton2And3AreIncompatibleOnDoubleLock() {
        List<HostProfile> g = Fixtures.graviton();
        Compare.Result r = Compare.compare(Compare.Side.of(g.get(0), FeatureSet.DEFAULT), Compare.Side.of(g.get(1), FeatureSet.DEFAULT));
        assertThat(r.relation()).isEqualTo(Compare.Relation.INCOMPATIBLE);
        assertThat(r.differences()).filteredOn(d -> d.property().equals("ID_AA64DFR0_EL1.DoubleLock"))
                .singleElement().satisfies(d -> assertThat(d.bHoldsA()).isFalse());
        assertThat(r.responsible()).contains("ID_AA64ISAR0_EL1.SHA3", "ID_AA64MMFR2_EL1.AT");
    }

    @Test
    void checkNamesTheRefusingFieldAndErrno() {
        GuestCpuModel m = Baseline.compute(List.of(lab("neoverse-n2")), FeatureSet.DEFAULT);
        ModelCheck.Report r = ModelCheck.run(m, lab("cortex-a53"));
        assertThat(r.accepted()).isFalse();
        ModelCheck.Step s = r.firstRefusal().orElseThrow();
        assertThat(s.errno()).isEqualTo(Errno.EINVAL);
        assertThat(s.register()).startsWith("ID_AA64");
        assertThat(s.field()).isNotEqualTo("-");
        assertThat(Reports.check(r)).contains("REFUSED").contains(s.field());
    }

    @Test
    void impossibleModelIsRefusedEverywhere() {
        GuestCpuModel m = Baseline.compute(Fixtures.graviton(), FeatureSet.DEFAULT);
        assertThat(ModelCheck.run(m, Fixtures.graviton().get(0)).accepted()).isFalse();
    }

    @Test
    void gicWhatIfUnlocksASeisPairAndCostsDependOnFgt() {
        HostProfile a = lab("neoverse-n1");
        HostProfile b = withGic(lab("cortex-a76"), 0xCC00L); // SEIS 1
        GuestCpuModel now = Baseline.compute(List.of(a, b), FeatureSet.DEFAULT);
        assertThat(now.possible()).isFalse();
        assertThat(now.blockers()).singleElement().satisfies(bl -> assertThat(bl.field()).isEqualTo("SEIS"));
        GuestCpuModel whatIf = Baseline.compute(List.of(a, b), new Baseline.Options(FeatureSet.DEFAULT, true, true));
        assertThat(whatIf.possible()).isTrue();
        assertThat(whatIf.gic().seis()).isEqualTo(1);
        assertThat(whatIf.gic().whatIfRange()).isTrue();
        GicWhatIf.Report rep = GicWhatIf.analyse(List.of(a, b), FeatureSet.DEFAULT);
        assertThat(rep.unlocked()).singleElement().satisfies(p -> assertThat(p.difference()).contains("SEIS"));
        assertThat(rep.hosts()).singleElement().satisfies(h -> {
            assertThat(h.host()).isEqualTo(a.host().name());
            assertThat(h.costs()).extracting(GicWhatIf.GuestCost::guest).contains("plain-linux", "pseudo-nmi-busy");
        });
        GicWhatIf.CostTable t = GicWhatIf.costTable();
        double noFgt = GicWhatIf.hostCost(a, whatIf.gic().iccCtlr(), t).costs().stream().filter(c -> c.guest().equals("pseudo-nmi-busy")).findFirst().orElseThrow().percentOfOneCpu();
        assertThat(noFgt).isGreaterThan(1.0);
        assertThat(Reports.gicWhatIf(rep)).contains("unlocks 1 host pair").contains("Assumptions");
    }

    static HostProfile withGic(HostProfile p, long iccCtlr) {
        return org.cpumodel.profile.ProfileJson.identify(new HostProfile(null, new org.cpumodel.profile.HostInfo(p.host().name() + "-seis", p.host().cpu(),
                p.host().kernelRelease(), p.host().kvmMode(), p.host().source(), p.host().facts()), p.partial(), p.notes(), p.capabilities(), p.masks(),
                new org.cpumodel.profile.GicCpuInterface(org.cpumodel.profile.Provenance.MEASURED, iccCtlr), p.featureSets()));
    }
}
