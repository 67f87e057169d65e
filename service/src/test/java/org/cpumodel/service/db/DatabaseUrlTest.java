package org.cpumodel.service.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --db: the embedded default, libpq URIs, JDBC URLs, passwords from the environment, and never a password in what is shown. */
class DatabaseUrlTest {

    private static final Path DATA = Path.of("/srv/cpumodel");

    @Test
    void embeddedByDefault() {
        DatabaseUrl u = DatabaseUrl.parse(null, DATA, Map.of());
        assertThat(u.vendor()).isEqualTo(DatabaseUrl.Vendor.H2);
        assertThat(u.jdbcUrl()).startsWith("jdbc:h2:file:/srv/cpumodel/cpumodel;");
        assertThat(u.display()).isEqualTo("h2 file /srv/cpumodel/cpumodel.mv.db");
    }

    @Test
    void libpqUris() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql://fleet:s%40cret@db.example:6543/inventory?sslmode=require", DATA, Map.of());
        assertThat(u.vendor()).isEqualTo(DatabaseUrl.Vendor.POSTGRESQL);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/inventory?sslmode=require");
        assertThat(u.user()).isEqualTo("fleet");
        assertThat(u.password()).isEqualTo("s@cret");
        assertThat(u.display()).isEqualTo("postgresql://fleet@db.example:6543/inventory").doesNotContain("cret");
        DatabaseUrl env = DatabaseUrl.parse("postgres://fleet@db/inv", DATA, Map.of("PGPASSWORD", "pg", "CPUMODEL_DB_PASSWORD", "ours"));
        assertThat(env.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/inv");
        assertThat(env.password()).isEqualTo("ours");
        assertThat(DatabaseUrl.parse("postgresql://db/inv", DATA, Map.of("PGPASSWORD", "pg")).password()).isEqualTo("pg");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/inv", DATA, Map.of()).vendor()).isEqualTo(DatabaseUrl.Vendor.POSTGRESQL);
    }

    @Test
    void badUrlsNameTheOptionAndHideThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:hunter2@db/x", DATA, Map.of())).hasMessageStartingWith("--db:")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://db", DATA, Map.of())).hasMessageContaining("no database name");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///x", DATA, Map.of())).hasMessageContaining("no host");
    }
}
