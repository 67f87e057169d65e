package org.cpumodel.service.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.List;
import org.cpumodel.service.db.DatabaseException;
import org.cpumodel.service.db.Inventory;
import org.cpumodel.service.fleet.FleetCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the REST API in one list, registered on Javalin with the access check in front of
 * each handler, and the error mapping: {@link ApiException} as its status, a database that cannot be
 * reached as 503, Javalin's own refusals (no such route, body too large) in the same JSON shape, and
 * anything else as 500 with the exception logged.
 */
public final class ApiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    private final List<ApiRoute> routes = new ArrayList<>();
    private final Auth auth;

    public ApiRoutes(Inventory inventory, FleetCache cache, Auth auth, long maxUpload, String instance) {
        this.auth = auth;
        Bodies bodies = new Bodies(maxUpload);
        ModelLookup models = new ModelLookup(inventory);
        routes.addAll(new InventoryApi(inventory, cache, bodies).routes());
        routes.addAll(new ModelsApi(inventory, cache, bodies, models).routes());
        routes.addAll(new FleetApi(inventory, cache, bodies, models).routes());
        routes.addAll(new MetaApi(inventory, cache, instance, auth, maxUpload).routes());
    }

    public List<ApiRoute> routes() {
        return List.copyOf(routes);
    }

    /** Registers the routes and error handlers. */
    public void register(JavalinConfig config) {
        for (ApiRoute r : routes) {
            config.routes.addHttpHandler(r.method(), r.path(), ctx -> {
                auth.check(ctx, r.access());
                r.handler().handle(ctx);
            });
        }
        config.routes.exception(ApiException.class, (e, ctx) -> Responses.error(ctx, e.status(), e.field(), e.getMessage()));
        config.routes.exception(DatabaseException.class, (e, ctx) -> {
            LOG.error("database: {}", e.getMessage());
            Responses.error(ctx, 503, null, "the inventory database is not available: " + e.getMessage());
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            String message = switch (e.getStatus()) {
                case 404 -> "no such resource: " + ctx.method() + " " + ctx.path() + " (the API is described at /api/openapi.json)";
                case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
                case 413 -> "request body exceeds the service's limit (serve --max-upload)";
                default -> e.getMessage();
            };
            Responses.error(ctx, e.getStatus(), e.getStatus() == 413 ? "body" : null, message);
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            Responses.error(ctx, 500, null, "internal error (" + e.getClass().getSimpleName() + "): " + e.getMessage());
        });
    }
}
