package org.cpumodel.migration;

import org.cpumodel.profile.HostFacts;
import java.util.List;
import java.util.function.Consumer;
import org.cpumodel.collect.CounterFrequency;
import org.cpumodel.collect.HostCollector;
import org.cpumodel.collect.HostFiles;
import org.cpumodel.collect.SanitisedFieldProbe;
import org.cpumodel.host.FfmKvm;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.vmm.layout.MemoryMap;

/**
 * The source's {@link Offer}: the model the guest was booted with, or, for a guest on the host's own
 * CPU, the planner's baseline of this host alone (what the guest has seen: every register as KVM
 * gives it here), so the destination's check fails at the field that differs; plus this host's
 * counter frequency, read in a scratch guest.
 */
public final class SourceOffer {

    private SourceOffer() {
    }

    /** {@code modelJson} null: the guest runs on this host's own CPU. */
    public static Offer make(String modelJson, MemoryMap map, Consumer<String> progress) {
        try (FfmKvm kvm = FfmKvm.open()) {
            long hz = CounterFrequency.read(kvm);
            String json = modelJson;
            HostProfile self = null;
            if (json == null) {
                HostProfile measured = SanitisedFieldProbe.addFacts(
                        new HostCollector(kvm, HostFiles.system(), progress).collect(List.of(FeatureSet.DEFAULT), null).profile(), kvm);
                self = identified(measured, hz);
                json = ownModel(self);
            }
            String name = self != null ? self.host().name() : hostname();
            return new Offer(json, modelJson != null, map.cpus(), map.ramSize(), hz, name);
        }
    }

    /** The measured profile with its counter frequency and its content id (which the model names as its member). */
    static HostProfile identified(HostProfile measured, long hz) {
        return ProfileJson.document(HostFacts.withCounterFrequency(measured, hz)).profile();
    }

    /** The model JSON of one host alone: the planner's baseline of its profile, what a guest on its own CPU has seen. */
    static String ownModel(HostProfile self) {
        GuestCpuModel own = Baseline.compute(List.of(self), FeatureSet.DEFAULT);
        return ModelJson.write(own);
    }

    static String hostname() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException e) {
            return "source";
        }
    }
}
