package org.cpumodel.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cpumodel.service.db.TokenStore;

/** A running service for a test: on the embedded database in a temporary folder, or on a PostgreSQL URL; with a known token. */
public final class ServiceFixture implements AutoCloseable {

    private final FleetService service;
    private final String token;
    private final String startOutput;

    private ServiceFixture(FleetService service, String token, String startOutput) {
        this.service = service;
        this.token = token;
        this.startOutput = startOutput;
    }

    /** A service with a token from a file (so the test knows it); {@code db} null for the embedded database under {@code dir}. */
    public static ServiceFixture start(Path dir, String db, boolean protectReads, long maxUpload) {
        return start(dir, db, protectReads, maxUpload, TokenStore.newToken());
    }

    /** A service accepting {@code token} (several instances on one database can share it). */
    public static ServiceFixture start(Path dir, String db, boolean protectReads, long maxUpload, String token) {
        try {
            Files.createDirectories(dir);
            Path tf = dir.resolve("token");
            Files.writeString(tf, token + "\n");
            ServiceConfig c = ServiceConfig.embedded(dir.resolve("data")).withPort(0).withDb(db).withTokenFile(tf).withProtectReads(protectReads)
                    .withMaxUpload(maxUpload);
            StringBuilder out = new StringBuilder();
            FleetService s = FleetService.start(c, line -> out.append(line).append('\n'));
            return new ServiceFixture(s, token, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ServiceFixture start(Path dir, String db) {
        return start(dir, db, false, ServiceConfig.DEFAULT_MAX_UPLOAD);
    }

    public FleetService service() {
        return service;
    }

    public String token() {
        return token;
    }

    public String startOutput() {
        return startOutput;
    }

    public String url() {
        return "http://127.0.0.1:" + service.port();
    }

    /** A client with the token. */
    public Client client() {
        return new Client(url(), token);
    }

    /** A client without a token. */
    public Client anonymous() {
        return new Client(url(), null);
    }

    @Override
    public void close() {
        service.close();
    }
}
