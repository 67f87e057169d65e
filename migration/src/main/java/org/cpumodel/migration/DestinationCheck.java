package org.cpumodel.migration;

import org.cpumodel.profile.HostFacts;
import java.util.Locale;
import java.util.function.Consumer;
import org.cpumodel.collect.CounterFrequency;
import org.cpumodel.collect.HostCollector;
import org.cpumodel.collect.HostFiles;
import org.cpumodel.collect.SanitisedFieldProbe;
import org.cpumodel.host.FfmKvm;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;

/**
 * The destination's decision on an {@link Offer}, made against this host as it is now (a live
 * profile collected here, as {@code cpumodel collect} does, and CNTFRQ_EL0 read in a scratch
 * guest), not against a profile on file: the counter frequencies must be equal, then the planner's
 * {@link ModelCheck} of the offered model against the live profile must pass. A refusal names the
 * register, the field and the rule.
 */
public final class DestinationCheck {

    /** The feature sets a destination collects (those of {@code cpumodel collect}). */
    public static final String FEATURE_SETS = "default,pmu,sve,ptrauth,el2";

    /** This host now: its profile and counter frequency. */
    public record Live(HostProfile profile, long counterHz) {
    }

    private DestinationCheck() {
    }

    /** Collects this host's live profile and counter frequency through /dev/kvm. */
    public static Live collect(Consumer<String> progress) {
        try (FfmKvm kvm = FfmKvm.open()) {
            HostCollector.Result r = new HostCollector(kvm, HostFiles.system(), progress).collect(HostCollector.parseFeatureSets(FEATURE_SETS), null);
            HostProfile p = SanitisedFieldProbe.addFacts(r.profile(), kvm);
            long hz = CounterFrequency.read(kvm);
            return new Live(ProfileJson.document(HostFacts.withCounterFrequency(p, hz)).profile(), hz);
        }
    }

    /** The verdict on {@code offer} for the host {@code live}. */
    public static Verdict decide(Offer offer, Live live) {
        if (offer.counterHz() != live.counterHz()) {
            return new Verdict(false, "CNTFRQ_EL0", "-", "counter-frequency-equal", String.format(Locale.ROOT,
                    "the source's system counter runs at %s, this host's at %s; KVM does not virtualise CNTFRQ_EL0, so the guest would keep"
                            + " time at the wrong rate here: move it only between hosts whose counters run at the same frequency",
                    CounterFrequency.describe(offer.counterHz()), CounterFrequency.describe(live.counterHz())));
        }
        GuestCpuModel model;
        try {
            model = ModelJson.parse("the model offered by " + offer.source(), offer.modelJson());
        } catch (RuntimeException e) {
            return new Verdict(false, "-", "-", "model-readable", "the offered model is not readable: " + e.getMessage());
        }
        ModelCheck.Report r = ModelCheck.run(model, live.profile());
        var first = r.firstRefusal();
        if (first.isPresent()) {
            ModelCheck.Step s = first.get();
            return new Verdict(false, s.register(), s.field(), s.rule(), String.format(Locale.ROOT, "%s %s = 0x%x: %s (%s)%s", s.ioctl(), s.register(),
                    s.value(), s.explanation(), s.errno().name(), offer.bootedWithModel() ? ""
                            : "; the guest was booted on its host's own CPU: boot it under the pool's model ('cpumodel baseline') to move it"));
        }
        return Verdict.accept(String.format(Locale.ROOT, "the planner's check of %s against this host's live profile (%s) passed, %d steps; counter %s on both",
                model.name() == null ? "the model" : "model " + model.name(), live.profile().host().name(), r.steps().size(),
                CounterFrequency.describe(live.counterHz())));
    }
}
