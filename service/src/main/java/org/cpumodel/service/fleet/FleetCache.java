package org.cpumodel.service.fleet;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.cpumodel.service.db.Inventory;

/**
 * What one service instance knows of the fleet: the snapshot of the current generation, and the
 * distinct profiles parsed once (they are content-addressed, so never stale). The snapshot is replaced
 * when the inventory's generation moves: on this instance's own writes ({@link #changed} with
 * {@code local}), on a change another instance committed (PostgreSQL notification, {@link #changed}),
 * after the notification connection was re-established ({@link #reconnected}), and when a lookup misses
 * and the database is ahead ({@link #fresh}). Reloading reads the host rows and parses only profiles
 * not parsed before.
 */
public final class FleetCache {

    /** Counters for the status endpoint and the tests. */
    public record Stats(long reloads, long localChanges, long notifiedChanges, long reconnects, long snapshotGeneration, long knownGeneration,
                        int parsedProfiles) {
    }

    private final Inventory inventory;
    private final Map<String, DistinctProfile> parsed = new ConcurrentHashMap<>();
    private final Object reloadLock = new Object();
    private volatile FleetSnapshot current;
    private volatile boolean stale = true;
    private final AtomicLong knownGeneration = new AtomicLong(-1);
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong localChanges = new AtomicLong();
    private final AtomicLong notifiedChanges = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Planning planning = new Planning();

    public FleetCache(Inventory inventory) {
        this.inventory = inventory;
    }

    /** Cached planner work over immutable inputs (compiled hosts and models, accept verdicts, single-host models). */
    public Planning planning() {
        return planning;
    }

    /** The fleet at the newest generation this instance knows of. */
    public FleetSnapshot snapshot() {
        FleetSnapshot s = current;
        if (s != null && !stale && s.generation() >= knownGeneration.get()) {
            return s;
        }
        synchronized (reloadLock) {
            s = current;
            if (s != null && !stale && s.generation() >= knownGeneration.get()) {
                return s;
            }
            stale = false; // a change notified while reloading sets it again
            s = load();
            current = s;
            knownGeneration.accumulateAndGet(s.generation(), Math::max);
            return s;
        }
    }

    /** The snapshot, reloaded first when the database is ahead of it (for lookups that missed). */
    public FleetSnapshot fresh() {
        FleetSnapshot s = snapshot();
        long g = inventory.generation();
        if (g > s.generation()) {
            changed(g, false);
            s = snapshot();
        }
        return s;
    }

    /** The fleet changed: generation {@code g} was committed (by this instance when {@code local}). */
    public void changed(long g, boolean local) {
        (local ? localChanges : notifiedChanges).incrementAndGet();
        knownGeneration.accumulateAndGet(g, Math::max);
        stale = true;
    }

    /** Notifications may have been missed: reload on next use. */
    public void reconnected() {
        reconnects.incrementAndGet();
        stale = true;
    }

    public Stats stats() {
        FleetSnapshot s = current;
        return new Stats(reloads.get(), localChanges.get(), notifiedChanges.get(), reconnects.get(), s == null ? -1 : s.generation(),
                knownGeneration.get(), parsed.size());
    }

    private FleetSnapshot load() {
        reloads.incrementAndGet();
        Inventory.FleetRows rows = inventory.fleet();
        Set<String> needed = new HashSet<>();
        rows.hosts().forEach(h -> needed.add(h.profileId()));
        Set<String> missing = new HashSet<>(needed);
        missing.removeAll(parsed.keySet());
        for (Map.Entry<String, String> e : inventory.profileDocuments(missing).entrySet()) {
            parsed.put(e.getKey(), DistinctProfile.stored(e.getKey(), e.getValue()));
        }
        parsed.keySet().retainAll(needed);
        planning.retainProfiles(needed);
        return new FleetSnapshot(rows.generation(), rows.hosts(), new HashMap<>(parsed));
    }
}
