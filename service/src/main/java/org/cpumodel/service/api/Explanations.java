package org.cpumodel.service.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.function.Function;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.service.fleet.DistinctProfile;

/**
 * The one place where the planner's reasons become the API's explanations. Every explanation the API
 * and the web page show has the same shape:
 * <pre>
 * { "register", "field", "hosts": [..], "values": [..],
 *   "rule", "kernelRelease", "verified", "reason" }
 * </pre>
 * {@code rule} is the kernel rule that decided, in words ({@link GuestCpuModel.Blocker#rule()}),
 * {@code kernels} the kernel releases whose rule it is, {@code kernelRelease} the kernel of the
 * blocking host, {@code verified} whether that rule was confirmed on real KVM for those releases
 * ({@code kernel-abi.txt}: false means the verdict rests on an unverified rule; null where the planner
 * gives no rule, e.g. a GIC or identity difference), and {@code reason} a plain sentence.
 */
public final class Explanations {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Explanations() {
    }

    /** A baseline's blocker; {@code byLabel} finds the distinct profile the planner named. */
    public static ObjectNode blocker(GuestCpuModel.Blocker b, Function<String, Optional<DistinctProfile>> byLabel) {
        ObjectNode o = F.objectNode();
        o.put("register", dash(b.register()));
        o.put("field", dash(b.field()));
        ArrayNode hosts = o.putArray("hosts");
        ArrayNode values = o.putArray("values");
        hosts.add(b.host());
        values.add(dash(b.value()) == null ? null : b.value());
        if (dash(b.otherHost()) != null) {
            hosts.add(b.otherHost());
            values.add(dash(b.otherValue()) == null ? null : b.otherValue());
        }
        o.put("rule", dash(b.rule()));
        o.put("kernels", dash(b.kernels()));
        o.put("kernelRelease", byLabel.apply(b.host()).map(DistinctProfile::kernelRelease).orElse(null));
        if (b.verified() == null) {
            o.putNull("verified");
        } else {
            o.put("verified", b.verified());
        }
        o.put("reason", b.why());
        return o;
    }

    public static ArrayNode blockers(GuestCpuModel m, Function<String, Optional<DistinctProfile>> byLabel) {
        ArrayNode a = F.arrayNode();
        m.blockers().forEach(b -> a.add(blocker(b, byLabel)));
        return a;
    }

    /** A step of a model check that the host refused (or accepted). */
    public static ObjectNode step(ModelCheck.Step s, DistinctProfile host) {
        ObjectNode o = F.objectNode();
        o.put("register", dash(s.register()));
        o.put("field", dash(s.field()));
        o.putArray("hosts").add(host.label());
        o.putArray("values").add(String.format("0x%016x", s.value()));
        o.put("rule", dash(s.rule()));
        o.put("kernelRelease", host.kernelRelease());
        o.putNull("verified");
        o.put("reason", s.ioctl() + (s.ok() ? ": OK" : ": " + s.errno().name()) + ": " + s.explanation());
        return o;
    }

    private static String dash(String s) {
        return s == null || s.equals("-") ? null : s;
    }
}
