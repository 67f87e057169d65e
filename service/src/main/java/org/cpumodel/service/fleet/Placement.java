package org.cpumodel.service.fleet;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.profile.GuestCpuModel;

/**
 * "Where may this VM go": the distinct profiles whose KVM accepts a guest CPU model, and those that
 * refuse it. Decided per distinct profile with the planner's {@code FastCheck} (cached per model and
 * profile), so the cost is the number of distinct profiles, not of hosts.
 *
 * @param source the host the VM runs on, when the question was asked for a host (it is not a destination)
 */
public record Placement(long generation, GuestCpuModel model, String source, List<DistinctProfile> accepting, List<DistinctProfile> refusing) {

    public Placement {
        accepting = List.copyOf(accepting);
        refusing = List.copyOf(refusing);
    }

    public static Placement of(FleetSnapshot fleet, Planning planning, GuestCpuModel model, String source) {
        List<DistinctProfile> yes = new ArrayList<>();
        List<DistinctProfile> no = new ArrayList<>();
        for (DistinctProfile p : fleet.profiles().values()) {
            (model.possible() && planning.accepts(model, p) ? yes : no).add(p);
        }
        return new Placement(fleet.generation(), model, source, yes, no);
    }
}
