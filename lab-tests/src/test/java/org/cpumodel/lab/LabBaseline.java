package org.cpumodel.lab;

import java.nio.file.Path;
import java.util.Collection;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;

/**
 * The planner as the lab tests ask it: the baseline of a pool ({@code Baseline.compute}) and the
 * first refusal of a model on a host ({@code ModelCheck}). Called directly: a planner that cannot
 * be loaded, or a class that moved, fails the test instead of falling back to another answer.
 */
final class LabBaseline {

    record Result(GuestCpuModel model, String source) {
    }

    private LabBaseline() {
    }

    /** The planner's check of a model against a host: the first refusal as {register, field, errno}, or null when accepted. */
    static String[] plannerFirstRefusal(Path root, GuestCpuModel model, HostProfile host) {
        return ModelCheck.run(model, host).firstRefusal()
                .map(s -> new String[] {s.register(), s.field(), String.valueOf(s.errno())})
                .orElse(null);
    }

    static Result compute(Path root, Collection<HostProfile> hosts, FeatureSet fs) {
        return new Result(ModelJson.identify(Baseline.compute(hosts, fs)), "planner Baseline");
    }
}
