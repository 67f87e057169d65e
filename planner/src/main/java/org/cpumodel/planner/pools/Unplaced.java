package org.cpumodel.planner.pools;

/** A host that fits no pool, and why (one line). */
public record Unplaced(String profileId, String name, String why) {
}
