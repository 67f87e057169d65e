package org.cpumodel.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.service.fleet.DistinctProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test over loopback on the embedded database: 10,000 profile uploads from concurrent
 * clients, then 100,000 placement queries. Asserted: no error, no lost or duplicated host or profile,
 * every host on the profile its document presents. The latencies are printed, not asserted (timing
 * belongs to bench/: ServiceLoad and docs/benchmarks.md).
 */
class LoadTest {

    static final int UPLOADS = 10_000;
    static final int QUERIES = 100_000;
    static final int UPLOAD_CLIENTS = 8;
    /** A scheduler's few workers: more clients than cores only measure the queue. */
    static final int QUERY_CLIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void tenThousandUploadsAndAHundredThousandPlacements() throws Exception {
        List<String> docs = new ArrayList<>(LabFleet.documents().values());
        Map<String, String> expectedProfile = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            expectedProfile.put(Integer.toString(i), DistinctProfile.of(ProfileJson.parse("lab", docs.get(i))).id());
        }
        try (ServiceFixture f = ServiceFixture.start(dir, null)) {
            LoadClient.Report up = LoadClient.uploads(f.url(), f.token(), docs, "load", UPLOADS, UPLOAD_CLIENTS);
            System.out.println("LoadTest " + up.line());
            assertThat(up.errors()).as(up.firstErrors().toString()).isZero();

            JsonNode rows = f.client().get("/api/status").json().path("rows");
            assertThat(rows.path("host").asLong()).isEqualTo(UPLOADS);
            assertThat(rows.path("profile").asLong()).isEqualTo(expectedProfile.values().stream().distinct().count());
            JsonNode hosts = f.client().get("/api/hosts?limit=100000").json();
            assertThat(hosts.path("total").asInt()).isEqualTo(UPLOADS);
            List<String> names = new ArrayList<>();
            for (JsonNode h : hosts.path("hosts")) {
                String name = h.path("name").asText();
                int i = Integer.parseInt(name.substring(name.indexOf('-') + 1));
                assertThat(h.path("profileId").asText()).as(name).isEqualTo(expectedProfile.get(Integer.toString(i % docs.size())));
                names.add(name);
            }
            assertThat(names).doesNotHaveDuplicates().hasSize(UPLOADS);

            // a second round of the same documents changes nothing
            LoadClient.Report again = LoadClient.uploads(f.url(), f.token(), docs, "load", 500, UPLOAD_CLIENTS);
            assertThat(again.errors()).isZero();
            assertThat(f.client().get("/api/status").json().path("rows").path("host").asLong()).isEqualTo(UPLOADS);

            LoadClient.Report q = LoadClient.placements(f.url(), names, QUERIES, QUERY_CLIENTS, 42);
            System.out.println("LoadTest " + q.line());
            assertThat(q.errors()).as(q.firstErrors().toString()).isZero();
        }
    }
}
