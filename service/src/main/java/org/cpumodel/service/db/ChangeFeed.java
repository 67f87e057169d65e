package org.cpumodel.service.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns from PostgreSQL that another service instance changed the fleet: a connection of its own
 * that LISTENs on {@link Inventory#CHANNEL} and passes each notified generation on. While the
 * connection is down, notifications may be lost, so every (re)connection is reported as well: the
 * listener must then treat everything it caches as stale.
 */
public final class ChangeFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    private final DatabaseUrl url;
    private final Consumer<String> changed;
    private final Runnable connected;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    private ChangeFeed(DatabaseUrl url, Consumer<String> changed, Runnable connected) {
        this.url = url;
        this.changed = changed;
        this.connected = connected;
        this.thread = new Thread(this::loop, "cpumodel-change-feed");
        thread.setDaemon(true);
    }

    /**
     * Starts listening; returns once the first LISTEN is in place, so no change committed after this
     * returns is missed.
     *
     * @param changed  called with the payload of every notification: a fleet generation another instance (or this one) committed, or {@link TokenStore#CHANGED}
     * @param connected called after every (re)connection (notifications may have been missed before it)
     */
    public static ChangeFeed start(DatabaseUrl url, Consumer<String> changed, Runnable connected) {
        if (url.vendor() != DatabaseUrl.Vendor.POSTGRESQL) {
            throw new IllegalArgumentException("change notifications need PostgreSQL");
        }
        ChangeFeed f = new ChangeFeed(url, changed, connected);
        try {
            f.connection = f.listen();
        } catch (SQLException e) {
            throw new DatabaseException("cannot LISTEN on " + url.display() + ": " + e.getMessage(), e);
        }
        f.thread.start();
        return f;
    }

    private Connection listen() throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("ApplicationName", "cpumodel-change-feed");
        Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + Inventory.CHANNEL);
        }
        return c;
    }

    private void loop() {
        int failures = 0;
        while (running) {
            try {
                Connection c = connection;
                if (c == null || c.isClosed()) {
                    c = listen();
                    connection = c;
                    connected.run();
                    failures = 0;
                }
                PGNotification[] ns = c.unwrap(PGConnection.class).getNotifications(500);
                if (ns != null) {
                    for (PGNotification n : ns) {
                        changed.accept(n.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    break;
                }
                LOG.warn("change feed: {} (reconnecting)", e.getMessage());
                closeQuietly();
                failures++;
                try {
                    Thread.sleep(Math.min(5_000L, 100L << Math.min(failures, 6)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a broken connection
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }
}
