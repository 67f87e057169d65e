package org.cpumodel.service.fleet;

import org.cpumodel.profile.CpuParts;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;

/**
 * A host profile without the host's name: what a host's KVM presents (registers, masks, GIC, kernel,
 * capabilities, identity facts). Hosts with the same hardware, firmware and kernel share one, so the
 * service plans over distinct profiles and counts hosts per profile; a fleet of 100,000 hosts built
 * from a few hundred kinds of machine costs a few hundred profiles to plan.
 *
 * <p>{@code id} is the profile's own content hash ({@link ProfileJson}) with the host name set to
 * {@value #ANONYMOUS}; {@code document} is that canonical document. {@code profile} is what the planner
 * gets: the same content, {@code id} as its profile id and {@code label} as its name, so every
 * planner text (blockers, pool reasons, model members) names the distinct profile.
 */
public record DistinctProfile(String id, String label, String cpu, String kernelRelease, String identity, HostProfile profile,
                              String document) {

    /** The host name every distinct profile's document carries. */
    public static final String ANONYMOUS = "distinct-profile";

    /** The distinct profile of an uploaded host profile. */
    public static DistinctProfile of(HostProfile uploaded) {
        HostInfo h = uploaded.host();
        HostProfile anonymous = new HostProfile(null, new HostInfo(ANONYMOUS, h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), h.facts()),
                uploaded.partial(), uploaded.notes(), uploaded.capabilities(), uploaded.masks(), uploaded.gic(), uploaded.featureSets());
        ProfileJson.Document doc = ProfileJson.document(anonymous);
        return of(doc.profile(), doc.json());
    }

    /** A distinct profile read back from the inventory; its content must still hash to {@code id}. */
    public static DistinctProfile stored(String id, String document) {
        HostProfile p = ProfileJson.parse("profile " + id, document);
        if (!p.id().equals(id)) {
            throw new IllegalStateException("inventory: profile " + id + " hashes to " + p.id() + " (edited in the database?)");
        }
        return of(p, document);
    }

    private static DistinctProfile of(HostProfile anonymous, String document) {
        String identity = identity(anonymous);
        String cpu = anonymous.host().cpu() != null ? anonymous.host().cpu() : identity;
        String label = (anonymous.host().cpu() != null ? anonymous.host().cpu() : shortName(anonymous)) + "@"
                + anonymous.kernel().major() + "." + anonymous.kernel().minor() + "#" + anonymous.id().substring(anonymous.id().indexOf(':') + 1, anonymous.id().indexOf(':') + 9);
        HostInfo h = anonymous.host();
        HostProfile planned = new HostProfile(anonymous.id(), new HostInfo(label, h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), h.facts()),
                anonymous.partial(), anonymous.notes(), anonymous.capabilities(), anonymous.masks(), anonymous.gic(), anonymous.featureSets());
        return new DistinctProfile(anonymous.id(), label, cpu, h.kernelRelease(), identity, planned, document);
    }

    /** The CPU identity the default vCPU reads (MIDR_EL1), named; "unknown" when not recorded. */
    private static String identity(HostProfile p) {
        var v = p.featureSets().get("default");
        if (v == null) {
            return "unknown";
        }
        var midr = v.value("MIDR_EL1");
        return midr.isPresent() ? CpuParts.describe(midr.getAsLong()) : "unknown";
    }

    private static String shortName(HostProfile p) {
        var v = p.featureSets().get("default");
        var midr = v == null ? java.util.OptionalLong.empty() : v.value("MIDR_EL1");
        return midr.isPresent() ? CpuParts.name(midr.getAsLong()) : "cpu";
    }
}
