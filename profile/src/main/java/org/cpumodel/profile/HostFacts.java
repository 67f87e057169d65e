package org.cpumodel.profile;

import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The host facts a profile records beyond its registers, by name, and how they are read: written by
 * {@code collect}, read by the planner, the VMM's migration checks and the service. One place for
 * each name. (The hidden values of fields a kernel hides are facts too: see
 * {@code org.cpumodel.kernel.abi.Precheck#hiddenFact}.)
 */
public final class HostFacts {

    /**
     * CNTFRQ_EL0 in Hz, as a guest of the host reads it. A profile without it (an import, an older
     * collect) does not know its host's counter frequency; {@code cpumodel collect} measures it.
     */
    public static final String COUNTER_FREQUENCY_HZ = "counter.frequency_hz";

    /**
     * The register that fact is read from, as models, blockers, conditions and verdicts name it
     * (not in the knowledge base: KVM neither traps it nor offers it to userspace).
     */
    public static final String COUNTER_FREQUENCY_REGISTER = "CNTFRQ_EL0";

    private HostFacts() {
    }

    /** The counter frequency a profile records (Hz), empty when it does not know it. */
    public static OptionalLong counterFrequencyHz(HostProfile p) {
        String v = p.host().facts().get(COUNTER_FREQUENCY_HZ);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            long hz = Long.parseLong(v);
            return hz > 0 ? OptionalLong.of(hz) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code p} with the counter frequency {@code hz} recorded, and no content id (ProfileJson computes it). */
    public static HostProfile withCounterFrequency(HostProfile p, long hz) {
        SortedMap<String, String> facts = new TreeMap<>(p.host().facts());
        facts.put(COUNTER_FREQUENCY_HZ, Long.toString(hz));
        HostInfo h = p.host();
        return new HostProfile(null, new HostInfo(h.name(), h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), facts), p.partial(), p.notes(),
                p.capabilities(), p.masks(), p.gic(), p.featureSets());
    }
}
