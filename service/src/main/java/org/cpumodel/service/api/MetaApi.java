package org.cpumodel.service.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cpumodel.service.db.Inventory;
import org.cpumodel.service.fleet.FleetCache;

/** The service's own description: status (instance, database, cache) and the OpenAPI document. */
final class MetaApi {

    /** The OpenAPI document of this API, checked against the registered routes by a test. */
    static final String OPENAPI = "/org/cpumodel/service/api/openapi.json";

    private final Inventory inventory;
    private final FleetCache cache;
    private final String instance;
    private final Auth auth;
    private final long maxUpload;
    private final String openApi;

    MetaApi(Inventory inventory, FleetCache cache, String instance, Auth auth, long maxUpload) {
        this.inventory = inventory;
        this.cache = cache;
        this.instance = instance;
        this.auth = auth;
        this.maxUpload = maxUpload;
        this.openApi = openApiDocument();
    }

    static String openApiDocument() {
        try (InputStream in = MetaApi.class.getResourceAsStream(OPENAPI)) {
            if (in == null) {
                throw new IllegalStateException("the service jar lacks " + OPENAPI);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/status", this::status),
                ApiRoute.get("/api/openapi.json", ctx -> Responses.raw(ctx, 200, "application/json", openApi)));
    }

    private void status(Context ctx) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("service", "cpumodel");
        o.put("instance", instance);
        o.put("database", inventory.database().url().display());
        o.put("vendor", inventory.database().vendor().name().toLowerCase(java.util.Locale.ROOT));
        o.put("protectReads", auth.protectReads());
        o.put("maxUploadBytes", maxUpload);
        o.put("generation", inventory.generation());
        FleetCache.Stats st = cache.stats();
        ObjectNode c = o.putObject("cache");
        c.put("snapshotGeneration", st.snapshotGeneration());
        c.put("knownGeneration", st.knownGeneration());
        c.put("reloads", st.reloads());
        c.put("localChanges", st.localChanges());
        c.put("notifiedChanges", st.notifiedChanges());
        c.put("reconnects", st.reconnects());
        c.put("parsedProfiles", st.parsedProfiles());
        ObjectNode counts = o.putObject("rows");
        inventory.counts().forEach(counts::put);
        Responses.json(ctx, 200, o);
    }
}
