package org.cpumodel.planner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.rules.CounterFrequencyRule;
import org.cpumodel.planner.rules.Features;
import org.cpumodel.profile.GuestCpuModel;

/** The baseline report: verdict, members and what each loses, conditions, blockers by rule, counts (or, verbose, every register, lowered field and adjustment), GIC, identity, vCPU, drift, notes. */
final class BaselineReport {

    private BaselineReport() {
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
            mt.row(mem.name(), mem.kernelRelease(), TextTable.shortId(mem.profileId()), lost);
        }
        sb.append(mt.render());
        if (!hiddenConditions(m).isEmpty()) {
            sb.append("\nConditions (hidden host values the profiles do not record)\n");
            hiddenConditions(m).forEach(c -> sb.append("  - ").append(condition(c)).append('\n'));
        }
        if (!m.blockers().isEmpty()) {
            sb.append("\nBlockers (why no common model exists): ").append(BlockerText.blockerCount(m.blockers())).append(", by kernel rule\n");
            sb.append(BlockerText.blockersByRule(m.blockers(), "  "));
        }
        if (m.counterFrequencyHz() != null) {
            sb.append("\nCounter frequency (CNTFRQ_EL0, not virtualised by KVM): ").append(CounterFrequencyRule.mhz(m.counterFrequencyHz()))
                    .append(" on every member\n");
        }
        m.conditions().stream().filter(c -> c.register().equals(CounterFrequencyRule.REGISTER)).forEach(c -> sb.append("\nCounter frequency (CNTFRQ_EL0, not virtualised by KVM): ").append(c.why()).append('\n'));
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
        sb.append("\nvCPU: pmu ").append(TextTable.yes(v.pmu())).append(", sve ").append(TextTable.yes(v.sve()))
                .append(v.sve() ? " (vector lengths " + v.sveVectorLengths() + ")" : "").append(", ptrauth ").append(TextTable.yes(v.ptrauth()))
                .append(", el2 ").append(TextTable.yes(v.el2())).append('\n');
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
        return m.conditions().stream().filter(c -> !c.register().equals(CounterFrequencyRule.REGISTER)).toList();
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
                + " or the host's own value, which this host's profile does not record: imports and profiles collected before the hidden-value probe cannot see it)";
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
}
