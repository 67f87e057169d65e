package org.cpumodel.profile;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.KernelVersion;

/**
 * A host as its KVM presents it: the unit every plan is computed from. The identity {@code id} is the
 * SHA-256 of the profile's canonical JSON without the id itself (see {@link ProfileJson}).
 *
 * <p>Capabilities are keyed by KVM_CAP number. {@code masks} is null when the kernel has no
 * KVM_ARM_GET_REG_WRITABLE_MASKS and nothing was inferred; {@code gic} is null when unknown.
 */
public record HostProfile(String id, HostInfo host, boolean partial, List<String> notes,
                          SortedMap<Integer, Long> capabilities, WritableMasks masks, GicCpuInterface gic,
                          SortedMap<String, FeatureSetView> featureSets) {

    public static final int SCHEMA_VERSION = 1;

    public HostProfile {
        notes = notes == null ? List.of() : List.copyOf(notes);
        capabilities = new TreeMap<>(capabilities == null ? java.util.Map.of() : capabilities);
        featureSets = new TreeMap<>(featureSets);
    }

    public KernelVersion kernel() {
        return KernelVersion.parse(host.kernelRelease());
    }

    public long capability(int cap) {
        return capabilities.getOrDefault(cap, 0L);
    }

    public Optional<FeatureSetView> featureSet(FeatureSet fs) {
        return Optional.ofNullable(featureSets.get(fs.name()));
    }

    public FeatureSetView defaultView() {
        FeatureSetView v = featureSets.get(FeatureSet.DEFAULT.name());
        if (v == null) {
            throw new IllegalStateException("profile " + host.name() + " has no 'default' feature set");
        }
        return v;
    }

    /** The same profile with its content hash filled in. */
    public HostProfile withId(String newId) {
        return new HostProfile(newId, host, partial, notes, capabilities, masks, gic, featureSets);
    }

    /** Short form of the id for tables: the first 12 hex digits. */
    public String shortId() {
        return id == null ? "-" : id.substring(id.indexOf(':') + 1, Math.min(id.length(), id.indexOf(':') + 13));
    }
}
