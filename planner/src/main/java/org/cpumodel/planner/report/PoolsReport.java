package org.cpumodel.planner.report;

import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Separation;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.planner.rules.CounterFrequencyRule;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/** The pools report: per pool its members and what each loses, its conditions and confidence, and why it is separate (blockers by rule); hosts that fit no pool; notes. */
final class PoolsReport {

    private PoolsReport() {
    }

    /** {@link #pools(Partition, GicWhatIf.Report, boolean)}, short: one line of fields per blocking rule. */
    public static String pools(Partition r, GicWhatIf.Report whatIf) {
        return pools(r, whatIf, false);
    }

    /**
     * The pools report; unless {@code verbose}, each separation's blockers show per rule only the
     * fields that fit on one line, with a count of the rest.
     */
    public static String pools(Partition r, GicWhatIf.Report whatIf, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        PoolOptions o = r.options();
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
        for (Pool p : r.pools()) {
            sb.append("\nPool ").append(p.number()).append(": ").append(p.members().size()).append(" host(s), baseline ").append(p.baseline().shortId())
                    .append(", ").append(Pools.features(p.baseline()).size()).append(" FEAT_ names\n");
            TextTable t = new TextTable("HOST", "KERNEL", "PROFILE", "FEATURES LOST");
            for (HostProfile h : p.members()) {
                String lost = p.baseline().loss(h.id()).map(l -> l.lost().isEmpty() ? "none" : String.join(" ", l.lost())).orElse("-");
                t.row(h.host().name(), h.host().kernelRelease(), h.shortId(), lost);
            }
            sb.append(t.render());
            long unverified = p.baseline().lowered().stream().filter(GuestCpuModel.Lowering::unverified).count();
            if (unverified > 0) {
                sb.append("  ").append(unverified).append(" lowered field(s) on kernel rules not verified for that release (assumed; baseline --verbose marks them)\n");
            }
            for (GuestCpuModel.Condition c : p.baseline().conditions()) {
                sb.append("  condition: ").append(c.register().equals(CounterFrequencyRule.REGISTER) ? c.why() : BaselineReport.condition(c)).append('\n');
            }
            for (Separation x : p.separations()) {
                sb.append("  separate pool: not with ").append(x.notWith().get(0))
                        .append(x.notWith().size() > 1 ? " and " + (x.notWith().size() - 1) + " other(s)" : "").append(": ");
                if (!x.wouldLose().isEmpty()) {
                    sb.append("would lose required ").append(String.join(", ", x.wouldLose())).append('\n');
                    continue;
                }
                sb.append(BlockerText.blockerCount(x.blockers())).append('\n');
                sb.append(BlockerText.blockersByRule(x.blockers(), "    ", verbose ? Integer.MAX_VALUE : 1));
            }
        }
        if (!r.unplaced().isEmpty()) {
            sb.append("\nHosts that fit no pool\n");
            TextTable t = new TextTable("HOST", "PROFILE", "WHY");
            r.unplaced().forEach(u -> t.row(u.name(), TextTable.shortId(u.profileId()), u.why()));
            sb.append(t.render());
        }
        r.notes().forEach(n -> sb.append("note: ").append(n).append('\n'));
        if (whatIf != null) {
            sb.append(GicWhatIfReport.gicWhatIf(whatIf));
        }
        return sb.toString();
    }
}
