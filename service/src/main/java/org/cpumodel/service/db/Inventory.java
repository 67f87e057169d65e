package org.cpumodel.service.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inventory's rows: hosts, the distinct profiles they reference, stored models and pool sets, and
 * the fleet generation. Every method is one transaction. A write that changes the fleet raises the
 * generation in the same transaction and, on PostgreSQL, sends a notification on {@value #CHANNEL}
 * that the database delivers to every listening service instance when (and only when) it commits.
 */
public final class Inventory {

    /** The PostgreSQL notification channel the service instances listen on. */
    public static final String CHANNEL = "cpumodel_fleet";

    /** What an upload did. */
    public enum Outcome {
        /** A new host. */
        CREATED,
        /** A known host now presents another profile (re-collected after a kernel or firmware change). */
        CHANGED,
        /** The same document as the host's last upload: nothing written. */
        UNCHANGED
    }

    public record UploadResult(Outcome outcome, String host, String profileId, String uploadId, boolean newProfile, long generation) {
    }

    /** A distinct profile's row, written once; the document is made only when the row is new. */
    public record ProfileRow(String id, String label, String cpu, String kernelRelease, String identity, java.util.function.Supplier<String> document) {
    }

    public record HostRow(String name, String profileId, String uploadId, Instant uploadedAt) {
    }

    /** The hosts at one generation, read in one transaction. */
    public record FleetRows(long generation, List<HostRow> hosts) {
    }

    public record ModelRow(String id, String name, String featureSet, boolean possible, boolean whatIfGic, int members, Instant createdAt) {
    }

    public record PoolRow(int number, String modelId, List<String> profileIds) {
    }

    public record PoolSetRow(long id, long generation, String featureSet, boolean whatIfGic, String options, Instant createdAt) {
    }

    private final Database db;

    public Inventory(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /**
     * Records that host {@code host} presents {@code profile}, uploaded as a document with content hash
     * {@code uploadId}. Idempotent: the same document again writes nothing. Concurrent uploads of the
     * same host or profile serialise on their keys (a writer that loses a race is retried by
     * {@link Database#transaction}).
     */
    public UploadResult upload(String host, String uploadId, ProfileRow profile) {
        return db.transaction(c -> {
            String previousUpload = null;
            try (PreparedStatement s = c.prepareStatement("SELECT upload_id FROM host WHERE name = ? FOR UPDATE")) {
                s.setString(1, host);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        previousUpload = r.getString(1);
                    }
                }
            }
            if (uploadId.equals(previousUpload)) {
                return new UploadResult(Outcome.UNCHANGED, host, profile.id(), uploadId, false, generation(c));
            }
            boolean newProfile = !exists(c, "SELECT 1 FROM profile WHERE id = ?", profile.id());
            Timestamp now = Timestamp.from(Instant.now());
            if (newProfile) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO profile (id, label, cpu, kernel_release, identity, document, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, profile.id());
                    s.setString(2, profile.label());
                    s.setString(3, profile.cpu());
                    s.setString(4, profile.kernelRelease());
                    s.setString(5, profile.identity());
                    s.setString(6, profile.document().get());
                    s.setTimestamp(7, now);
                    s.executeUpdate();
                }
            }
            String sql = previousUpload == null
                    ? "INSERT INTO host (profile_id, upload_id, uploaded_at, name) VALUES (?, ?, ?, ?)"
                    : "UPDATE host SET profile_id = ?, upload_id = ?, uploaded_at = ? WHERE name = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, profile.id());
                s.setString(2, uploadId);
                s.setTimestamp(3, now);
                s.setString(4, host);
                s.executeUpdate();
            }
            long g = advance(c);
            return new UploadResult(previousUpload == null ? Outcome.CREATED : Outcome.CHANGED, host, profile.id(), uploadId, newProfile, g);
        });
    }

    /** Removes a host (its profile stays: profiles are content-addressed and models refer to them); the new generation, or empty when there was no such host. */
    public Optional<Long> deleteHost(String host) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM host WHERE name = ?")) {
                s.setString(1, host);
                if (s.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(advance(c));
        });
    }

    /** The current generation. */
    public long generation() {
        return db.transaction(Inventory::generation);
    }

    /** Every host with its profile, and the generation they belong to, read consistently. */
    public FleetRows fleet() {
        return db.transaction(c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long g = generation(c);
                List<HostRow> hosts = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT name, profile_id, upload_id, uploaded_at FROM host ORDER BY name");
                     ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        hosts.add(new HostRow(r.getString(1), r.getString(2), r.getString(3), r.getTimestamp(4).toInstant()));
                    }
                }
                return new FleetRows(g, hosts);
            } finally {
                c.commit();
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        });
    }

    /** The documents of these profiles (those that exist). */
    public Map<String, String> profileDocuments(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return db.transaction(c -> {
            Map<String, String> out = new HashMap<>();
            List<String> list = List.copyOf(ids);
            for (int from = 0; from < list.size(); from += 100) {
                List<String> chunk = list.subList(from, Math.min(list.size(), from + 100));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement s = c.prepareStatement("SELECT id, document FROM profile WHERE id IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            out.put(r.getString(1), r.getString(2));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Stores a model document unless one with that id is there; true when it was new. */
    public boolean storeModel(ModelRow m, String document) {
        return db.transaction(c -> insertModel(c, m, document));
    }

    private static boolean insertModel(Connection c, ModelRow m, String document) throws SQLException {
        if (exists(c, "SELECT 1 FROM model WHERE id = ?", m.id())) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO model (id, name, feature_set, possible, what_if_gic, members, document, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, m.id());
            s.setString(2, m.name());
            s.setString(3, m.featureSet());
            s.setBoolean(4, m.possible());
            s.setBoolean(5, m.whatIfGic());
            s.setInt(6, m.members());
            s.setString(7, document);
            s.setTimestamp(8, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
        return true;
    }

    public Optional<String> modelDocument(String id) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT document FROM model WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public List<ModelRow> models() {
        return db.transaction(c -> {
            List<ModelRow> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, name, feature_set, possible, what_if_gic, members, created_at FROM model ORDER BY created_at, id");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new ModelRow(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4), r.getBoolean(5), r.getInt(6),
                            r.getTimestamp(7).toInstant()));
                }
            }
            return out;
        });
    }

    /**
     * Stores a partition of the fleet: the pool set, its pools and members, and the pools' baselines
     * (models) that are not stored yet, in one transaction. The new pool set's id.
     */
    public long storePoolSet(PoolSetRow set, String report, List<PoolRow> pools, Map<ModelRow, String> models) {
        return db.transaction(c -> {
            for (Map.Entry<ModelRow, String> m : models.entrySet()) {
                insertModel(c, m.getKey(), m.getValue());
            }
            long id;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO pool_set (generation, feature_set, what_if_gic, options, report, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                s.setLong(1, set.generation());
                s.setString(2, set.featureSet());
                s.setBoolean(3, set.whatIfGic());
                s.setString(4, set.options());
                s.setString(5, report);
                s.setTimestamp(6, Timestamp.from(Instant.now()));
                s.executeUpdate();
                try (ResultSet k = s.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO pool (pool_set_id, number, model_id) VALUES (?, ?, ?)");
                 PreparedStatement m = c.prepareStatement("INSERT INTO pool_member (pool_set_id, number, profile_id) VALUES (?, ?, ?)")) {
                for (PoolRow pool : pools) {
                    p.setLong(1, id);
                    p.setInt(2, pool.number());
                    p.setString(3, pool.modelId());
                    p.addBatch();
                    for (String member : pool.profileIds()) {
                        m.setLong(1, id);
                        m.setInt(2, pool.number());
                        m.setString(3, member);
                        m.addBatch();
                    }
                }
                p.executeBatch();
                m.executeBatch();
            }
            return id;
        });
    }

    public Optional<String> poolSetReport(long id) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT report FROM pool_set WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public List<PoolSetRow> poolSets() {
        return db.transaction(c -> {
            List<PoolSetRow> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, generation, feature_set, what_if_gic, options, created_at FROM pool_set ORDER BY id");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new PoolSetRow(r.getLong(1), r.getLong(2), r.getString(3), r.getBoolean(4), r.getString(5), r.getTimestamp(6).toInstant()));
                }
            }
            return out;
        });
    }

    /** Counts of rows, for the status page and the tests (no lost or duplicated rows). */
    public Map<String, Long> counts() {
        return db.transaction(c -> {
            Map<String, Long> out = new java.util.LinkedHashMap<>();
            for (String t : List.of("host", "profile", "model", "pool_set")) {
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + t); ResultSet r = s.executeQuery()) {
                    r.next();
                    out.put(t, r.getLong(1));
                }
            }
            return out;
        });
    }

    static long generation(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT generation FROM fleet_state WHERE id = 1"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Raises the generation (last in a write, so the row lock is held briefly) and notifies the other instances on commit. */
    long advance(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE fleet_state SET generation = generation + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
        long g = generation(c);
        if (db.vendor() == DatabaseUrl.Vendor.POSTGRESQL) {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
                s.setString(1, Long.toString(g));
                s.execute();
            }
        }
        return g;
    }

    private static boolean exists(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
