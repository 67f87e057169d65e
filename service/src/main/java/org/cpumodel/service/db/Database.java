package org.cpumodel.service.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The inventory database: a connection pool, the schema brought up to date by Flyway on open, and
 * transactions. A write is one transaction, retried whole when the database reports a conflict between
 * concurrent writers (serialization failure, deadlock, or a unique key another writer took first), so
 * nothing is ever half-written and concurrent uploads of the same profile all succeed.
 */
public final class Database implements AutoCloseable {

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The schema's migrations, in the service jar. */
    static final String MIGRATIONS = "classpath:org/cpumodel/service/db/migration";

    private static final int ATTEMPTS = 8;

    private final DatabaseUrl url;
    private final HikariDataSource pool;

    private Database(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /**
     * Connects, and creates or migrates the schema.
     *
     * @throws DatabaseException when the database cannot be reached or migrated (an environment problem)
     */
    public static Database open(DatabaseUrl url) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            hc.setUsername(url.user());
        }
        if (url.password() != null) {
            hc.setPassword(url.password());
        }
        hc.setPoolName("cpumodel-db");
        hc.setMaximumPoolSize(url.vendor() == DatabaseUrl.Vendor.H2 ? 8 : 10);
        hc.setAutoCommit(false);
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot connect to " + url.display() + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(ds).locations(MIGRATIONS).load().migrate();
        } catch (FlywayException e) {
            ds.close();
            throw new DatabaseException("cannot create or migrate the schema in " + url.display() + ": " + rootMessage(e), e);
        }
        return new Database(url, ds);
    }

    public DatabaseUrl url() {
        return url;
    }

    public DatabaseUrl.Vendor vendor() {
        return url.vendor();
    }

    DataSource dataSource() {
        return pool;
    }

    /** Runs {@code work} in a transaction, committed when it returns and retried on a write conflict. */
    public <T> T transaction(Work<T> work) {
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (Connection c = pool.getConnection()) {
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw new DatabaseException(url.display() + ": " + e.getMessage(), e);
                }
                last = e;
                backoff(attempt);
            }
        }
        throw new DatabaseException(url.display() + ": gave up after " + ATTEMPTS + " conflicting attempts: " + last.getMessage(), last);
    }

    /** Conflicts between concurrent transactions: serialization failure, deadlock, lock timeout, unique key taken. */
    static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String st = s.getSQLState();
                if (st.equals("40001") || st.equals("40P01") || st.equals("23505") || st.equals("HYT00")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(1L + (long) (Math.random() * (2 << attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        pool.close();
    }
}
