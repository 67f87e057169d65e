package org.cpumodel.service.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.cpumodel.service.db.Inventory;

/**
 * The fleet at one generation, immutable: the hosts, the distinct profiles they present (ordered by
 * number of hosts, then label) and the host names per profile. Views computed from it (pools,
 * compatibility matrix) are cached on the snapshot, so they live exactly as long as the generation.
 */
public final class FleetSnapshot {

    private final long generation;
    private final Map<String, Inventory.HostRow> hosts;
    private final Map<String, DistinctProfile> profiles;
    private final Map<String, List<String>> hostsByProfile;
    private final Map<Object, Object> views = new ConcurrentHashMap<>();

    FleetSnapshot(long generation, List<Inventory.HostRow> rows, Map<String, DistinctProfile> parsed) {
        this.generation = generation;
        Map<String, Inventory.HostRow> h = new LinkedHashMap<>();
        Map<String, List<String>> byProfile = new java.util.HashMap<>();
        for (Inventory.HostRow r : rows) {
            h.put(r.name(), r);
            byProfile.computeIfAbsent(r.profileId(), k -> new ArrayList<>()).add(r.name());
        }
        List<DistinctProfile> order = new ArrayList<>();
        for (String id : byProfile.keySet()) {
            DistinctProfile p = parsed.get(id);
            if (p == null) {
                throw new IllegalStateException("inventory: hosts reference profile " + id + ", which is not stored");
            }
            order.add(p);
        }
        order.sort(Comparator.comparingInt((DistinctProfile p) -> -byProfile.get(p.id()).size()).thenComparing(DistinctProfile::label)
                .thenComparing(DistinctProfile::id));
        Map<String, DistinctProfile> ps = new LinkedHashMap<>();
        Map<String, List<String>> hp = new LinkedHashMap<>();
        for (DistinctProfile p : order) {
            ps.put(p.id(), p);
            List<String> names = byProfile.get(p.id());
            names.sort(null);
            hp.put(p.id(), List.copyOf(names));
        }
        this.hosts = java.util.Collections.unmodifiableMap(h);
        this.profiles = java.util.Collections.unmodifiableMap(ps);
        this.hostsByProfile = java.util.Collections.unmodifiableMap(hp);
    }

    public long generation() {
        return generation;
    }

    /** Hosts by name, in name order. */
    public Map<String, Inventory.HostRow> hosts() {
        return hosts;
    }

    /** Distinct profiles with at least one host: most hosts first. */
    public Map<String, DistinctProfile> profiles() {
        return profiles;
    }

    public List<String> hostsOf(String profileId) {
        return hostsByProfile.getOrDefault(profileId, List.of());
    }

    public int hostCount(String profileId) {
        return hostsOf(profileId).size();
    }

    public Optional<DistinctProfile> profileOfHost(String host) {
        Inventory.HostRow r = hosts.get(host);
        return r == null ? Optional.empty() : Optional.ofNullable(profiles.get(r.profileId()));
    }

    /**
     * A profile named by a reference: a profile id ({@code sha256:...}) or a host name.
     */
    public Optional<DistinctProfile> resolve(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        DistinctProfile p = profiles.get(ref);
        return p != null ? Optional.of(p) : profileOfHost(ref);
    }

    /** A profile by its label (the name the planner's texts use). */
    public Optional<DistinctProfile> byLabel(String label) {
        return profiles.values().stream().filter(p -> p.label().equals(label)).findFirst();
    }

    /** A view of this generation, computed once per key. */
    @SuppressWarnings("unchecked")
    public <K, V> V view(K key, Function<K, V> compute) {
        return (V) views.computeIfAbsent(key, k -> compute.apply((K) k));
    }
}
