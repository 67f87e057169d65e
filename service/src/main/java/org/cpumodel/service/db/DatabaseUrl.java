package org.cpumodel.service.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the inventory lives, from {@code serve --db}: the embedded default (an H2 file under the data
 * directory), a PostgreSQL URI in libpq's form {@code postgresql://[user[:password]@]host[:port]/database},
 * or a JDBC URL ({@code jdbc:postgresql:...}, {@code jdbc:h2:...}). A password not in the URI is taken
 * from the environment ({@code CPUMODEL_DB_PASSWORD}, then {@code PGPASSWORD}), so it need not appear
 * on a command line. {@code display} is the URL without its password, for logs.
 */
public record DatabaseUrl(Vendor vendor, String jdbcUrl, String user, String password, String display) {

    /** The databases the service runs on. */
    public enum Vendor {
        H2, POSTGRESQL
    }

    /** The file name (without H2's {@code .mv.db}) of the embedded database in the data directory. */
    public static final String EMBEDDED_NAME = "cpumodel";

    /** The embedded database in {@code dataDir}, created on first use. */
    public static DatabaseUrl embedded(Path dataDir) {
        Path base = dataDir.toAbsolutePath().normalize().resolve(EMBEDDED_NAME);
        // LOCK_TIMEOUT: writers queue on the fleet_state row; H2's default of one second is too short under load
        String url = "jdbc:h2:file:" + base + ";LOCK_TIMEOUT=20000;DB_CLOSE_ON_EXIT=FALSE";
        return new DatabaseUrl(Vendor.H2, url, "sa", "", "h2 file " + base + ".mv.db");
    }

    /**
     * Parses {@code --db}; null or empty means the embedded database in {@code dataDir}.
     *
     * @throws IllegalArgumentException naming what is wrong with the URL
     */
    public static DatabaseUrl parse(String db, Path dataDir, Map<String, String> env) {
        if (db == null || db.isBlank()) {
            return embedded(dataDir);
        }
        String s = db.strip();
        if (s.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Vendor.POSTGRESQL, s, null, envPassword(env), "postgresql " + withoutQuery(s));
        }
        if (s.startsWith("jdbc:h2:")) {
            return new DatabaseUrl(Vendor.H2, s, "sa", "", "h2 " + withoutQuery(s));
        }
        if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
            return postgresUri(s, env);
        }
        throw new IllegalArgumentException("--db: expected postgresql://[user[:password]@]host[:port]/database (or a jdbc:postgresql: or jdbc:h2: URL), not '"
                + redact(s) + "'");
    }

    private static DatabaseUrl postgresUri(String s, Map<String, String> env) {
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--db: not a valid URI (" + e.getReason() + "): " + redact(s));
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("--db: no host in " + redact(s) + " (expected postgresql://host[:port]/database)");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String database = path.startsWith("/") ? decode(path.substring(1)) : decode(path);
        if (database.isEmpty()) {
            throw new IllegalArgumentException("--db: no database name in " + redact(s) + " (expected postgresql://host[:port]/database)");
        }
        String user = null;
        String password = null;
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        if (password == null) {
            password = envPassword(env);
        }
        int port = u.getPort() < 0 ? 5432 : u.getPort();
        String hostPort = (u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost()) + ":" + port;
        String jdbc = "jdbc:postgresql://" + hostPort + "/" + database + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        String shown = "postgresql://" + (user == null ? "" : user + "@") + hostPort + "/" + database;
        return new DatabaseUrl(Vendor.POSTGRESQL, jdbc, user, password, shown);
    }

    private static String envPassword(Map<String, String> env) {
        String p = env.get("CPUMODEL_DB_PASSWORD");
        return p != null ? p : env.get("PGPASSWORD");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String withoutQuery(String s) {
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    /** The URL with any password replaced, for messages. */
    static String redact(String s) {
        return s.replaceAll("(://[^/:@]*:)[^/@]*@", "$1***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
