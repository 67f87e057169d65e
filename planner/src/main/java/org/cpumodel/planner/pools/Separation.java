package org.cpumodel.planner.pools;

import java.util.List;
import org.cpumodel.profile.GuestCpuModel;

/**
 * Why a pool's seed host could not join an earlier pool: that pool's members (the first names it),
 * every blocker of the joint baseline, or the required FEAT_ names joining would lose.
 */
public record Separation(List<String> notWith, List<GuestCpuModel.Blocker> blockers, List<String> wouldLose) {
    public Separation {
        notWith = List.copyOf(notWith);
        blockers = List.copyOf(blockers);
        wouldLose = List.copyOf(wouldLose);
    }

    /** Blockers resting on a kernel rule marked unverified for that release. */
    public long unverified() {
        return blockers.stream().filter(GuestCpuModel.Blocker::unverified).count();
    }

    public String summary() {
        String who = "not with " + notWith.get(0) + (notWith.size() > 1 ? " and " + (notWith.size() - 1) + " other(s)" : "") + ": ";
        if (!wouldLose.isEmpty()) {
            return who + "would lose required " + String.join(", ", wouldLose);
        }
        long u = unverified();
        return who + blockers.size() + " blocker(s)" + (u == 0 ? "" : u == blockers.size() ? ", all on rules unverified for that kernel"
                : ", " + u + " on rules unverified for that kernel") + "; first: " + Pools.describe(blockers.get(0));
    }
}
