package org.cpumodel.service.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.Unplaced;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.service.db.Inventory;
import org.cpumodel.service.fleet.DistinctProfile;
import org.cpumodel.service.fleet.FleetSnapshot;
import org.cpumodel.service.fleet.Matrix;
import org.cpumodel.service.fleet.Placement;

/** The API's JSON for fleet objects (the planner's own documents are written by its JSON classes). */
final class Views {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Views() {
    }

    static ObjectNode profile(DistinctProfile p, FleetSnapshot fleet) {
        ObjectNode o = F.objectNode();
        o.put("id", p.id());
        o.put("label", p.label());
        o.put("cpu", p.cpu());
        o.put("identity", p.identity());
        o.put("kernelRelease", p.kernelRelease());
        o.put("hostCount", fleet.hostCount(p.id()));
        HostProfile hp = p.profile();
        ArrayNode fs = o.putArray("featureSets");
        hp.featureSets().keySet().forEach(fs::add);
        o.put("partial", hp.partial());
        o.put("masks", hp.masks() == null ? null : hp.masks().provenance().json());
        o.put("iccCtlr", hp.gic() == null ? null : Json.hex(hp.gic().iccCtlr()));
        return o;
    }

    static ObjectNode host(Inventory.HostRow h, DistinctProfile p) {
        ObjectNode o = F.objectNode();
        o.put("name", h.name());
        o.put("profileId", h.profileId());
        o.put("label", p == null ? null : p.label());
        o.put("uploadId", h.uploadId());
        o.put("uploadedAt", h.uploadedAt().toString());
        return o;
    }

    static ObjectNode modelSummary(GuestCpuModel m) {
        ObjectNode o = F.objectNode();
        o.put("id", m.id());
        o.put("name", m.name());
        o.put("featureSet", m.featureSet().name());
        o.put("possible", m.possible());
        o.put("whatIfGic", m.gic() != null && m.gic().whatIfRange());
        o.put("members", m.members().size());
        return o;
    }

    /** Accepting and refusing profiles with host counts, and up to {@code limit} accepting host names. */
    static ObjectNode placement(Placement pl, FleetSnapshot fleet, int limit) {
        ObjectNode o = F.objectNode();
        o.put("generation", pl.generation());
        o.set("model", modelSummary(pl.model()));
        o.put("source", pl.source());
        // the VM's own host is not a destination
        String sourceProfile = pl.source() == null ? null : fleet.profileOfHost(pl.source()).map(DistinctProfile::id).orElse(null);
        ObjectNode acc = o.putObject("accepting");
        int hostCount = 0;
        ArrayNode profiles = acc.putArray("profiles");
        ArrayNode hosts = F.arrayNode();
        for (DistinctProfile p : pl.accepting()) {
            List<String> names = fleet.hostsOf(p.id());
            boolean hasSource = p.id().equals(sourceProfile);
            int n = names.size() - (hasSource ? 1 : 0);
            profiles.addObject().put("id", p.id()).put("label", p.label()).put("hostCount", n);
            hostCount += n;
            for (int i = 0; i < names.size() && hosts.size() < limit; i++) {
                if (!hasSource || !names.get(i).equals(pl.source())) {
                    hosts.add(names.get(i));
                }
            }
        }
        acc.put("hostCount", hostCount);
        acc.set("hosts", hosts);
        acc.put("truncated", hosts.size() < hostCount);
        ObjectNode ref = o.putObject("refusing");
        int refused = 0;
        ArrayNode rp = ref.putArray("profiles");
        for (DistinctProfile p : pl.refusing()) {
            int n = fleet.hostCount(p.id()) - (p.id().equals(sourceProfile) ? 1 : 0);
            rp.addObject().put("id", p.id()).put("label", p.label()).put("hostCount", n);
            refused += n;
        }
        ref.put("hostCount", refused);
        return o;
    }

