package org.cpumodel.service.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The service's bearer tokens. Only each token's SHA-256 is stored (a token is 256 random bits, so a
 * plain hash is enough: there is nothing to guess). A presented token is hashed and compared with every
 * stored hash in constant time ({@link MessageDigest#isEqual}), without stopping at the first match.
 */
public final class TokenStore {

    /** The id of the token generated on a database's first run. */
    public static final String INITIAL = "initial";

    /** The notification payload that tells the other instances to read the tokens again. */
    public static final String CHANGED = "tokens";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private volatile List<byte[]> hashes = List.of();

    public TokenStore(Database db) {
        this.db = db;
        reload();
    }

    /** A new token: "cpm_" and 43 base64url characters (32 random bytes). */
    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "cpm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * On a database without tokens, generates the initial one and returns it (the caller prints it once);
     * empty when the database has tokens already, or another instance created the initial one first.
     */
    public Optional<String> ensureInitial() {
        if (!hashes.isEmpty()) {
            return Optional.empty();
        }
        String token = newToken();
        boolean created = db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM api_token"); ResultSet r = s.executeQuery()) {
                r.next();
                if (r.getLong(1) > 0) {
                    return false;
                }
            }
            insert(c, INITIAL, token);
            return true;
        });
        reload();
        return created ? Optional.of(token) : Optional.empty();
    }

    /** Adds a token given by the operator (e.g. from --token-file), unless its hash is stored already. */
    public void register(String id, String token) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM api_token WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            insert(c, id, token);
            return null;
        });
        reload();
    }

    /** Revokes every token and stores a new one, which is returned (printed once by the caller). */
    public String replaceAll() {
        String token = newToken();
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM api_token")) {
                s.executeUpdate();
            }
            insert(c, INITIAL, token);
            return null;
        });
        reload();
        return token;
    }

    private void insert(java.sql.Connection c, String id, String token) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO api_token (id, sha256, created_at) VALUES (?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, HexFormat.of().formatHex(sha256(token)));
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
        if (db.vendor() == DatabaseUrl.Vendor.POSTGRESQL) {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_notify('" + Inventory.CHANNEL + "', '" + CHANGED + "')")) {
                s.execute();
            }
        }
    }

    /** Reads the stored hashes again (another instance may have changed them). */
    public void reload() {
        hashes = db.transaction(c -> {
            List<byte[]> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT sha256 FROM api_token"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(HexFormat.of().parseHex(r.getString(1)));
                }
            }
            return List.copyOf(out);
        });
    }

    /** Whether {@code token} is one of the stored tokens; constant time in the token's content. */
    public boolean valid(String token) {
        if (token == null) {
            return false;
        }
        byte[] h = sha256(token);
        boolean ok = false;
        for (byte[] stored : hashes) {
            ok |= MessageDigest.isEqual(stored, h);
        }
        return ok;
    }
}
