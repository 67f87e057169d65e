package org.cpumodel.service.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileFormatException;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.service.db.Inventory;
import org.cpumodel.service.fleet.DistinctProfile;
import org.cpumodel.service.fleet.FleetCache;
import org.cpumodel.service.fleet.FleetSnapshot;

/** Hosts and their profiles: upload, list, look up, delete, and the fleet overview. */
final class InventoryApi {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** "source: $.path: problem", as the profile parser words its errors. */
    private static final Pattern PARSER_PATH = Pattern.compile("^[^:]*: (\\$[^:]*): ");

    private final Inventory inventory;
    private final FleetCache cache;
    private final Bodies bodies;

    InventoryApi(Inventory inventory, FleetCache cache, Bodies bodies) {
        this.inventory = inventory;
        this.cache = cache;
        this.bodies = bodies;
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/api/profiles", Access.WRITE, this::upload),
                ApiRoute.get("/api/profiles", this::profiles),
                ApiRoute.get("/api/profiles/{id}", this::profile),
                ApiRoute.get("/api/hosts", this::hosts),
                ApiRoute.get("/api/hosts/{name}", this::host),
                ApiRoute.delete("/api/hosts/{name}", this::deleteHost),
                ApiRoute.get("/api/fleet", this::fleet));
    }

    /** The profile parser's error as a 400 naming the JSON path. */
    static ApiException badDocument(ProfileFormatException e) {
        Matcher m = PARSER_PATH.matcher(e.getMessage());
        return ApiException.badRequest(m.find() ? m.group(1) : "body", e.getMessage());
    }

    private void upload(Context ctx) {
        String text = bodies.text(ctx);
        HostProfile uploaded;
        try {
            uploaded = ProfileJson.parse("request body", text);
        } catch (ProfileFormatException e) {
            throw badDocument(e);
        }
        String name = uploaded.host().name();
        checkHostName(name);
        DistinctProfile p = DistinctProfile.of(uploaded);
        Inventory.UploadResult r = inventory.upload(name, uploaded.id(),
                new Inventory.ProfileRow(p.id(), p.label(), p.cpu(), p.kernelRelease(), p.identity(), p::document));
        if (r.outcome() != Inventory.Outcome.UNCHANGED) {
            cache.changed(r.generation(), true);
        }
        ObjectNode o = F.objectNode();
        o.put("host", r.host());
        o.put("profileId", r.profileId());
        o.put("label", p.label());
        o.put("uploadId", r.uploadId());
        o.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        o.put("newProfile", r.newProfile());
        o.put("generation", r.generation());
        ctx.header("Location", "/api/hosts/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        Responses.json(ctx, r.outcome() == Inventory.Outcome.CREATED ? 201 : 200, o);
    }

    static void checkHostName(String name) {
        if (name.isBlank() || name.length() > 255) {
            throw ApiException.badRequest("$.host.name", "$.host.name: a host name must have 1 to 255 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '/') {
                throw ApiException.badRequest("$.host.name", "$.host.name: control characters and '/' are not allowed in a host name");
            }
        }
    }

    private void profiles(Context ctx) {
        FleetSnapshot s = cache.snapshot();
        ObjectNode o = F.objectNode();
        o.put("generation", s.generation());
        ArrayNode a = o.putArray("profiles");
        s.profiles().values().forEach(p -> a.add(Views.profile(p, s)));
        Responses.json(ctx, 200, o);
    }

    private void profile(Context ctx) {
        String id = ctx.pathParam("id");
        DistinctProfile p = cache.snapshot().profiles().get(id);
        String doc = p != null ? p.document() : inventory.profileDocuments(List.of(id)).get(id);
        if (doc == null) {
            throw ApiException.notFound("id", "no profile " + id + " (GET /api/profiles lists them)");
        }
        Responses.raw(ctx, 200, "application/json", doc);
    }

    private void hosts(Context ctx) {
        FleetSnapshot s = cache.snapshot();
        String profile = Params.optional(ctx, "profile");
        int limit = Params.integer(ctx, "limit", 1000, 1, 100_000);
        int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        List<String> names = profile != null ? s.hostsOf(profile) : List.copyOf(s.hosts().keySet());
        ObjectNode o = F.objectNode();
        o.put("generation", s.generation());
        o.put("total", names.size());
        o.put("offset", offset);
        ArrayNode a = o.putArray("hosts");
        for (int i = offset; i < names.size() && a.size() < limit; i++) {
            Inventory.HostRow h = s.hosts().get(names.get(i));
            a.add(Views.host(h, s.profiles().get(h.profileId())));
        }
        Responses.json(ctx, 200, o);
    }

    private void host(Context ctx) {
        String name = ctx.pathParam("name");
        FleetSnapshot s = cache.snapshot();
        if (!s.hosts().containsKey(name)) {
            s = cache.fresh();
        }
        Inventory.HostRow h = s.hosts().get(name);
        if (h == null) {
            throw ApiException.notFound("name", "no host '" + name + "' (GET /api/hosts lists them)");
        }
        DistinctProfile p = s.profiles().get(h.profileId());
        ObjectNode o = Views.host(h, p);
        o.set("profile", Views.profile(p, s));
        o.put("generation", s.generation());
        Responses.json(ctx, 200, o);
    }

    private void deleteHost(Context ctx) {
        String name = ctx.pathParam("name");
        long g = inventory.deleteHost(name).orElseThrow(() -> ApiException.notFound("name", "no host '" + name + "'"));
        cache.changed(g, true);
        ctx.status(204);
    }

    private void fleet(Context ctx) {
        FleetSnapshot s = cache.snapshot();
        ObjectNode o = F.objectNode();
        o.put("generation", s.generation());
        o.put("hostCount", s.hosts().size());
        o.put("profileCount", s.profiles().size());
        ArrayNode a = o.putArray("profiles");
        s.profiles().values().forEach(p -> {
            ObjectNode n = Views.profile(p, s);
            ArrayNode sample = n.putArray("hosts");
            s.hostsOf(p.id()).stream().limit(20).forEach(sample::add);
            a.add(n);
        });
        o.set("groups", Views.groups(s));
        Responses.json(ctx, 200, o);
    }
}
