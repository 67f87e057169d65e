package org.cpumodel.service;

import java.nio.file.Path;

/**
 * How to run the service ({@code cpumodel serve}'s options).
 *
 * @param bind           the address to listen on (127.0.0.1 unless told otherwise)
 * @param port           the TCP port (0: any free port)
 * @param dataDir        where the embedded database lives (created on first run)
 * @param db             {@code postgresql://...} or a JDBC URL; null for the embedded database
 * @param tokenFile      a file holding a token to accept (its hash is stored), or null
 * @param newToken       revoke every token and print a new one
 * @param protectReads   reads need the token too
 * @param maxUploadBytes the largest request body accepted
 */
public record ServiceConfig(String bind, int port, Path dataDir, String db, Path tokenFile, boolean newToken, boolean protectReads,
                            long maxUploadBytes) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8790;
    /** 1 MiB: a host profile of every feature set is about 200 KiB. */
    public static final long DEFAULT_MAX_UPLOAD = 1L << 20;

    /** Defaults with the embedded database in {@code dataDir}. */
    public static ServiceConfig embedded(Path dataDir) {
        return new ServiceConfig(DEFAULT_BIND, DEFAULT_PORT, dataDir, null, null, false, false, DEFAULT_MAX_UPLOAD);
    }

    public ServiceConfig withPort(int p) {
        return new ServiceConfig(bind, p, dataDir, db, tokenFile, newToken, protectReads, maxUploadBytes);
    }

    public ServiceConfig withDb(String url) {
        return new ServiceConfig(bind, port, dataDir, url, tokenFile, newToken, protectReads, maxUploadBytes);
    }

    public ServiceConfig withTokenFile(Path f) {
        return new ServiceConfig(bind, port, dataDir, db, f, newToken, protectReads, maxUploadBytes);
    }

    public ServiceConfig withProtectReads(boolean p) {
        return new ServiceConfig(bind, port, dataDir, db, tokenFile, newToken, p, maxUploadBytes);
    }

    public ServiceConfig withMaxUpload(long bytes) {
        return new ServiceConfig(bind, port, dataDir, db, tokenFile, newToken, protectReads, bytes);
    }
}
