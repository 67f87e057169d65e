package org.cpumodel.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests: Debian's {@code postgresql} package, a fresh cluster made with
 * initdb in a temporary folder, started with pg_ctl on a free loopback port (TCP only, no Unix socket),
 * and stopped and removed by {@link #close} (and by a shutdown hook, should the JVM end first).
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the {@code postgres} system user
 * and the tools run through runuser.
 *
 * <p>When the server cannot be started, tests are skipped, except under {@code CI=true}, where that is a
 * failure ({@code tools/test.sh} installs the package).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "cpumodel";

    private final Path dir;
    private final Path data;
    private final Path bin;
    private final int port;
    private final String password;
    private final boolean asPostgresUser;
    private final Thread hook;
    private volatile boolean stopped;

    private PostgresServer(Path dir, Path bin, int port, String password, boolean asPostgresUser) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.bin = bin;
        this.port = port;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
        this.hook = new Thread(this::stop, "postgres-stop");
    }

    /** A running server, or the test is skipped (failed under CI=true) when PostgreSQL is not installed or does not start. */
    public static PostgresServer startOrSkip() {
        try {
            return start();
        } catch (IOException | RuntimeException e) {
            String why = "PostgreSQL test server not available: " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: tools/test.sh installs Debian's postgresql package)", e);
            }
            Assumptions.abort(why);
            throw new IllegalStateException(e);
        }
    }

    static PostgresServer start() throws IOException {
        Path bin = findBin().orElseThrow(() -> new IllegalStateException("no initdb/pg_ctl found (Debian package 'postgresql', /usr/lib/postgresql/*/bin)"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("cpumodel-pg-");
        String password = org.cpumodel.service.db.TokenStore.newToken().substring(4);
        Path pw = dir.resolve("pwfile");
        Files.writeString(pw, password + "\n");
        if (root) {
            chown(dir, "postgres");
            chown(pw, "postgres");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresServer pg = new PostgresServer(dir, bin, port, password, root);
        Runtime.getRuntime().addShutdownHook(pg.hook);
        try {
            pg.run(60, bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", USER, "--pwfile=" + pw, "-A", "scram-sha-256", "-E", "UTF8",
                    "--no-sync", "--locale=C");
            Files.writeString(pg.data.resolve("postgresql.conf"), String.join("\n",
                    "", "listen_addresses = '127.0.0.1'", "port = " + port, "unix_socket_directories = ''", "fsync = off",
                    "synchronous_commit = off", "full_page_writes = off", "max_connections = 100", ""), java.nio.file.StandardOpenOption.APPEND);
            pg.run(90, bin.resolve("pg_ctl").toString(), "-D", pg.data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, password);
                 Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        } catch (IOException | RuntimeException | SQLException e) {
            String log = pg.log();
            pg.close();
            throw new IllegalStateException(e.getMessage() + (log.isBlank() ? "" : "\nserver log:\n" + log), e);
        }
        return pg;
    }

    private static Optional<Path> findBin() {
        List<Path> candidates = new ArrayList<>();
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> s = Files.list(lib)) {
                s.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing((Path b) -> versionOf(b)).reversed()).forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb")) && Files.isExecutable(Path.of(p, "pg_ctl"))) {
                candidates.add(Path.of(p));
            }
        }
        return candidates.stream().findFirst();
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void chown(Path p, String user) throws IOException {
        UserPrincipal u = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(p, u);
    }

    private void run(int seconds, String... cmd) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
        String out;
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + ": did not finish in " + seconds + " s");
            }
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(Path.of(cmd[0]).getFileName() + " exited " + p.exitValue() + ": " + out.strip());
        }
    }

    private String log() {
        try {
            Path l = dir.resolve("server.log");
            return Files.exists(l) ? Files.readString(l) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public int port() {
        return port;
    }

    /** A new, empty database on this server, as a --db URL (libpq form, password included). */
    public String newDatabase(String name) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + ": " + e.getMessage(), e);
        }
        return "postgresql://" + USER + ":" + password + "@127.0.0.1:" + port + "/" + name;
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(60, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (IOException | RuntimeException e) {
                System.err.println("PostgresServer: stop failed: " + e.getMessage());
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs stop(), which is done
        }
    }
}
