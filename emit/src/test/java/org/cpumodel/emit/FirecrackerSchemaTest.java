package org.cpumodel.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.testfixtures.SharedFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Firecracker template validates against Firecracker's own JSON Schema (read from ../shared at test time). */
class FirecrackerSchemaTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void templateIsValidAgainstFirecrackersSchema(boolean withHost) throws IOException {
        Path schemaFile = SharedFixtures.path("reference/formats/firecracker-cpu-template.schema.json");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(schemaFile));
        HostProfile host = withHost ? Fixtures.n1() : null;
        String template = Emitters.emit(EmitFormat.FIRECRACKER, Fixtures.model(), host).text();
        Set<ValidationMessage> errors = schema.validate(Json.mapper().readTree(template));
        assertThat(errors).isEmpty();
        // the schema is permissive (no additionalProperties: false); check Firecracker's own patterns as well
        Json.mapper().readTree(template).path("reg_modifiers").forEach(m -> {
            assertThat(m.path("addr").asText()).matches("0x[0-9a-f]{16}");
            assertThat(m.path("bitmap").asText()).matches("0b[01x]{64}");
        });
        Json.mapper().readTree(template).path("vcpu_features").forEach(m -> assertThat(m.path("bitmap").asText()).matches("0b[01x]{1,32}"));
        // a template that breaks the schema is caught: the check is not vacuous
        assertThat(schema.validate(Json.mapper().readTree("{\"reg_modifiers\":[{\"addr\":1}]}"))).isNotEmpty();
    }
}
