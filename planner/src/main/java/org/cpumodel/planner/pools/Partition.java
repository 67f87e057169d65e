package org.cpumodel.planner.pools;

import java.util.List;

/** The result of a pool search: the options it was given, its pools, the hosts that fit none, and notes. */
public record Partition(PoolOptions options, List<Pool> pools, List<Unplaced> unplaced, List<String> notes) {
    public Partition {
        pools = List.copyOf(pools);
        unplaced = List.copyOf(unplaced);
        notes = List.copyOf(notes);
    }
}
