package org.cpumodel.importers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;

/**
 * The published schema docs/schemas/host-profile.schema.json accepts every profile cpumodel writes
 * (the bundled fleet collected in the lab, and imports of the shared fixtures) and rejects broken ones.
 */
class HostProfileSchemaTest {

    private static Path root() {
        return Path.of(System.getProperty("cpumodel.root", ".."));
    }

    private static JsonSchema schema() throws IOException {
        Path file = root().resolve("docs/schemas/host-profile.schema.json");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(file));
    }

    private static Set<ValidationMessage> validate(JsonSchema schema, String json) throws IOException {
        return schema.validate(Json.mapper().readTree(json));
    }

    @Test
    void bundledFleetProfilesMatchTheSchemaAndRoundTrip() throws IOException {
        JsonSchema schema = schema();
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(root().resolve("examples/fleet"))) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(17);
        for (Path f : files) {
            String text = Files.readString(f);
            assertThat(validate(schema, text)).as(f.toString()).isEmpty();
            HostProfile p = ProfileJson.read(f);
            assertThat(p.id()).startsWith("sha256:");
            assertThat(ProfileJson.write(p)).as("%s is written in canonical form", f).isEqualTo(text);
        }
    }

    @Test
    void importedProfilesMatchTheSchema() throws IOException {
        Path shared = SharedFixtures.path("fixtures").getParent();
        JsonSchema schema = schema();
        List<HostProfile> profiles = new ArrayList<>(LabIdregsImporter.importFile(shared.resolve("reference/emulated-lab-idregs.txt")));
        try (var s = Files.list(shared.resolve("fixtures/firecracker-graviton"))) {
            for (Path p : s.sorted().toList()) {
                profiles.add(FirecrackerImporter.importFile(p));
            }
        }
        for (HostProfile p : profiles) {
            assertThat(validate(schema, ProfileJson.write(p))).as(p.host().name()).isEmpty();
        }
    }

    @Test
    void theSchemaRejectsBrokenProfiles() throws IOException {
        JsonSchema schema = schema();
        Path any;
        try (var s = Files.list(root().resolve("examples/fleet"))) {
            any = s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        JsonNode good = Json.mapper().readTree(Files.readString(any));
        var badKey = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) badKey).put("surprise", 1);
        assertThat(schema.validate(badKey)).isNotEmpty();
        var badHex = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) badHex.get("featureSets").get("default").get("registers")).put("ID_AA64PFR0_EL1", "0xZZ");
        assertThat(schema.validate(badHex)).isNotEmpty();
        var noDefault = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) noDefault.get("featureSets")).remove("default");
        assertThat(schema.validate(noDefault)).isNotEmpty();
    }
}
