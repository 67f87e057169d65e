package org.cpumodel.service;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
import org.cpumodel.service.api.ApiRoutes;
import org.cpumodel.service.api.Auth;
import org.cpumodel.service.db.ChangeFeed;
import org.cpumodel.service.db.Database;
import org.cpumodel.service.db.DatabaseException;
import org.cpumodel.service.db.DatabaseUrl;
import org.cpumodel.service.db.Inventory;
import org.cpumodel.service.db.TokenStore;
import org.cpumodel.service.fleet.FleetCache;

/**
 * The fleet service: the inventory database, the REST API under {@code /api/} and the web page at
 * {@code /}, in one process. Instances are stateless apart from caches: several may share one
 * PostgreSQL database, each learning of the others' changes through the database's notifications.
 * {@code cpumodel serve} is a thin command over {@link #start}.
 */
public final class FleetService implements AutoCloseable {

    /** The web page's files, in the jar. */
    static final String WEB = "/org/cpumodel/service/web";

    private final Javalin app;
    private final Database db;
    private final ChangeFeed feed;
    private final String instance;
    private final ApiRoutes routes;

    private FleetService(Javalin app, Database db, ChangeFeed feed, String instance, ApiRoutes routes) {
        this.app = app;
        this.db = db;
        this.feed = feed;
        this.instance = instance;
        this.routes = routes;
    }

    /**
     * Opens (creating or migrating) the database, sets up the token, and starts listening. A token
     * generated here is given to {@code say}, once: only its hash is kept.
     */
    public static FleetService start(ServiceConfig c, java.util.function.Consumer<String> say) {
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(c.db(), c.dataDir(), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ServiceStartException(true, e.getMessage(), e);
        }
        if (url.vendor() == DatabaseUrl.Vendor.H2 && c.db() == null) {
            try {
                Files.createDirectories(c.dataDir());
            } catch (IOException e) {
                throw new ServiceStartException(false, "--data " + c.dataDir() + ": cannot create the data directory (" + e.getMessage() + ")", e);
            }
        }
        String tokenFromFile = null;
        if (c.tokenFile() != null) {
            try {
                tokenFromFile = Files.readString(c.tokenFile(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ServiceStartException(false, "--token-file " + c.tokenFile() + ": cannot read (" + e.getMessage() + ")", e);
            }
            if (tokenFromFile.length() < 16 || tokenFromFile.chars().anyMatch(ch -> ch <= ' ')) {
                throw new ServiceStartException(true, "--token-file " + c.tokenFile() + ": a token must have at least 16 characters and no blanks", null);
            }
        }
        Database db;
        try {
            db = Database.open(url);
        } catch (DatabaseException e) {
            throw new ServiceStartException(false, e.getMessage(), e);
        }
        ChangeFeed feed = null;
        try {
            TokenStore tokens = new TokenStore(db);
            if (c.newToken()) {
                say.accept("cpumodel serve: new token (every other token is revoked; shown once, only its SHA-256 is stored):");
                say.accept(tokens.replaceAll());
            } else if (tokenFromFile != null) {
                tokens.register("token-file", tokenFromFile);
            } else {
                tokens.ensureInitial().ifPresent(t -> {
                    say.accept("cpumodel serve: write token for this database (shown once, only its SHA-256 is stored):");
                    say.accept(t);
                });
            }
            Inventory inventory = new Inventory(db);
            FleetCache cache = new FleetCache(inventory);
            if (url.vendor() == DatabaseUrl.Vendor.POSTGRESQL) {
                feed = ChangeFeed.start(url, payload -> {
                    if (payload.equals(TokenStore.CHANGED)) {
                        tokens.reload();
                    } else {
                        cache.changed(parseGeneration(payload), false);
                    }
                }, () -> {
                    cache.reconnected();
                    tokens.reload();
                });
            }
            String instance = UUID.randomUUID().toString().substring(0, 8);
            ApiRoutes routes = new ApiRoutes(inventory, cache, new Auth(tokens, c.protectReads()), c.maxUploadBytes(), instance);
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.http.maxRequestSize = c.maxUploadBytes();
                config.jetty.host = c.bind();
                config.jetty.port = c.port();
                config.staticFiles.add(sf -> {
                    sf.hostedPath = "/";
                    sf.directory = WEB;
                    sf.location = Location.CLASSPATH;
                });
                routes.register(config);
            });
            try {
                app.start();
            } catch (RuntimeException e) {
                app.stop();
                throw new ServiceStartException(false, "cannot listen on " + c.bind() + ":" + c.port() + ": " + rootMessage(e), e);
            }
            return new FleetService(app, db, feed, instance, routes);
        } catch (RuntimeException e) {
            if (feed != null) {
                feed.close();
            }
            db.close();
            if (e instanceof DatabaseException) {
                throw new ServiceStartException(false, e.getMessage(), e);
            }
            throw e;
        }
    }

    private static long parseGeneration(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // unknown payload: treat as "something changed"
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The port the service listens on (the one chosen when the configuration said 0). */
    public int port() {
        return app.port();
    }

    public String instance() {
        return instance;
    }

    /** The routes of the REST API as registered (for the OpenAPI test). */
    public ApiRoutes routes() {
        return routes;
    }

    /** Javalin's own list of registered handlers (method and path), the real routes. */
    public java.util.List<String> registeredRoutes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint.method.name() + " " + e.endpoint.path).sorted().toList();
    }

    public String database() {
        return db.url().display();
    }

    @Override
    public void close() {
        app.stop();
        if (feed != null) {
            feed.close();
        }
        db.close();
    }
}
