package org.cpumodel.planner.pools;

import java.util.List;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/**
 * A pool: its members, its verified baseline, and why its seed host could not join each pool formed
 * before it ({@code separations}: every blocker, as data; {@code separateBecause}: one line each).
 */
public record Pool(int number, List<HostProfile> members, GuestCpuModel baseline, List<Separation> separations) {
    public Pool {
        members = List.copyOf(members);
        separations = List.copyOf(separations);
    }

    /** One sentence per separation, for people and older readers. */
    public List<String> separateBecause() {
        return separations.stream().map(Separation::summary).toList();
    }
}
