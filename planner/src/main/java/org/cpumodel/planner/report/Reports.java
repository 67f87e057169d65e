package org.cpumodel.planner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.planner.rules.CounterFrequencyRule;
import org.cpumodel.planner.rules.Features;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/**
 * Plain-text reports for people: aligned tables with FEAT_ names and plain-language reasons. The CLI
 * prints these; golden tests compare them byte for byte.
 */
public final class Reports {


    private Reports() {
    }

    /** {@link #baseline(GuestCpuModel, boolean)}, short: the verdict first, counts instead of per-field tables. */
    public static String baseline(GuestCpuModel m) {
        return baseline(m, false);
    }

    /**
     * The baseline report: verdict, members with the FEAT_ names each loses, blockers by rule; unless
     * {@code verbose}, the register values, lowered fields and adjustments are one count line each
     * (lowered fields counted by what limited them) instead of a table.
     */
    public static String baseline(GuestCpuModel m, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        sb.append("Baseline for vCPU features '").append(m.featureSet()).append("' of ").append(m.members().size()).append(" host(s): ")
                .append(m.possible() ? "POSSIBLE" + onConditions(m) : "IMPOSSIBLE (" + m.blockers().size() + " blocker(s))").append('\n');
        sb.append("model id ").append(m.id()).append("\n\n");
        sb.append("Members\n");
        TextTable mt = new TextTable("HOST", "KERNEL", "PROFILE", "FEATURES LOST VS RUNNING ALONE");
        for (GuestCpuModel.Member mem : m.members()) {
            String lost = m.loss(mem.profileId()).map(l -> l.lost().isEmpty() ? "none" : String.join(" ", l.lost())).orElse("-");
            mt.row(mem.name(), mem.kernelRelease(), shortId(mem.profileId()), lost);
        }
        sb.append(mt.render());
        if (!hiddenConditions(m).isEmpty()) {
            sb.append("\nConditions (hidden host values the profiles do not record)\n");
            hiddenConditions(m).forEach(c -> sb.append("  - ").append(condition(c)).append('\n'));
        }
        if (!m.blockers().isEmpty()) {
            sb.append("\nBlockers (why no common model exists): ").append(blockerCount(m.blockers())).append(", by kernel rule\n");
            sb.append(blockersByRule(m.blockers(), "  "));
        }
        if (m.counterFrequencyHz() != null) {
            sb.append("\nCounter frequency (CNTFRQ_EL0, not virtualised by KVM): ").append(CounterFrequencyRule.mhz(m.counterFrequencyHz()))
                    .append(" on every member\n");
        }
        m.conditions().stream().filter(c -> c.register().equals("CNTFRQ_EL0")).forEach(c -> sb.append("\nCounter frequency (CNTFRQ_EL0, not virtualised by KVM): ").append(c.why()).append('\n'));
        if (m.possible() && !verbose) {
            sb.append('\n').append(countLines(m));
        }
        if (m.possible() && verbose) {
            sb.append("\nRegisters (KVM_SET_ONE_REG before the first KVM_RUN, in this order)\n");
            KnowledgeBase kb = KnowledgeBase.load();
            TextTable rt = new TextTable("REGISTER", "VALUE", "FEATURES");
            for (GuestCpuModel.RegisterSetting r : m.registers()) {
                Register reg = kb.require(r.register());
                SortedSet<String> f = Features.of(reg, r.value());
                rt.row(r.register(), Bits.hex64(r.value()), String.join(" ", f));
            }
            sb.append(rt.render());
            if (!m.lowered().isEmpty()) {
                sb.append("\nLowered fields\n");
                TextTable lt = new TextTable("FIELD", "FROM", "TO", "LIMITED BY", "RULE", "KERNELS", "VERIFIED", "WHAT THE HOSTS OFFER");
                for (GuestCpuModel.Lowering l : m.lowered()) {
                    lt.row(l.register() + "." + l.field(), String.join(",", l.from().stream().map(String::valueOf).toList()),
                            l.value() + (l.valueName().isEmpty() ? "" : " (" + l.valueName() + ")"), String.join(", ", l.limitedBy()), l.rule(),
                            l.kernels() == null ? "-" : l.kernels(), l.verified() == null ? "-" : l.verified() ? "yes" : "no (assumed)", l.reason());
                }
                sb.append(lt.render());
            }
            if (!m.adjustments().isEmpty()) {
                sb.append("\nConsistency and kernel adjustments\n");
                TextTable at = new TextTable("RULE", "FIELD", "FROM", "TO", "WHY", "SOURCE");
                for (GuestCpuModel.Adjustment a : m.adjustments()) {
                    boolean whole = a.field().equals("*");
                    at.row(a.rule(), a.register() + "." + a.field(), whole ? Bits.hex64(a.from()) : a.from(), whole ? Bits.hex64(a.to()) : a.to(),
                            a.reason(), a.source());
                }
                sb.append(at.render());
            }
        }
        if (m.gic() != null) {
            GuestCpuModel.Gic g = m.gic();
            sb.append("\nGIC CPU interface\n  ICC_CTLR_EL1 ").append(Bits.hex64(g.iccCtlr())).append(": PRIbits ").append(g.priBits()).append(", IDbits ")
                    .append(g.idBits()).append(", SEIS ").append(g.seis()).append(", A3V ").append(g.a3v())
                    .append(g.whatIfRange() ? " (needs the what-if ICC_CTLR_EL1 range: not accepted by any kernel today)" : "").append('\n');
            g.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
        GuestCpuModel.Identity id = m.identity();
        sb.append("\nIdentity: ").append(id.policy());
        if (id.midr() != null) {
            sb.append(" MIDR ").append(Bits.hex64(id.midr())).append(" REVIDR ").append(Bits.hex64(id.revidr())).append(" AIDR ").append(Bits.hex64(id.aidr()));
        }
        sb.append('\n');
        for (GuestCpuModel.ErrataTarget t : id.errataTargets()) {
            sb.append("  errata target MIDR ").append(Bits.hex64(t.midr())).append(" (").append(org.cpumodel.profile.CpuParts.describe(t.midr()))
                    .append(") REVIDR ").append(Bits.hex64(t.revidr())).append(" AIDR ").append(Bits.hex64(t.aidr())).append('\n');
        }
        id.warnings().forEach(w -> sb.append("  ! ").append(w).append('\n'));
        GuestCpuModel.Vcpu v = m.vcpu();
        sb.append("\nvCPU: pmu ").append(yes(v.pmu())).append(", sve ").append(yes(v.sve()))
                .append(v.sve() ? " (vector lengths " + v.sveVectorLengths() + ")" : "").append(", ptrauth ").append(yes(v.ptrauth()))
                .append(", el2 ").append(yes(v.el2())).append('\n');
        if (!m.regListDrift().isEmpty()) {
            sb.append("\nRegister-list drift (KVM_GET_REG_LIST differs)\n");
            TextTable dt = new TextTable("ID", "REGISTER", "ACTION", "LISTED ON", "MISSING ON");
            for (GuestCpuModel.RegListEntry d : m.regListDrift()) {
                dt.row(Bits.hex64(d.id()), d.name(), d.action(), String.join(", ", d.listedOn()), String.join(", ", d.missingOn()));
            }
            sb.append(dt.render());
        }
        if (!m.notes().isEmpty()) {
            sb.append("\nNotes\n");
            m.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /** The model's conditions on hidden host values (MPAM, MPAM_frac, NV): the counter frequency is reported apart. */
    static List<GuestCpuModel.Condition> hiddenConditions(GuestCpuModel m) {
        return m.conditions().stream().filter(c -> !c.register().equals("CNTFRQ_EL0")).toList();
    }

    /** " if N hidden host values hold (see Conditions)" after POSSIBLE when the model rests on hidden host values nobody measured. */
    static String onConditions(GuestCpuModel m) {
        int n = hiddenConditions(m).size();
        return n == 0 ? "" : n == 1 ? " if 1 hidden host value holds (see Conditions)" : " if " + n + " hidden host values hold (see Conditions)";
    }

    /** A condition in words: what must hold, why the planner cannot tell, and how to find out. */
    static String condition(GuestCpuModel.Condition c) {
        return "POSSIBLE if " + c.register() + "." + c.field() + " of host " + c.host() + " is " + c.assumed()
                + "; measure with `cpumodel collect` on that host (its kernel hides the field from guests and accepts only 0"
                + " or the host's own value, which an imported profile does not record)";
    }

    /**
     * The short baseline's summary of what {@code --verbose} tabulates: how many registers are set,
     * how many fields were lowered and by what (a kernel rule, or the weakest host), how many
     * adjustments each rule made.
     */
    static String countLines(GuestCpuModel m) {
        StringBuilder sb = new StringBuilder();
        sb.append("Registers: ").append(m.registers().size()).append(" set with KVM_SET_ONE_REG before the first KVM_RUN\n");
        java.util.Map<String, Integer> byReason = new java.util.TreeMap<>();
        for (GuestCpuModel.Lowering l : m.lowered()) {
            boolean byRule = l.limitedBy().stream().allMatch(x -> x.startsWith("rule ") || x.startsWith("kernel rule"));
            byReason.merge(byRule ? "by " + String.join(", ", l.limitedBy()) : "to the weakest host's value", 1, Integer::sum);
        }
        sb.append("Lowered fields: ").append(m.lowered().size());
        if (!byReason.isEmpty()) {
            List<String> parts = new ArrayList<>();
            byReason.forEach((k, n) -> parts.add(n + " " + k));
            sb.append(" (").append(String.join(", ", parts)).append(')');
        }
        sb.append('\n');
        long unverified = m.lowered().stream().filter(GuestCpuModel.Lowering::unverified).count();
        if (unverified > 0) {
            sb.append("  ").append(unverified).append(" of them on kernel rules not verified for that release (assumed; --verbose marks them)\n");
        }
        if (!m.adjustments().isEmpty()) {
            java.util.Map<String, Integer> byRule = new java.util.TreeMap<>();
            m.adjustments().forEach(a -> byRule.merge(a.rule(), 1, Integer::sum));
            List<String> parts = new ArrayList<>();
            byRule.forEach((k, n) -> parts.add(n + " " + k));
            sb.append("Consistency and kernel adjustments: ").append(m.adjustments().size()).append(" (").append(String.join(", ", parts)).append(")\n");
        }
        sb.append("(--verbose lists every register, lowered field and adjustment; --json or --out writes the model)\n");
        return sb.toString();
    }

    public static String check(ModelCheck.Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Check of model ").append(shortId(r.modelId())).append(" on ").append(r.host()).append(": ")
                .append(r.accepted() ? "ACCEPTED" : "REFUSED").append('\n');
        TextTable t = new TextTable("STEP", "REGISTER", "VALUE", "RESULT", "FIELD", "RULE", "WHY");
        for (ModelCheck.Step s : r.steps()) {
            t.row(s.ioctl(), s.register(), s.register().equals("-") ? "" : Bits.hex64(s.value()), s.ok() ? "ok" : s.errno().name(),
                    s.field(), s.rule(), s.explanation());
        }
        sb.append(t.render());
        return sb.toString();
    }

    /** {@link #compare(Compare.Result, boolean)} with every differing field. */
    public static String compare(Compare.Result r) {
        return compare(r, true);
    }

    /**
     * The relation first, then the differing fields; unless {@code verbose}, only those that keep one
     * side off the other (a field that runs either way is counted, not listed).
     */
    public static String compare(Compare.Result r, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        sb.append("A: ").append(r.a()).append('\n').append("B: ").append(r.b()).append('\n');
        sb.append("Result: ").append(r.relation().word()).append(" (").append(meaning(r.relation())).append(")\n");
        if (!r.responsible().isEmpty()) {
            sb.append("Responsible: ").append(String.join(", ", r.responsible())).append('\n');
        }
        if (!r.differences().isEmpty()) {
            sb.append('\n');
            TextTable t = new TextTable("PROPERTY", "A", "B", "B RUNS ON A", "A RUNS ON B", "ONLY A", "ONLY B");
            int hidden = 0;
            for (Compare.Difference d : r.differences()) {
                if (!verbose && !d.blocks()) {
                    hidden++;
                    continue;
                }
                t.row(d.property(), d.a(), d.b(), yes(d.aHoldsB()), yes(d.bHoldsA()), String.join(" ", d.onlyA()), String.join(" ", d.onlyB()));
            }
            if (!t.isEmpty()) {
                sb.append(t.render());
            }
            if (hidden > 0) {
                sb.append("  (+").append(hidden).append(" field(s) that differ but run either way; --verbose lists them)\n");
            }
        }
        r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        return sb.toString();
    }

    static String meaning(Compare.Relation rel) {
        return switch (rel) {
            case IDENTICAL -> "each runs where the other runs";
            case SUPERSET -> "B is guaranteed to run where A runs";
            case SUBSET -> "A is guaranteed to run where B runs";
            case INCOMPATIBLE -> "neither is guaranteed to run where the other runs";
        };
    }

    /** {@link #pools(Pools.Result, GicWhatIf.Report, boolean)}, short: one line of fields per blocking rule. */
    public static String pools(Pools.Result r, GicWhatIf.Report whatIf) {
        return pools(r, whatIf, false);
    }

    /**
     * The pools report; unless {@code verbose}, each separation's blockers show per rule only the
     * fields that fit on one line, with a count of the rest.
     */
    public static String pools(Pools.Result r, GicWhatIf.Report whatIf, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        Pools.Options o = r.options();
        sb.append("Pools for vCPU features '").append(o.features()).append("'");
        if (!o.require().isEmpty()) {
            sb.append(", requiring ").append(String.join(",", new java.util.TreeSet<>(o.require())));
        }
        if (o.maxPools() > 0) {
            sb.append(", at most ").append(o.maxPools()).append(" pool(s)");
        }
        if (o.gicWhatIf()) {
            sb.append(", assuming the what-if ICC_CTLR_EL1 range");
        }
        sb.append(": ").append(r.pools().size()).append(" pool(s), ").append(r.unplaced().size()).append(" host(s) fit no pool\n");
        for (Pools.Pool p : r.pools()) {
            sb.append("\nPool ").append(p.number()).append(": ").append(p.members().size()).append(" host(s), baseline ").append(p.baseline().shortId())
                    .append(", ").append(Pools.features(p.baseline()).size()).append(" FEAT_ names\n");
            TextTable t = new TextTable("HOST", "KERNEL", "PROFILE", "FEATURES LOST");
            for (HostProfile h : p.members()) {
                String lost = p.baseline().loss(h.id()).map(l -> l.lost().isEmpty() ? "none" : String.join(" ", l.lost())).orElse("-");
                t.row(h.host().name(), h.host().kernelRelease(), h.shortId(), lost);
            }
            sb.append(t.render());
            for (GuestCpuModel.Condition c : p.baseline().conditions()) {
                sb.append("  condition: ").append(c.register().equals("CNTFRQ_EL0") ? c.why() : condition(c)).append('\n');
            }
            for (Pools.Separation x : p.separations()) {
                sb.append("  separate pool: not with ").append(x.notWith().get(0))
                        .append(x.notWith().size() > 1 ? " and " + (x.notWith().size() - 1) + " other(s)" : "").append(": ");
                if (!x.wouldLose().isEmpty()) {
                    sb.append("would lose required ").append(String.join(", ", x.wouldLose())).append('\n');
                    continue;
                }
                sb.append(blockerCount(x.blockers())).append('\n');
                sb.append(blockersByRule(x.blockers(), "    ", verbose ? Integer.MAX_VALUE : 1));
            }
        }
        if (!r.unplaced().isEmpty()) {
            sb.append("\nHosts that fit no pool\n");
            TextTable t = new TextTable("HOST", "PROFILE", "WHY");
            r.unplaced().forEach(u -> t.row(u.name(), shortId(u.profileId()), u.why()));
            sb.append(t.render());
        }
        r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        if (whatIf != null) {
            sb.append(gicWhatIf(whatIf));
        }
        return sb.toString();
    }

    /** "3 blocker(s)", saying how many rest on rules unverified for the kernel they were applied to. */
    static String blockerCount(List<GuestCpuModel.Blocker> blockers) {
        long u = blockers.stream().filter(GuestCpuModel.Blocker::unverified).count();
        return blockers.size() + " blocker(s)" + (u == 0 ? "" : u == blockers.size() ? ", every one on a kernel rule not verified for that release"
                : ", " + u + " on kernel rules not verified for that release (listed last)");
    }

    /**
     * Blockers grouped by the kernel rule that decided them, certain rules first: one line per rule,
     * then the fields it blocks with both hosts' values (the rule is said once, not per field or host).
     */
    static String blockersByRule(List<GuestCpuModel.Blocker> blockers, String indent) {
        return blockersByRule(blockers, indent, Integer.MAX_VALUE);
    }

    /** As {@link #blockersByRule(List, String)}, at most {@code maxLines} lines of fields per rule, then a count of the rest. */
    static String blockersByRule(List<GuestCpuModel.Blocker> blockers, String indent, int maxLines) {
        java.util.Map<String, List<GuestCpuModel.Blocker>> byRule = new java.util.LinkedHashMap<>();
        for (GuestCpuModel.Blocker b : Pools.certainFirst(blockers)) {
            String rule = (b.rule() != null ? b.rule() : b.why()) + (b.unverified() ? " [rule unverified for " + b.kernels() + "]" : "");
            byRule.computeIfAbsent(rule, k -> new ArrayList<>()).add(b);
        }
        StringBuilder sb = new StringBuilder();
        byRule.forEach((rule, bs) -> {
            boolean onePair = bs.stream().map(b -> b.host() + "\0" + b.otherHost()).distinct().count() == 1 && !bs.get(0).otherHost().equals("-");
            sb.append(indent).append("- ").append(rule).append(onePair ? " (values: " + bs.get(0).host() + " vs " + bs.get(0).otherHost() + ")" : "")
                    .append('\n');
            List<String> fields = new ArrayList<>();
            for (GuestCpuModel.Blocker b : bs) {
                String where = b.register().equals("-") ? b.host() : b.register() + (b.field().equals("-") ? "" : "." + b.field());
                fields.add(b.otherHost().equals("-") ? where + " " + b.value() + (b.otherValue().equals("-") ? "" : " (needs " + b.otherValue() + ")")
                        : onePair ? where + " " + b.value() + " vs " + b.otherValue()
                        : where + " " + b.host() + " " + b.value() + " vs " + b.otherHost() + " " + b.otherValue());
            }
            StringBuilder line = new StringBuilder();
            int lines = 0;
            int shown = 0;
            for (String f : fields) {
                if (line.length() > 0 && line.length() + f.length() > 110) {
                    sb.append(indent).append("  ").append(line).append('\n');
                    line.setLength(0);
                    if (++lines == maxLines) {
                        break;
                    }
                }
                line.append(line.length() == 0 ? "" : "; ").append(f);
                shown++;
            }
            if (line.length() > 0) {
                sb.append(indent).append("  ").append(line).append('\n');
            }
            if (shown < fields.size()) {
                sb.append(indent).append("  (+").append(fields.size() - shown).append(" more field(s) on this rule; --verbose lists them)\n");
            }
        });
        return sb.toString();
    }

    public static String gicWhatIf(GicWhatIf.Report w) {
        StringBuilder sb = new StringBuilder("\nWhat-if ICC_CTLR_EL1 range (SEIS 1 -> 0, A3V/IDbits/PRIbits lowerable)\n");
        if (w.unlocked().isEmpty()) {
            sb.append("  unlocks no host pair (no pair is blocked by the GIC alone)\n");
        } else {
            TextTable t = new TextTable("HOST", "HOST", "GIC DIFFERENCE", "MODEL ICC_CTLR_EL1");
            w.unlocked().forEach(p -> t.row(p.a(), p.b(), p.difference(), Bits.hex64(p.modelIccCtlr())));
            sb.append("  unlocks ").append(w.unlocked().size()).append(" host pair(s) blocked today by the GIC alone\n").append(t.render());
            sb.append("\nCost: hosts that must trap ICV_CTLR_EL1 (estimate, % of one CPU per vCPU)\n");
            List<String> guests = w.hosts().isEmpty() ? List.of() : w.hosts().get(0).costs().stream().map(GicWhatIf.GuestCost::guest).toList();
            List<String> header = new ArrayList<>(List.of("HOST", "FEAT_FGT", "TRAPPED"));
            guests.forEach(header::add);
            TextTable ct = new TextTable(header.toArray(String[]::new));
            for (GicWhatIf.HostCost h : w.hosts()) {
                List<Object> row = new ArrayList<>(List.of(h.host(), yes(h.fgt()), h.trapped()));
                h.costs().forEach(c -> row.add(String.format(Locale.ROOT, "%.4f%%", c.percentOfOneCpu())));
                ct.row(row.toArray());
            }
            sb.append(ct.render());
        }
        sb.append("Assumptions (gic-trap-costs.txt; see docs/gic-what-if.md)\n");
        w.assumptions().forEach((k, v) -> sb.append("  - ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    static String shortId(String id) {
        if (id == null) {
            return "-";
        }
        int c = id.indexOf(':') + 1;
        return id.substring(c, Math.min(id.length(), c + 12));
    }
}
