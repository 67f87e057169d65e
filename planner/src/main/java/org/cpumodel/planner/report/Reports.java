package org.cpumodel.planner.report;

import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.profile.GuestCpuModel;

/**
 * Plain-text reports for people: aligned tables with FEAT_ names and plain-language reasons. The CLI
 * prints these; golden tests compare them byte for byte. One class per report ({@link BaselineReport},
 * {@link CheckReport}, {@link CompareReport}, {@link PoolsReport}, {@link GicWhatIfReport}); this is
 * their one entry point.
 */
public final class Reports {

    private Reports() {
    }

    /** {@link BaselineReport}, short: the verdict first, counts instead of per-field tables. */
    public static String baseline(GuestCpuModel m) {
        return BaselineReport.baseline(m, false);
    }

    /** {@link BaselineReport}: every register, lowered field and adjustment when {@code verbose}. */
    public static String baseline(GuestCpuModel m, boolean verbose) {
        return BaselineReport.baseline(m, verbose);
    }

    public static String check(ModelCheck.Report r) {
        return CheckReport.check(r);
    }

    /** {@link CompareReport} with every differing field. */
    public static String compare(Compare.Result r) {
        return CompareReport.compare(r, true);
    }

    /** {@link CompareReport}; unless {@code verbose}, only the fields that keep one side off the other. */
    public static String compare(Compare.Result r, boolean verbose) {
        return CompareReport.compare(r, verbose);
    }

    /** {@link PoolsReport}, short: one line of fields per blocking rule. */
    public static String pools(Partition r, GicWhatIf.Report whatIf) {
        return PoolsReport.pools(r, whatIf, false);
    }

    /** {@link PoolsReport}; unless {@code verbose}, each separation shows per rule the fields that fit one line. */
    public static String pools(Partition r, GicWhatIf.Report whatIf, boolean verbose) {
        return PoolsReport.pools(r, whatIf, verbose);
    }

    public static String gicWhatIf(GicWhatIf.Report w) {
        return GicWhatIfReport.gicWhatIf(w);
    }
}