    static ObjectNode matrix(Matrix m, FleetSnapshot fleet) {
        ObjectNode o = F.objectNode();
        o.put("generation", m.generation());
        o.put("featureSet", m.features().name());
        o.put("total", m.total());
        ArrayNode ps = o.putArray("profiles");
        m.profiles().forEach(p -> ps.addObject().put("id", p.id()).put("label", p.label()).put("cpu", p.cpu())
                .put("kernelRelease", p.kernelRelease()).put("hostCount", fleet.hostCount(p.id())));
        ArrayNode pool = o.putArray("pool");
        m.pool().forEach(pool::add);
        ArrayNode rel = o.putArray("relation");
        m.relation().forEach(rel::add);
        o.put("legend", "pool: Y share a pool today, W only with the GIC what-if range, N cannot, - same profile; "
                + "relation (row A, column B): = identical, > B runs where A runs, < A runs where B runs, x incompatible, ? not comparable");
        return o;
    }

    /** Pools with their members as distinct profiles (host counts, FEAT_ names each loses), without the baseline documents. */
    static ObjectNode pools(Partition r, FleetSnapshot fleet) {
        ObjectNode o = F.objectNode();
        o.put("generation", fleet.generation());
        o.put("featureSet", r.options().features().name());
        ArrayNode req = o.putArray("require");
        new java.util.TreeSet<>(r.options().require()).forEach(req::add);
        o.put("maxPools", r.options().maxPools());
        o.put("gicWhatIf", r.options().gicWhatIf());
        ArrayNode pools = o.putArray("pools");
        for (Pool p : r.pools()) {
            ObjectNode n = pools.addObject();
            n.put("number", p.number());
            n.put("baselineId", p.baseline().id());
            n.put("whatIfGic", p.baseline().gic() != null && p.baseline().gic().whatIfRange());
            int hosts = 0;
            ArrayNode members = n.putArray("members");
            for (HostProfile h : p.members()) {
                DistinctProfile dp = fleet.profiles().get(h.id());
                ObjectNode m = members.addObject();
                m.put("profileId", h.id());
                m.put("label", h.host().name());
                m.put("cpu", dp == null ? h.host().cpu() : dp.cpu());
                m.put("kernelRelease", h.host().kernelRelease());
                m.put("hostCount", fleet.hostCount(h.id()));
                hosts += fleet.hostCount(h.id());
                ArrayNode lost = m.putArray("featuresLost");
                p.baseline().loss(h.id()).ifPresent(l -> l.lost().forEach(lost::add));
            }
            n.put("hostCount", hosts);
            ArrayNode feats = n.putArray("features");
            Pools.features(p.baseline()).forEach(feats::add);
            ArrayNode sep = n.putArray("separateBecause");
            p.separateBecause().forEach(sep::add);
        }
        ArrayNode un = o.putArray("unplaced");
        for (Unplaced u : r.unplaced()) {
            un.addObject().put("profileId", u.profileId()).put("label", u.name()).put("hostCount", fleet.hostCount(u.profileId())).put("why", u.why());
        }
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        return o;
    }

    /** Counts of hosts by kernel release and by CPU identity. */
    static ObjectNode groups(FleetSnapshot fleet) {
        Map<String, Integer> byKernel = new TreeMap<>();
        Map<String, Integer> byIdentity = new TreeMap<>();
        Map<String, Integer> byCpu = new TreeMap<>();
        for (DistinctProfile p : fleet.profiles().values()) {
            int n = fleet.hostCount(p.id());
            byKernel.merge(p.kernelRelease(), n, Integer::sum);
            byIdentity.merge(p.identity(), n, Integer::sum);
            byCpu.merge(p.cpu(), n, Integer::sum);
        }
        ObjectNode o = F.objectNode();
        ObjectNode k = o.putObject("byKernel");
        byKernel.forEach(k::put);
        ObjectNode i = o.putObject("byIdentity");
        byIdentity.forEach(i::put);
        ObjectNode c = o.putObject("byCpu");
        byCpu.forEach(c::put);
        return o;
    }
}
