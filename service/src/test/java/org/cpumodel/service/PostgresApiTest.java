package org.cpumodel.service;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/** The API on a real PostgreSQL server (started for this class, stopped after it). */
class PostgresApiTest extends ApiContract {

    @TempDir
    static Path dir;

    private static PostgresServer pg;

    @Override
    ServiceFixture startService() {
        pg = PostgresServer.startOrSkip();
        return ServiceFixture.start(dir, pg.newDatabase("api"));
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }
}
