package org.cpumodel.planner.baseline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;

/**
 * The members built for one vCPU feature set, one per profile object (identity: a profile is never
 * compared by content here). Safe to share between threads: the pool search builds and reads members
 * from parallel tasks, and members of different profiles are built at the same time.
 */
final class MemberCache {

    private final FeatureSet features;
    private final Map<Key, MemberKvm> members = new ConcurrentHashMap<>();

    MemberCache(FeatureSet features) {
        this.features = features;
    }

    /** The member of {@code p} (built on first use; a too-old kernel throws each time, as {@link MemberKvm} does). */
    MemberKvm of(HostProfile p) {
        return members.computeIfAbsent(new Key(p), k -> new MemberKvm(p, features));
    }

    /** A profile by identity. */
    private record Key(HostProfile profile) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.profile == profile;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(profile);
        }
    }
}
