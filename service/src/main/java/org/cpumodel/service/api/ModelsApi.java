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
import org.cpumodel.emit.EmitException;
import org.cpumodel.emit.EmitFormat;
import org.cpumodel.emit.Emitters;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.json.PlannerJson;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileFormatException;
import org.cpumodel.service.db.Inventory;
import org.cpumodel.service.fleet.DistinctProfile;
import org.cpumodel.service.fleet.FleetCache;
import org.cpumodel.service.fleet.FleetSnapshot;

/** Guest CPU models: compute and store baselines, upload, list, read, emit in every format, check against a host. */
final class ModelsApi {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> BASELINE_KEYS = Set.of("hosts", "profiles", "featureSet", "gicWhatIf");

    private final Inventory inventory;
    private final FleetCache cache;
    private final Bodies bodies;
    private final ModelLookup models;

    ModelsApi(Inventory inventory, FleetCache cache, Bodies bodies, ModelLookup models) {
        this.inventory = inventory;
        this.cache = cache;
        this.bodies = bodies;
        this.models = models;
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/api/baselines", Access.WRITE, this::baseline),
                ApiRoute.post("/api/models", Access.WRITE, this::upload),
                ApiRoute.get("/api/models", this::list),
                ApiRoute.get("/api/models/{id}", this::model),
                ApiRoute.get("/api/models/{id}/emit", this::emit),
                ApiRoute.get("/api/models/{id}/check", this::check));
    }

    /** {"hosts": [names], "profiles": [ids], "featureSet": "pmu", "gicWhatIf": false}: the baseline of those hosts, stored. */
    private void baseline(Context ctx) {
        JsonNode body = bodies.object(ctx);
        body.fieldNames().forEachRemaining(k -> {
            if (!BASELINE_KEYS.contains(k)) {
                throw ApiException.badRequest("$." + k, "$." + k + ": unknown key (expected hosts, profiles, featureSet, gicWhatIf)");
            }
        });
        FeatureSet fs = Params.featureSet("$.featureSet", text(body, "featureSet"));
        boolean whatIf = bool(body, "gicWhatIf");
        FleetSnapshot s = cache.fresh();
        Map<String, DistinctProfile> members = new LinkedHashMap<>();
        for (String key : List.of("hosts", "profiles")) {
            JsonNode a = body.get(key);
            if (a == null || a.isNull()) {
                continue;
            }
            if (!a.isArray()) {
                throw ApiException.badRequest("$." + key, "$." + key + ": expected an array of " + (key.equals("hosts") ? "host names" : "profile ids"));
            }
            for (int i = 0; i < a.size(); i++) {
                String field = "$." + key + "[" + i + "]";
                if (!a.get(i).isTextual()) {
                    throw ApiException.badRequest(field, field + ": expected a string");
                }
                String ref = a.get(i).asText();
                DistinctProfile p = key.equals("hosts") ? s.profileOfHost(ref).orElse(null) : s.profiles().get(ref);
                if (p == null) {
                    throw ApiException.badRequest(field, field + ": no " + (key.equals("hosts") ? "host" : "profile") + " '" + ref + "' in the fleet");
                }
                members.putIfAbsent(p.id(), p);
            }
        }
        if (members.isEmpty()) {
            throw ApiException.badRequest("$.hosts", "$.hosts: name at least one host (or profile id in $.profiles)");
        }
        GuestCpuModel m = Baseline.compute(members.values().stream().map(DistinctProfile::profile).toList(), new Baseline.Options(fs, whatIf, true));
        boolean created = models.store(m);
        ObjectNode o = F.objectNode();
        o.put("id", m.id());
        o.put("possible", m.possible());
        o.set("blockers", Explanations.blockers(m, s::byLabel));
        o.set("model", ModelJson.toTree(m));
        ctx.header("Location", "/api/models/" + m.id());
        Responses.json(ctx, created ? 201 : 200, o);
    }

    private void upload(Context ctx) {
        String text = bodies.text(ctx);
        GuestCpuModel m;
        try {
            m = ModelJson.parse("request body", text);
        } catch (ProfileFormatException e) {
            throw InventoryApi.badDocument(e);
        }
        boolean created = models.store(m);
        ctx.header("Location", "/api/models/" + m.id());
        Responses.json(ctx, created ? 201 : 200, Views.modelSummary(m));
    }

    private void list(Context ctx) {
        ObjectNode o = F.objectNode();
        ArrayNode a = o.putArray("models");
        for (Inventory.ModelRow r : inventory.models()) {
            a.addObject().put("id", r.id()).put("name", r.name()).put("featureSet", r.featureSet()).put("possible", r.possible())
                    .put("whatIfGic", r.whatIfGic()).put("members", r.members()).put("createdAt", r.createdAt().toString());
        }
        Responses.json(ctx, 200, o);
    }

    private void model(Context ctx) {
        Responses.raw(ctx, 200, "application/json", ModelJson.write(models.byId("id", ctx.pathParam("id"))));
    }

    /** The model as QEMU, libvirt, Firecracker or KVM-plan configuration; warnings in X-Cpumodel-Warning headers. */
    private void emit(Context ctx) {
        GuestCpuModel m = models.byId("id", ctx.pathParam("id"));
        EmitFormat f = Params.format(ctx);
        String hostRef = Params.optional(ctx, "host");
        DistinctProfile host = null;
        if (hostRef != null) {
            host = cache.fresh().resolve(hostRef).orElseThrow(() -> ApiException.notFound("host", "no host or profile '" + hostRef + "' in the fleet"));
        }
        Emitters.Emitted e;
        try {
            e = Emitters.emit(f, m, host == null ? null : host.profile());
        } catch (EmitException ex) {
            throw ApiException.badRequest("format", "format " + f.id() + ": " + ex.getMessage());
        }
        e.warnings().forEach(w -> ctx.res().addHeader("X-Cpumodel-Warning", w.replaceAll("[\\r\\n]+", " ")));
        if (Params.flag(ctx, "download")) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + m.shortId() + "." + extension(f) + "\"");
        }
        Responses.raw(ctx, 200, contentType(f), e.text());
    }

    static String contentType(EmitFormat f) {
        return switch (f) {
            case QEMU -> "text/plain";
            case LIBVIRT -> "application/xml";
            case FIRECRACKER, KVM -> "application/json";
        };
    }

    static String extension(EmitFormat f) {
        return switch (f) {
            case QEMU -> "qemu.txt";
            case LIBVIRT -> "libvirt.xml";
            case FIRECRACKER -> "firecracker.json";
            case KVM -> "kvm-plan.json";
        };
    }

    /** The model applied to one host's (reference) KVM, step by step. */
    private void check(Context ctx) {
        GuestCpuModel m = models.byId("id", ctx.pathParam("id"));
        String ref = Params.required(ctx, "host");
        DistinctProfile p = cache.fresh().resolve(ref).orElseThrow(() -> ApiException.notFound("host", "no host or profile '" + ref + "' in the fleet"));
        ModelCheck.Report r = ModelCheck.run(m, p.profile());
        ObjectNode o = F.objectNode();
        o.put("host", ref);
        o.put("profileId", p.id());
        o.put("accepted", r.accepted());
        List<ObjectNode> refused = new ArrayList<>();
        r.steps().stream().filter(st -> !st.ok()).forEach(st -> refused.add(Explanations.step(st, p)));
        o.putArray("explanations").addAll(refused);
        o.set("report", PlannerJson.check(r));
        Responses.json(ctx, 200, o);
    }

    private static String text(JsonNode body, String key) {
        JsonNode n = body.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest("$." + key, "$." + key + ": expected a string");
        }
        return n.asText();
    }

    static boolean bool(JsonNode body, String key) {
        JsonNode n = body.get(key);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw ApiException.badRequest("$." + key, "$." + key + ": expected true or false");
        }
        return n.asBoolean();
    }
}
