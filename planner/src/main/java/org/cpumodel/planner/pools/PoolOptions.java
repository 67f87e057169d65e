package org.cpumodel.planner.pools;

import java.util.Set;
import org.cpumodel.profile.FeatureSet;

/**
 * What a pool search is asked: the vCPU feature set, the FEAT_ names every pool must keep
 * ({@code --require}), at most how many pools (0: no limit), and whether to assume the proposed
 * ICC_CTLR_EL1 range ({@code --what-if-gic-range}).
 */
public record PoolOptions(FeatureSet features, Set<String> require, int maxPools, boolean gicWhatIf) {
    public PoolOptions {
        require = Set.copyOf(require);
    }

    public static PoolOptions of(FeatureSet fs) {
        return new PoolOptions(fs, Set.of(), 0, false);
    }
}
