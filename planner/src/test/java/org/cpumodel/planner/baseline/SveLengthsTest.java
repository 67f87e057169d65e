package org.cpumodel.planner.baseline;

import org.cpumodel.planner.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.rules.SveLengths;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.VcpuFeature;
import org.junit.jupiter.api.Test;

/** The SVE vector lengths of a model follow set_sve_vls (guest.c), not a set intersection. */
class SveLengthsTest {

    private static final List<Integer> A64FX = List.of(128, 256, 512);
    private static final List<Integer> V1 = List.of(128, 256);
    private static final List<Integer> MAX = List.of(128, 256, 384, 512, 640, 768, 896, 1024, 1152, 1280, 1408, 1536, 1664, 1792, 1920, 2048);

    @Test
    void commonLengthsStopWhereTheHostsDisagree() {
        assertThat(SveLengths.common(List.of(A64FX, MAX))).containsExactly(128, 256);
        assertThat(SveLengths.common(List.of(A64FX, V1))).containsExactly(128, 256);
        assertThat(SveLengths.common(List.of(A64FX, A64FX))).containsExactly(128, 256, 512);
        assertThat(SveLengths.common(List.of(List.of(256, 512), MAX))).isEmpty();
    }

    @Test
    void acceptsIsTheKernelRule() {
        assertThat(SveLengths.accepts(MAX, A64FX)).as("384 missing below the largest").isFalse();
        assertThat(SveLengths.accepts(A64FX, List.of(128, 256))).isTrue();
        assertThat(SveLengths.accepts(A64FX, List.of(128, 256, 384))).isFalse();
        assertThat(SveLengths.accepts(A64FX, List.of())).isFalse();
        for (List<Integer> host : List.of(A64FX, V1, MAX)) {
            assertThat(SveLengths.accepts(host, SveLengths.common(List.of(A64FX, V1, MAX)))).isTrue();
        }
    }

    @Test
    void a64fxWithAHostOfEveryLengthGivesAModelBothKernelsAccept() {
        HostProfile a64fx = Fixtures.fleet().stream().filter(p -> p.host().name().equals("lab-a64fx-7.3")).findFirst().orElse(null);
        assumeTrue(a64fx != null, "examples/fleet/a64fx_7.3.json is absent");
        FeatureSet sve = FeatureSet.of(VcpuFeature.SVE);
        // the same host with the vector lengths of QEMU's 'max' CPU (every multiple of 128 up to 2048, lab-measured)
        HostProfile wide = withLengths(a64fx, sve, MAX);
        List<HostProfile> pair = List.of(a64fx, wide);
        GuestCpuModel model = Baseline.compute(pair, new Baseline.Options(sve, false, false));
        assertThat(model.possible()).isTrue();
        assertThat(model.vcpu().sveVectorLengths()).containsExactly(128, 256);
        for (HostProfile p : pair) {
            ModelCheck.Report r = ModelCheck.run(model, p);
            assertThat(r.accepted()).as(p.host().name() + ": " + r.firstRefusal()).isTrue();
        }
        // the intersection the planner used to give is what KVM refused on the wide host
        ModelCheck.Report refused = ModelCheck.run(withLengths(model, A64FX), wide);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.firstRefusal().orElseThrow().explanation()).contains("exactly the host's");
    }

    private static HostProfile withLengths(HostProfile p, FeatureSet fs, List<Integer> vls) {
        var sets = new java.util.TreeMap<>(p.featureSets());
        FeatureSetView v = sets.get(fs.name());
        sets.put(fs.name(), new FeatureSetView(v.provenance(), v.registers(), v.ccsidr(), v.regList(), vls));
        HostInfo h = p.host();
        return ProfileJson.identify(new HostProfile(null, new HostInfo(h.name() + "-wide", h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), h.facts()),
                p.partial(), p.notes(), p.capabilities(), p.masks(), p.gic(), sets));
    }

    private static GuestCpuModel withLengths(GuestCpuModel m, List<Integer> vls) {
        GuestCpuModel.Vcpu v = m.vcpu();
        return new GuestCpuModel(m.id(), m.name(), m.featureSet(), m.possible(), m.members(), m.registers(), m.lowered(), m.losses(), m.gic(),
                m.identity(), new GuestCpuModel.Vcpu(v.pmu(), v.sve(), vls, v.ptrauth(), v.el2()), m.regListDrift(), m.adjustments(), m.blockers(), m.notes());
    }
}
