package org.cpumodel.planner.gic;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.cpumodel.kb.DataLines;
import org.cpumodel.kb.Sysregs.ID_AA64MMFR0_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/**
 * What the ICC_CTLR_EL1 range extension discussed upstream (seed-notes.md) would unlock, and at what
 * cost. Under today's KVM, SEIS and A3V must be equal on both hosts; the what-if rule lets A3V,
 * IDbits and PRIbits go down and SEIS go from 1 to 0. Showing the guest values other than the
 * hardware's needs KVM to trap ICV_CTLR_EL1 reads: with FEAT_FGT only those (assumption from the
 * maintainer's statement), without it the whole Common group, including every ICV_PMR_EL1 write a
 * pseudo-NMI guest makes when it masks interrupts. The cost model is the data table
 * {@code gic-trap-costs.txt} (stated assumptions with sources); docs/gic-what-if.md explains it.
 */
public final class GicWhatIf {

    /** A host pair the what-if range unlocks, with the GIC fields that differ. */
    public record Pair(String a, String b, String difference, long modelIccCtlr) {
    }

    /** Estimated slowdown of one guest profile on one host that must trap. */
    public record GuestCost(String guest, double pmrWritesPerSecond, double percentOfOneCpu) {
    }

    /** A host that would have to trap ICV_CTLR_EL1 for some unlocked pair. */
    public record HostCost(String host, boolean fgt, String trapped, List<GuestCost> costs) {
        public HostCost {
            costs = List.copyOf(costs);
        }
    }

    public record Report(List<Pair> unlocked, List<HostCost> hosts, Map<String, String> assumptions) {
        public Report {
            unlocked = List.copyOf(unlocked);
            hosts = List.copyOf(hosts);
            assumptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(assumptions));
        }
    }

    /** The cost table: assumptions and guest profiles with their PMR write rates, each with its source. */
    public record CostTable(Map<String, Double> assume, Map<String, Double> guests, Map<String, String> sources) {
    }

    private static final Pattern NUMBER = Pattern.compile("[0-9.]+");

    private GicWhatIf() {
    }

    public static CostTable costTable() {
        Map<String, Double> assume = new LinkedHashMap<>();
        Map<String, Double> guests = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        try (InputStream in = GicWhatIf.class.getResourceAsStream("/org/cpumodel/planner/gic-trap-costs.txt")) {
            for (DataLines.Line line : DataLines.read(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                List<String> t = line.tokens();
                if (t.size() != 4 || !(t.get(0).equals("assume") || t.get(0).equals("guest")) || !NUMBER.matcher(t.get(2)).matches()
                        || !t.get(3).startsWith("src=\"")) {
                    throw new IllegalStateException("gic-trap-costs.txt:" + line.number() + ": expected 'assume|guest <name> <number> src=\"...\"'");
                }
                (t.get(0).equals("assume") ? assume : guests).put(t.get(1), Double.parseDouble(t.get(2)));
                sources.put(t.get(0) + " " + t.get(1), DataLines.unquote(t.get(3).substring("src=".length())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String k : List.of("cpu-hz", "trap-cycles", "ctlr-reads-per-second")) {
            if (!assume.containsKey(k)) {
                throw new IllegalStateException("gic-trap-costs.txt: missing 'assume " + k + "'");
            }
        }
        return new CostTable(assume, guests, sources);
    }

    public static Report analyse(Collection<HostProfile> fleet, FeatureSet fs) {
        Map<String, HostProfile> byId = new TreeMap<>();
        fleet.forEach(p -> byId.putIfAbsent(p.id(), p));
        List<HostProfile> hosts = List.copyOf(byId.values());
        CostTable table = costTable();
        List<Pair> unlocked = new ArrayList<>();
        Map<String, HostCost> costs = new TreeMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            for (int j = i + 1; j < hosts.size(); j++) {
                List<HostProfile> pair = List.of(hosts.get(i), hosts.get(j));
                GuestCpuModel now = Baseline.compute(pair, new Baseline.Options(fs, false, false));
                if (now.possible() || !now.blockers().stream().allMatch(b -> b.register().equals(Sysregs.ICC_CTLR_EL1.NAME) && !b.field().equals("-"))) {
                    continue;
                }
                GuestCpuModel whatIf = Baseline.compute(pair, new Baseline.Options(fs, true, false));
                if (!whatIf.possible()) {
                    continue;
                }
                String diff = String.join(", ", now.blockers().stream().map(b -> b.field() + " " + b.value() + "/" + b.otherValue()).toList());
                long v = whatIf.gic().iccCtlr();
                unlocked.add(new Pair(hosts.get(i).host().name(), hosts.get(j).host().name(), diff, v));
                for (HostProfile h : pair) {
                    if (GicRules.needsTrap(h.gic(), v)) {
                        costs.putIfAbsent(h.host().name(), hostCost(h, v, table));
                    }
                }
            }
        }
        Map<String, String> assumptions = new LinkedHashMap<>();
        table.assume().forEach((k, val) -> assumptions.put(k + " = " + fmt(val), table.sources().get("assume " + k)));
        table.guests().forEach((k, val) -> assumptions.put("guest " + k + ": " + fmt(val) + " ICV_PMR_EL1 writes/s per vCPU", table.sources().get("guest " + k)));
        return new Report(unlocked, List.copyOf(costs.values()), assumptions);
    }

    public static HostCost hostCost(HostProfile h, long model, CostTable t) {
        long mmfr0 = h.defaultView().value(ID_AA64MMFR0_EL1.NAME).orElse(0);
        boolean fgt = ID_AA64MMFR0_EL1.FGT.get(mmfr0) >= ID_AA64MMFR0_EL1.FGT_IMP;
        double hz = t.assume().get("cpu-hz");
        double cycles = t.assume().get("trap-cycles");
        List<GuestCost> gc = new ArrayList<>();
        t.guests().forEach((name, rate) -> {
            double perSecond = fgt ? t.assume().get("ctlr-reads-per-second") : rate + t.assume().get("ctlr-reads-per-second");
            gc.add(new GuestCost(name, rate, 100.0 * perSecond * cycles / hz));
        });
        String trapped = fgt ? "ICV_CTLR_EL1 reads only (FEAT_FGT; assumption, see docs/gic-what-if.md)"
                : "the whole Common group (ICH_HCR_EL2.TC): ICV_CTLR_EL1, ICV_PMR_EL1, ICV_DIR_EL1, ICV_RPR_EL1, SGIs";
        return new HostCost(h.host().name(), fgt, trapped, gc);
    }

    public static String fmt(double d) {
        return d == Math.rint(d) ? String.format(java.util.Locale.ROOT, "%.0f", d) : String.format(java.util.Locale.ROOT, "%.3f", d);
    }
}
