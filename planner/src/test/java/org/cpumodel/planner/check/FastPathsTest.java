package org.cpumodel.planner.check;

import org.cpumodel.planner.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.CompiledHost;
import org.cpumodel.planner.check.FastCheck;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.compare.FastCompare;
import org.cpumodel.planner.rules.FieldTable;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fast paths give the slow paths' answers on real hosts: {@link FastCheck} equals
 * {@link ModelCheck#run}{@code .accepted()} and {@link FastCompare} equals {@link Compare}'s relation,
 * for every pair of the lab fleet (examples/fleet), the probe-log hosts and Graviton 2/3/4, with
 * baselines of single hosts and pairs and with seeded random perturbations of them (so that refusals
 * of every kind are exercised, not only acceptances). The simulated fleets are covered in the bench module.
 */
public class FastPathsTest {

    public static List<HostProfile> hosts() {
        List<HostProfile> out = new ArrayList<>(Fixtures.fleet());
        if (SharedFixtures.present("fixtures")) {
            out.addAll(Fixtures.lab());
            out.addAll(Fixtures.graviton());
            out.addAll(Fixtures.gravitonUnder("7.3.4"));
        }
        return out;
    }

    /** A model with one field of one register set to a random value (the model is otherwise unchanged). */
    static GuestCpuModel perturb(GuestCpuModel m, Random rnd) {
        if (m.registers().isEmpty()) {
            return m;
        }
        KnowledgeBase kb = KnowledgeBase.load();
        List<GuestCpuModel.RegisterSetting> regs = new ArrayList<>(m.registers());
        int k = rnd.nextInt(regs.size());
        GuestCpuModel.RegisterSetting s = regs.get(k);
        Register r = kb.require(s.register());
        List<Field> fields = r.fields().stream().filter(f -> f.kind() == FieldKind.FIELD || rnd.nextInt(8) == 0).toList();
        long v = s.value();
        if (!fields.isEmpty()) {
            Field f = fields.get(rnd.nextInt(fields.size()));
            long old = f.get(v);
            long nv = switch (rnd.nextInt(4)) {
                case 0 -> old == 0 ? 0 : old - 1;
                case 1 -> old + 1;
                case 2 -> 0;
                default -> rnd.nextLong();
            };
            v = f.set(v, nv & (f.width() == 64 ? -1L : (1L << f.width()) - 1));
        } else {
            v ^= 1L << rnd.nextInt(64);
        }
        regs.set(k, new GuestCpuModel.RegisterSetting(s.register(), v));
        Long gic = m.gic() == null ? null : m.gic().iccCtlr();
        GuestCpuModel.Gic g = m.gic();
        if (g != null && rnd.nextInt(4) == 0) {
            gic = gic ^ (1L << (8 + rnd.nextInt(8)));
            g = new GuestCpuModel.Gic(gic, g.priBits(), g.idBits(), g.seis(), g.a3v(), g.whatIfRange(), g.notes());
        }
        return new GuestCpuModel(m.id(), m.name(), m.featureSet(), m.possible(), m.members(), regs, m.lowered(), m.losses(), g, m.identity(),
                m.vcpu(), m.regListDrift(), m.adjustments(), m.blockers(), m.notes());
    }

    static void assertCheckAgrees(GuestCpuModel m, List<HostProfile> on) {
        FastCheck.CompiledModel cm = FastCheck.compile(m);
        for (HostProfile h : on) {
            boolean slow = ModelCheck.run(m, h).accepted();
            boolean fast = FastCheck.accepts(cm, CompiledHost.of(h, m.featureSet()));
            assertThat(fast).as("model %s on %s: %s", m.shortId(), h.host().name(), ModelCheck.run(m, h).firstRefusal()).isEqualTo(slow);
        }
    }

    @Test
    void fastCheckEqualsModelCheckOnRealHosts() {
        List<HostProfile> hosts = hosts();
        Assumptions.assumeFalse(hosts.isEmpty(), "no real host data");
        Random rnd = new Random(20261125);
        int models = 0;
        for (int i = 0; i < hosts.size(); i++) {
            for (FeatureSet fs : List.of(FeatureSet.DEFAULT, FeatureSet.parse("pmu"), FeatureSet.parse("sve"))) {
                if (hosts.get(i).featureSet(fs).isEmpty()) {
                    continue;
                }
                List<GuestCpuModel> ms = new ArrayList<>();
                ms.add(Baseline.compute(List.of(hosts.get(i)), fs));
                HostProfile other = hosts.get(rnd.nextInt(hosts.size()));
                ms.add(Baseline.compute(List.of(hosts.get(i), other), new Baseline.Options(fs, rnd.nextBoolean(), false)));
                for (GuestCpuModel m : List.copyOf(ms)) {
                    for (int k = 0; k < 6 && m.possible(); k++) {
                        ms.add(perturb(m, rnd));
                    }
                }
                for (GuestCpuModel m : ms) {
                    assertCheckAgrees(m, hosts);
                    models++;
                }
            }
        }
        assertThat(models).isGreaterThan(hosts.size());
    }

    @Test
    void fastCompareEqualsCompareOnEveryPairOfRealHosts() {
        List<HostProfile> hosts = hosts();
        Assumptions.assumeFalse(hosts.isEmpty(), "no real host data");
        for (FeatureSet fs : List.of(FeatureSet.DEFAULT, FeatureSet.parse("pmu"), FeatureSet.parse("sve"))) {
            List<HostProfile> with = hosts.stream().filter(h -> h.featureSet(fs).isPresent()).toList();
            List<Compare.Side> slow = with.stream().map(h -> Compare.Side.of(h, fs)).toList();
            List<FastCompare.Side> fast = slow.stream().map(FastCompare.Side::of).toList();
            for (int i = 0; i < with.size(); i++) {
                for (int j = 0; j < with.size(); j++) {
                    assertThat(FastCompare.relation(fast.get(i), fast.get(j))).as("%s vs %s (%s)", with.get(i).host().name(), with.get(j).host().name(), fs)
                            .isEqualTo(Compare.compare(slow.get(i), slow.get(j)).relation());
                }
            }
        }
    }

    @Test
    void fastCompareEqualsCompareForModelsAgainstHosts() {
        List<HostProfile> hosts = hosts();
        Assumptions.assumeFalse(hosts.isEmpty(), "no real host data");
        Random rnd = new Random(7);
        for (int n = 0; n < 40; n++) {
            GuestCpuModel m = Baseline.compute(List.of(hosts.get(rnd.nextInt(hosts.size())), hosts.get(rnd.nextInt(hosts.size()))), FeatureSet.DEFAULT);
            if (!m.possible()) {
                continue;
            }
            GuestCpuModel p = perturb(m, rnd);
            for (GuestCpuModel x : List.of(m, p)) {
                Compare.Side ms = Compare.Side.of(x);
                for (HostProfile h : hosts) {
                    Compare.Side hs = Compare.Side.of(h, FeatureSet.DEFAULT);
                    assertThat(FastCompare.relation(FastCompare.Side.of(hs), FastCompare.Side.of(ms))).isEqualTo(Compare.compare(hs, ms).relation());
                    assertThat(FastCompare.relation(FastCompare.Side.of(ms), FastCompare.Side.of(hs))).isEqualTo(Compare.compare(ms, hs).relation());
                }
            }
        }
    }

    @Test
    void nibbleComparisonIsExactForAllPairsOfNibbles() {
        for (int a = 0; a < 16; a++) {
            for (int b = 0; b < 16; b++) {
                for (int lane = 0; lane < 16; lane++) {
                    long x = (long) a << (4 * lane);
                    long y = (long) b << (4 * lane);
                    assertThat(FieldTable.le(x, y)).as("%d <= %d in lane %d", a, b, lane).isEqualTo(a <= b);
                    long m = 0xFL << (4 * lane);
                    long sx = x ^ (m & FieldTable.SIGN);
                    long sy = y ^ (m & FieldTable.SIGN);
                    int sa = a >= 8 ? a - 16 : a;
                    int sb = b >= 8 ? b - 16 : b;
                    assertThat(FieldTable.le(sx, sy)).as("signed %d <= %d", sa, sb).isEqualTo(sa <= sb);
                }
            }
        }
    }
}
