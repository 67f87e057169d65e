package org.cpumodel.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cpumodel.service.db.TokenStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Refusals: every one a 4xx with a message naming the field, and nothing written. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    @TempDir
    static Path dir;

    private ServiceFixture f;
    private Client api;
    private final String n1 = LabFleet.documents().get("neoverse-n1_6.12");

    @BeforeAll
    void start() {
        f = ServiceFixture.start(dir, null, false, 64 * 1024);
        api = f.client();
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private long hosts() {
        return api.get("/api/status").json().path("rows").path("host").asLong();
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() {
        JsonNode e = api.post("/api/profiles", "{\"format\": \"cpumodel-host-profile\", ").error();
        assertThat(e.path("status").asInt()).isEqualTo(400);
        assertThat(e.path("message").asText()).contains("line");
        assertThat(api.post("/api/profiles", "").error().path("field").asText()).isEqualTo("body");
        JsonNode array = api.post("/api/profiles", "[1, 2]").error();
        assertThat(array.path("status").asInt()).isEqualTo(400);
        assertThat(array.path("message").asText()).startsWith("request body: $");
        JsonNode dup = api.post("/api/profiles", "{\"format\": \"a\", \"format\": \"b\"}").error();
        assertThat(dup.path("message").asText()).containsIgnoringCase("duplicate");
        assertThat(hosts()).isZero();
    }

    /** Uploads are read by the same strict readers as the command line's files (docs/io.md). */
    @Test
    void hostileProfilesAreRefusedInOneLineAndNothingIsStored() {
        String d = LabFleet.renamed(n1, "hostile"); // no id: only the edited leaf can be at fault
        java.util.regex.Matcher reg = java.util.regex.Pattern.compile("\"ID_AA64ISAR0_EL1\" : \"0x[0-9a-f]{16}\"").matcher(d);
        assertThat(reg.find()).isTrue();
        List<String> hostile = List.of(
                d + d, // two documents
                d + "junk",
                d.replace("\"partial\" : false", "\"partial\" : \"no\""),
                d.replace(reg.group(), "\"ID_AA64ISAR0_EL1\" : \"1234\""),
                d.replace(reg.group(), "\"ID_AA64ISAR0_EL1\" : \"0x12_34\""),
                d.replace(reg.group(), "\"ID_AA64ISAR0_EL1\" : \"0x\uff11\""),
                d.replace("\"capabilities\" : {", "\"capabilities\" : { \"0165\" : 1,"),
                d.replace("\"capabilities\" : {", "\"capabilities\" : { \"7\" : 99999999999999999999999,"),
                d.replace("\"notes\" : [ ]", "\"notes\" : [ 1 ]"));
        for (String body : hostile) {
            JsonNode e = api.post("/api/profiles", body).error();
            assertThat(e.path("status").asInt()).as(e.toString()).isEqualTo(400);
            assertThat(e.path("message").asText()).doesNotContain("\n").doesNotContain("Exception");
        }
        assertThat(hosts()).isZero();
    }

    @Test
    void unknownSchemaVersionNamesTheField() {
        JsonNode e = api.post("/api/profiles", LabFleet.renamed(n1, "v2").replace("\"version\" : 1", "\"version\" : 2")).error();
        assertThat(e.path("status").asInt()).isEqualTo(400);
        assertThat(e.path("field").asText()).isEqualTo("$.version");
        assertThat(e.path("message").asText()).contains("version").contains("2");
        JsonNode unknownKey = api.post("/api/profiles", n1.replace("\"partial\" :", "\"bogus\" : 1, \"partial\" :")).error();
        assertThat(unknownKey.path("message").asText()).contains("bogus");
        JsonNode hash = api.post("/api/profiles", n1.replace("\"kvmMode\" : \"unknown\"", "\"kvmMode\" : \"vhe\"")).error();
        assertThat(hash.path("field").asText()).isEqualTo("$.id");
        assertThat(api.get("/api/pools?featureSet=pmu+mte").error().path("field").asText()).isEqualTo("featureSet");
        assertThat(api.get("/api/matrix?limit=x").error().path("field").asText()).isEqualTo("limit");
        assertThat(api.post("/api/baselines", "{\"hosts\": [\"nope\"]}").error().path("field").asText()).isEqualTo("$.hosts[0]");
        assertThat(api.post("/api/baselines", "{\"host\": []}").error().path("field").asText()).isEqualTo("$.host");
        assertThat(api.get("/api/models/sha256:00/emit?format=qemu").error().path("status").asInt()).isEqualTo(404);
        assertThat(api.get("/api/nothing").error().path("status").asInt()).isEqualTo(404);
        assertThat(hosts()).isZero();
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsing() {
        String big = "{\"pad\": \"" + "x".repeat(70 * 1024) + "\"}";
        JsonNode e = api.post("/api/profiles", big).error();
        assertThat(e.path("status").asInt()).isEqualTo(413);
        assertThat(e.path("field").asText()).isEqualTo("body");
        assertThat(e.path("message").asText()).contains("65536");
        assertThat(hosts()).isZero();
    }

    @Test
    void writesNeedTheRightToken() {
        Client.Response none = f.anonymous().post("/api/profiles", LabFleet.renamed(n1, "t1"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.error().path("field").asText()).isEqualTo("Authorization");
        assertThat(f.anonymous().withToken(TokenStore.newToken()).post("/api/profiles", LabFleet.renamed(n1, "t1")).status()).isEqualTo(403);
        assertThat(f.anonymous().withToken(TokenStore.newToken()).delete("/api/hosts/x").status()).isEqualTo(403);
        assertThat(f.anonymous().get("/api/fleet").status()).as("reads are open by default").isEqualTo(200);
        assertThat(hosts()).isZero();
    }

    @Test
    void concurrentUploadsOfOneProfileWriteItOnce() throws Exception {
        String doc = LabFleet.renamed(n1, "same-host");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Client.Response>> rs = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                rs.add(pool.submit(() -> api.post("/api/profiles", doc)));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<Client.Response> r : rs) {
                outcomes.add(r.get().json().path("outcome").asText());
            }
            assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
            assertThat(outcomes).filteredOn("unchanged"::equals).hasSize(31);
            // and many hosts with the same profile at once
            rs.clear();
            for (int i = 0; i < 32; i++) {
                String d = LabFleet.renamed(n1, "twin-" + i);
                rs.add(pool.submit(() -> api.post("/api/profiles", d)));
            }
            for (Future<Client.Response> r : rs) {
                assertThat(r.get().status()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode rows = api.get("/api/status").json().path("rows");
        assertThat(rows.path("host").asLong()).isEqualTo(33);
        assertThat(rows.path("profile").asLong()).isEqualTo(1);
        api.delete("/api/hosts/same-host");
        for (int i = 0; i < 32; i++) {
            assertThat(api.delete("/api/hosts/twin-" + i).status()).isEqualTo(204);
        }
    }

    @Test
    void protectedReadsNeedTheTokenToo() {
        try (ServiceFixture p = ServiceFixture.start(dir.resolve("protected"), null, true, 1 << 20)) {
            assertThat(p.anonymous().get("/api/fleet").status()).isEqualTo(401);
            assertThat(p.client().get("/api/fleet").status()).isEqualTo(200);
            assertThat(p.anonymous().get("/").status()).as("the page itself loads; it asks for the token").isEqualTo(200);
        }
    }
}
