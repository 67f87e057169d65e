package org.cpumodel.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.planner.json.PlannerJson;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.service.db.Inventory;
import org.cpumodel.service.fleet.DistinctProfile;
import org.cpumodel.service.fleet.FleetCache;
import org.cpumodel.service.fleet.FleetSnapshot;
import org.cpumodel.service.fleet.Matrix;
import org.cpumodel.service.fleet.Placement;

/** Questions about the whole fleet: placement, pools (current and stored), the compatibility matrix, explanations, the GIC what-if. */
final class FleetApi {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> POOL_KEYS = Set.of("featureSet", "gicWhatIf", "require", "maxPools");

    private final Inventory inventory;
    private final FleetCache cache;
    private final Bodies bodies;
    private final ModelLookup models;

    FleetApi(Inventory inventory, FleetCache cache, Bodies bodies, ModelLookup models) {
        this.inventory = inventory;
        this.cache = cache;
        this.bodies = bodies;
        this.models = models;
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/placement", this::placement),
                ApiRoute.get("/api/pools", this::currentPools),
                ApiRoute.post("/api/pools", Access.WRITE, this::storePools),
                ApiRoute.get("/api/pool-sets", this::poolSets),
                ApiRoute.get("/api/pool-sets/{id}", this::poolSet),
                ApiRoute.get("/api/matrix", this::matrix),
                ApiRoute.get("/api/explain", this::explain),
                ApiRoute.get("/api/gic-what-if", this::gicWhatIf));
    }

    /** Where may a VM go: ?model=ID (a stored model) or ?host=NAME (a VM running there with that host's own model). */
    private void placement(Context ctx) {
        String modelId = Params.optional(ctx, "model");
        String host = Params.optional(ctx, "host");
        if ((modelId == null) == (host == null)) {
            throw ApiException.badRequest("model", "give exactly one of 'model' (a model id) and 'host' (the VM's source host)");
        }
        int limit = Params.integer(ctx, "limit", 100, 0, 1_000_000);
        FleetSnapshot s = cache.snapshot();
        GuestCpuModel m;
        if (modelId != null) {
            m = models.byId("model", modelId);
        } else {
            if (!s.hosts().containsKey(host)) {
                s = cache.fresh();
            }
            DistinctProfile p = s.profileOfHost(host).orElseThrow(() -> ApiException.notFound("host", "no host '" + host + "' in the fleet"));
            m = cache.planning().ownModel(p, Params.featureSet(ctx), Params.flag(ctx, "gicWhatIf"));
            if (!m.possible()) {
                FleetSnapshot fleet = s;
                throw new ApiException(409, "host", "host '" + host + "' cannot run a model of vCPU features '" + m.featureSet() + "' even alone: "
                        + Explanations.blocker(m.blockers().get(0), fleet::byLabel).path("reason").asText());
            }
        }
        Placement pl = Placement.of(s, cache.planning(), m, host);
        ObjectNode o = Views.placement(pl, s, limit);
        if (Params.flag(ctx, "explain")) {
            ArrayNode why = o.putArray("why");
            for (DistinctProfile p : pl.refusing()) {
                ModelCheck.Report r = ModelCheck.run(m, p.profile());
                r.firstRefusal().ifPresent(st -> why.add(Explanations.step(st, p)));
            }
        }
        Responses.json(ctx, 200, o);
    }

    private record PoolsKey(PoolOptions options) {
    }

    /** The pools of the current fleet (computed once per generation and options); their baselines are stored as models. */
    private Partition pools(FleetSnapshot s, PoolOptions o) {
        return s.view(new PoolsKey(o), k -> {
            Partition r = Pools.partition(s.profiles().values().stream().map(DistinctProfile::profile).toList(), o);
            r.pools().forEach(p -> models.store(p.baseline()));
            return r;
        });
    }

    private static PoolOptions poolOptions(FeatureSet fs, boolean whatIf, Set<String> require, int maxPools) {
        return new PoolOptions(fs, require, maxPools, whatIf);
    }

    private void currentPools(Context ctx) {
        FleetSnapshot s = cache.snapshot();
        PoolOptions o = poolOptions(Params.featureSet(ctx), Params.flag(ctx, "gicWhatIf"), Params.features("require", ctx.queryParam("require")),
                Params.integer(ctx, "maxPools", 0, 0, 100_000));
        Responses.json(ctx, 200, Views.pools(pools(s, o), s));
    }

    /** {"featureSet", "gicWhatIf", "require": [FEAT_...], "maxPools"}: the pools of the fleet now, stored as a pool set. */
    private void storePools(Context ctx) {
        JsonNode body = bodies.object(ctx);
        body.fieldNames().forEachRemaining(k -> {
            if (!POOL_KEYS.contains(k)) {
                throw ApiException.badRequest("$." + k, "$." + k + ": unknown key (expected featureSet, gicWhatIf, require, maxPools)");
            }
        });
        JsonNode fsNode = body.get("featureSet");
        if (fsNode != null && !fsNode.isNull() && !fsNode.isTextual()) {
            throw ApiException.badRequest("$.featureSet", "$.featureSet: expected a string");
        }
        FeatureSet fs = Params.featureSet("$.featureSet", fsNode == null || fsNode.isNull() ? null : fsNode.asText());
        boolean whatIf = ModelsApi.bool(body, "gicWhatIf");
        List<String> req = new ArrayList<>();
        JsonNode r = body.get("require");
        if (r != null && !r.isNull()) {
            if (!r.isArray()) {
                throw ApiException.badRequest("$.require", "$.require: expected an array of FEAT_ names");
            }
            for (int i = 0; i < r.size(); i++) {
                req.add(r.get(i).asText());
            }
        }
        Set<String> require = Params.features("$.require", String.join(",", req));
        int maxPools = 0;
        JsonNode mp = body.get("maxPools");
        if (mp != null && !mp.isNull()) {
            if (!mp.isInt() || mp.asInt() < 0) {
                throw ApiException.badRequest("$.maxPools", "$.maxPools: expected a non-negative integer");
            }
            maxPools = mp.asInt();
        }
        FleetSnapshot s = cache.fresh();
        PoolOptions o = poolOptions(fs, whatIf, require, maxPools);
        Partition result = pools(s, o);
        ObjectNode report = Views.pools(result, s);
        List<Inventory.PoolRow> rows = new ArrayList<>();
        Map<Inventory.ModelRow, String> baselines = new LinkedHashMap<>();
        for (Pool p : result.pools()) {
            rows.add(new Inventory.PoolRow(p.number(), p.baseline().id(), p.members().stream().map(HostProfile::id).toList()));
            baselines.put(ModelLookup.row(p.baseline()), org.cpumodel.profile.ModelJson.write(p.baseline()));
        }
        ObjectNode options = F.objectNode().put("featureSet", fs.name()).put("gicWhatIf", whatIf).put("maxPools", maxPools);
        require.forEach(options.putArray("require")::add);
        long id = inventory.storePoolSet(new Inventory.PoolSetRow(0, s.generation(), fs.name(), whatIf, options.toString(), null),
                report.toString(), rows, baselines);
        report.put("id", id);
        ctx.header("Location", "/api/pool-sets/" + id);
        Responses.json(ctx, 201, report);
    }

    private void poolSets(Context ctx) {
        ObjectNode o = F.objectNode();
        ArrayNode a = o.putArray("poolSets");
        for (Inventory.PoolSetRow r : inventory.poolSets()) {
            a.addObject().put("id", r.id()).put("generation", r.generation()).put("featureSet", r.featureSet()).put("gicWhatIf", r.whatIfGic())
                    .put("createdAt", r.createdAt().toString()).set("options", Bodies.parse(r.options()));
        }
        Responses.json(ctx, 200, o);
    }

    private void poolSet(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id", "id: expected the number of a pool set, not '" + ctx.pathParam("id") + "'");
        }
        String report = inventory.poolSetReport(id).orElseThrow(() -> ApiException.notFound("id", "no pool set " + id));
        ObjectNode o = (ObjectNode) Bodies.parse(report);
        o.put("id", id);
        Responses.json(ctx, 200, o);
    }

    private record MatrixKey(FeatureSet fs, int limit) {
    }

    private void matrix(Context ctx) {
        FleetSnapshot s = cache.snapshot();
        FeatureSet fs = Params.featureSet(ctx);
        int limit = Params.integer(ctx, "limit", 200, 1, 1000);
        Matrix m = s.view(new MatrixKey(fs, limit), k -> Matrix.of(s, cache.planning(), fs, limit));
        Responses.json(ctx, 200, Views.matrix(m, s));
    }

    /** Why two hosts or profiles can or cannot share a pool, field by field: the pair's baseline and their comparison. */
    private void explain(Context ctx) {
        FleetSnapshot s = cache.snapshot();
        DistinctProfile a = ref(s, ctx, "a");
        DistinctProfile b = ref(s, ctx, "b");
        FeatureSet fs = Params.featureSet(ctx);
        boolean whatIf = Params.flag(ctx, "gicWhatIf");
        ObjectNode o = F.objectNode();
        o.put("generation", s.generation());
        o.put("featureSet", fs.name());
        o.put("gicWhatIf", whatIf);
        o.set("a", Views.profile(a, s));
        o.set("b", Views.profile(b, s));
        List<HostProfile> pair = a.id().equals(b.id()) ? List.of(a.profile()) : List.of(a.profile(), b.profile());
        GuestCpuModel now = Baseline.compute(pair, new Baseline.Options(fs, false, false));
        GuestCpuModel range = whatIf || !now.possible() ? Baseline.compute(pair, new Baseline.Options(fs, true, false)) : now;
        GuestCpuModel shown = whatIf ? range : now;
        o.put("possibleToday", now.possible());
        o.put("possibleWithGicRange", range.possible());
        o.set("blockers", Explanations.blockers(shown, s::byLabel));
        ArrayNode losses = o.putArray("losses");
        shown.losses().forEach(l -> {
            ObjectNode n = losses.addObject().put("profileId", l.profileId()).put("label", l.name());
            l.lost().forEach(n.putArray("lost")::add);
        });
        ArrayNode lowered = o.putArray("lowered");
        shown.lowered().forEach(l -> lowered.addObject().put("register", l.register()).put("field", l.field()).put("value", l.valueName())
                .put("rule", l.rule()).put("reason", l.reason()));
        try {
            o.set("compare", PlannerJson.compare(Compare.compare(Compare.Side.of(a.profile(), fs), Compare.Side.of(b.profile(), fs))));
        } catch (IllegalArgumentException e) {
            o.put("compare", (String) null);
            o.put("compareNote", e.getMessage());
        }
        Responses.json(ctx, 200, o);
    }

    private DistinctProfile ref(FleetSnapshot s, Context ctx, String name) {
        String r = Params.required(ctx, name);
        return s.resolve(r).or(() -> cache.fresh().resolve(r))
                .orElseThrow(() -> ApiException.notFound(name, name + ": no host or profile '" + r + "' in the fleet"));
    }

    private record WhatIfKey(FeatureSet fs, int limit) {
    }

    private void gicWhatIf(Context ctx) {
        FleetSnapshot s = cache.snapshot();
        FeatureSet fs = Params.featureSet(ctx);
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        GicWhatIf.Report r = s.view(new WhatIfKey(fs, limit),
                k -> GicWhatIf.analyse(s.profiles().values().stream().limit(limit).map(DistinctProfile::profile).toList(), fs));
        ObjectNode o = PlannerJson.gicWhatIf(r);
        o.put("generation", s.generation());
        o.put("featureSet", fs.name());
        o.put("profilesAnalysed", Math.min(limit, s.profiles().size()));
        Responses.json(ctx, 200, o);
    }
}
