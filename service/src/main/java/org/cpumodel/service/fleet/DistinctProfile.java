package org.cpumodel.service.fleet;

import java.util.OptionalLong;
import org.cpumodel.kb.Sysregs;
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
 * <p>{@link #id} is the profile's own content hash ({@link ProfileJson}) with the host name set to
 * {@value #ANONYMOUS}; {@link #document} is that canonical document (written only when asked for: an
 * upload of a profile the inventory has already never needs it). {@link #profile} is what the planner
 * gets: the same content, the id as its profile id and {@link #label} as its name, so every planner
 * text (blockers, pool reasons, model members) names the distinct profile.
 */
public final class DistinctProfile {

    /** The host name every distinct profile's document carries. */
    public static final String ANONYMOUS = "distinct-profile";

    private final HostProfile anonymous;
    private final HostProfile planned;
    private final String label;
    private final String identity;
    private volatile String document;

    private DistinctProfile(HostProfile anonymous, String document) {
        this.anonymous = anonymous;
        this.document = document;
        this.identity = midr(anonymous).isPresent() ? CpuParts.describe(midr(anonymous).getAsLong()) : "unknown";
        String cpu = anonymous.host().cpu() != null ? anonymous.host().cpu()
                : midr(anonymous).isPresent() ? CpuParts.name(midr(anonymous).getAsLong()) : "cpu";
        String hex = anonymous.id().substring(anonymous.id().indexOf(':') + 1);
        this.label = cpu + "@" + anonymous.kernel().major() + "." + anonymous.kernel().minor() + "#" + hex.substring(0, 8);
        HostInfo h = anonymous.host();
        this.planned = new HostProfile(anonymous.id(), new HostInfo(label, h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), h.facts()),
                anonymous.partial(), anonymous.notes(), anonymous.capabilities(), anonymous.masks(), anonymous.gic(), anonymous.featureSets());
    }

    /** The distinct profile of an uploaded host profile. */
    public static DistinctProfile of(HostProfile uploaded) {
        HostInfo h = uploaded.host();
        HostProfile anonymous = new HostProfile(null, new HostInfo(ANONYMOUS, h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), h.facts()),
                uploaded.partial(), uploaded.notes(), uploaded.capabilities(), uploaded.masks(), uploaded.gic(), uploaded.featureSets());
        return new DistinctProfile(ProfileJson.identify(anonymous), null);
    }

    /** A distinct profile read back from the inventory; its content must still hash to {@code id}. */
    public static DistinctProfile stored(String id, String document) {
        HostProfile p = ProfileJson.parse("profile " + id, document);
        if (!p.id().equals(id)) {
            throw new IllegalStateException("inventory: profile " + id + " hashes to " + p.id() + " (edited in the database?)");
        }
        return new DistinctProfile(p, document);
    }

    private static OptionalLong midr(HostProfile p) {
        var v = p.featureSets().get("default");
        return v == null ? OptionalLong.empty() : v.value(Sysregs.MIDR_EL1.NAME);
    }

    public String id() {
        return anonymous.id();
    }

    /** A short name for people and for the planner's texts: CPU, kernel major.minor and the first 8 hex digits of the id. */
    public String label() {
        return label;
    }

    /** The host's CPU as the profile names it (the QEMU model or silicon), else the MIDR's part name. */
    public String cpu() {
        return anonymous.host().cpu() != null ? anonymous.host().cpu() : identity;
    }

    public String kernelRelease() {
        return anonymous.host().kernelRelease();
    }

    /** The CPU identity the default vCPU reads (MIDR_EL1), named; "unknown" when not recorded. */
    public String identity() {
        return identity;
    }

    /** The profile as the planner sees it (id and label as its name). */
    public HostProfile profile() {
        return planned;
    }

    /** The canonical document (pretty JSON, id included). */
    public String document() {
        String d = document;
        if (d == null) {
            d = ProfileJson.write(anonymous);
            document = d;
        }
        return d;
    }
}
