package org.cpumodel.kernel.abi;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostFacts;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;

/**
 * The terms a model's verdict states for one host: its conditions (hidden host values the host's
 * profile does not record, such as the sanitised ID_AA64PFR0_EL1.MPAM, assumed as the model says)
 * filled into the profile, so that {@code check} and {@code verify --dry-run} judge the model on the
 * same terms and cannot disagree. A fact the profile records always wins; the counter-frequency
 * condition is no register fact and is judged apart.
 */
public final class ModelConditions {

    private ModelConditions() {
    }

    /** The model's conditions that concern {@code p}'s host (counter frequency excluded). */
    public static List<GuestCpuModel.Condition> of(GuestCpuModel model, HostProfile p) {
        return model.conditions().stream()
                .filter(c -> c.host().equals(p.host().name()) && !c.register().equals(HostFacts.COUNTER_FREQUENCY_REGISTER))
                .toList();
    }

    /** {@code p} with the host facts the model assumes for it. */
    public static HostProfile apply(GuestCpuModel model, HostProfile p) {
        List<GuestCpuModel.Condition> mine = of(model, p);
        if (mine.isEmpty()) {
            return p;
        }
        SortedMap<String, String> facts = new TreeMap<>(p.host().facts());
        for (GuestCpuModel.Condition c : mine) {
            facts.putIfAbsent(Precheck.hiddenFact(c.register(), c.field()), "0x" + Long.toHexString(c.assumed()));
        }
        HostInfo h = p.host();
        return new HostProfile(p.id(), new HostInfo(h.name(), h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), facts),
                p.partial(), p.notes(), p.capabilities(), p.masks(), p.gic(), p.featureSets());
    }
}
