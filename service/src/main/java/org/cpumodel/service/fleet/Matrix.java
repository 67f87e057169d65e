package org.cpumodel.service.fleet;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.compare.FastCompare;
import org.cpumodel.profile.FeatureSet;

/**
 * The compatibility matrix of the fleet's distinct profiles for one vCPU feature set, for the heatmap:
 * for each pair, whether the two can share a migration pool today (a possible baseline under the
 * current KVM rules), only with the GIC range extension (the what-if mode), or not at all; and the
 * direction in which a guest can move without a common model (the compare relation).
 *
 * <p>Rows are strings, one character per column. {@code pool}: {@code -} the diagonal, {@code Y} today,
 * {@code W} only with the what-if range, {@code N} neither. {@code relation} (row A, column B):
 * {@code =} identical, {@code >} B runs where A runs (A is a superset), {@code <} A runs where B runs,
 * {@code x} incompatible, {@code ?} not comparable (a side lacks the feature set). The profiles are the
 * {@code limit} with most hosts; {@code total} says how many the fleet has.
 */
public record Matrix(long generation, FeatureSet features, List<DistinctProfile> profiles, int total, List<String> pool, List<String> relation) {

    public static Matrix of(FleetSnapshot fleet, Planning planning, FeatureSet fs, int limit) {
        List<DistinctProfile> ps = fleet.profiles().values().stream().limit(limit).toList();
        int n = ps.size();
        char[][] pool = new char[n][n];
        char[][] rel = new char[n][n];
        List<FastCompare.Side> sides = new ArrayList<>();
        for (DistinctProfile p : ps) {
            FastCompare.Side side;
            try {
                side = FastCompare.Side.of(Compare.Side.of(p.profile(), fs));
            } catch (IllegalArgumentException e) {
                side = null; // the profile does not offer this feature set
            }
            sides.add(side);
        }
        for (int i = 0; i < n; i++) {
            pool[i][i] = '-';
            rel[i][i] = sides.get(i) == null ? '?' : '=';
            for (int j = i + 1; j < n; j++) {
                List<DistinctProfile> pair = List.of(ps.get(i), ps.get(j));
                char c;
                if (planning.canShare(pair, fs, false)) {
                    c = 'Y';
                } else {
                    c = planning.canShare(pair, fs, true) ? 'W' : 'N';
                }
                pool[i][j] = c;
                pool[j][i] = c;
                FastCompare.Side a = sides.get(i);
                FastCompare.Side b = sides.get(j);
                if (a == null || b == null) {
                    rel[i][j] = '?';
                    rel[j][i] = '?';
                } else {
                    Compare.Relation r = FastCompare.relation(a, b);
                    rel[i][j] = symbol(r);
                    rel[j][i] = symbol(mirror(r));
                }
            }
        }
        List<String> poolRows = new ArrayList<>();
        List<String> relRows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            poolRows.add(new String(pool[i]));
            relRows.add(new String(rel[i]));
        }
        return new Matrix(fleet.generation(), fs, ps, fleet.profiles().size(), poolRows, relRows);
    }

    private static char symbol(Compare.Relation r) {
        return switch (r) {
            case IDENTICAL -> '=';
            case SUPERSET -> '>';
            case SUBSET -> '<';
            case INCOMPATIBLE -> 'x';
        };
    }

    private static Compare.Relation mirror(Compare.Relation r) {
        return switch (r) {
            case SUPERSET -> Compare.Relation.SUBSET;
            case SUBSET -> Compare.Relation.SUPERSET;
            default -> r;
        };
    }
}
