package org.cpumodel.planner.json;

import java.util.List;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.profile.Json;

/** {@code check --json}: the host, the model and the kernel's answer at every step, as written (keys in this order). */
public record CheckDocument(String host, String profileId, String modelId, boolean accepted, List<Step> steps) {

    /** One ioctl of the check: the register and value written (hex), the errno, and the deciding field and rule. */
    public record Step(String ioctl, String register, String value, String errno, String field, String rule, String explanation) {
    }

    public static CheckDocument of(ModelCheck.Report r) {
        return new CheckDocument(r.host(), r.profileId(), r.modelId(), r.accepted(), r.steps().stream()
                .map(s -> new Step(s.ioctl(), s.register(), Json.hex(s.value()), s.errno().name(), s.field(), s.rule(), s.explanation())).toList());
    }
}
