package org.cpumodel.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cpumodel.service.api.Access;
import org.cpumodel.service.api.ApiRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document the service serves describes exactly the routes Javalin has registered, with the right security. */
class OpenApiTest {

    @TempDir
    Path dir;

    @Test
    void documentMatchesTheRegisteredRoutes() {
        try (ServiceFixture f = ServiceFixture.start(dir, null)) {
            JsonNode doc = f.anonymous().get("/api/openapi.json").json();
            assertThat(doc.path("openapi").asText()).startsWith("3.1");
            Map<String, Boolean> documented = new TreeMap<>();
            doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m ->
                    documented.put(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey(), m.getValue().has("security"))));
            List<String> registered = f.service().registeredRoutes().stream().filter(r -> r.contains(" /api/")).toList();
            assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(registered);
            for (ApiRoute r : f.service().routes().routes()) {
                assertThat(documented.get(r.method().name() + " " + r.path())).as(r.method() + " " + r.path() + " security")
                        .isEqualTo(r.access() == Access.WRITE);
            }
            List<String> refs = new ArrayList<>();
            collectRefs(doc, refs);
            for (String ref : refs) {
                assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
            }
        }
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(x -> collectRefs(x, out));
        }
    }
}
