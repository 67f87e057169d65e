package org.cpumodel.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpumodel.service.db.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service instances on one PostgreSQL database, the only state they share: what is written through
 * one is answered by the other, whose cache learns of the change from the database's notification.
 */
class MultiInstanceTest {

    @TempDir
    Path dir;

    private static List<String> accepting(Client c, String host) {
        List<String> out = new ArrayList<>();
        c.get("/api/placement?host=" + host + "&limit=100000").json().path("accepting").path("hosts").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode awaitNotified(Client c, long before, long generation) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode cache;
        do {
            cache = c.get("/api/status").json().path("cache");
            if (cache.path("notifiedChanges").asLong() > before && cache.path("knownGeneration").asLong() >= generation) {
                return cache;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("instance B was not notified of generation " + generation + " within 20 s: " + cache);
    }

    @Test
    void anUploadThroughOneIsAnsweredByTheOther() throws Exception {
        try (PostgresServer pg = PostgresServer.startOrSkip()) {
            String db = pg.newDatabase("fleet");
            String token = TokenStore.newToken();
            try (ServiceFixture a = ServiceFixture.start(dir.resolve("a"), db, false, 1 << 20, token);
                 ServiceFixture b = ServiceFixture.start(dir.resolve("b"), db, false, 1 << 20, token)) {
                Client ca = a.client();
                Client cb = b.client();
                Map<String, String> docs = LabFleet.documents();
                for (String d : docs.values()) {
                    assertThat(ca.post("/api/profiles", d).status()).isEqualTo(201);
                }
                String source = "lab-neoverse-n1-6.12";
                List<String> before = accepting(cb, source);
                assertThat(before).doesNotContain("rack9-n1");
                JsonNode cacheBefore = cb.get("/api/status").json().path("cache");

                JsonNode up = ca.post("/api/profiles", LabFleet.renamed(docs.get("neoverse-n1_6.12"), "rack9-n1")).json();
                long g = up.path("generation").asLong();
                JsonNode cacheAfter = awaitNotified(cb, cacheBefore.path("notifiedChanges").asLong(), g);
                assertThat(cacheAfter.path("snapshotGeneration").asLong()).as("B has not reloaded yet: nothing asked it").isLessThan(g);

                List<String> after = accepting(cb, source);
                assertThat(after).as("B answers with the host uploaded through A").contains("rack9-n1");
                JsonNode reloaded = cb.get("/api/status").json().path("cache");
                assertThat(reloaded.path("snapshotGeneration").asLong()).isGreaterThanOrEqualTo(g);
                assertThat(reloaded.path("reloads").asLong()).isGreaterThan(cacheBefore.path("reloads").asLong());
                assertThat(cb.get("/api/hosts/rack9-n1").json().path("profileId").asText()).isEqualTo(up.path("profileId").asText());

                // and the other way: a delete through B is seen by A
                JsonNode aBefore = ca.get("/api/status").json().path("cache");
                assertThat(accepting(ca, source)).contains("rack9-n1");
                assertThat(cb.delete("/api/hosts/rack9-n1").status()).isEqualTo(204);
                long g2 = cb.get("/api/status").json().path("generation").asLong();
                awaitNotified(ca, aBefore.path("notifiedChanges").asLong(), g2);
                assertThat(accepting(ca, source)).doesNotContain("rack9-n1");
                assertThat(ca.get("/api/hosts/rack9-n1").status()).isEqualTo(404);
            }
        }
    }
}
