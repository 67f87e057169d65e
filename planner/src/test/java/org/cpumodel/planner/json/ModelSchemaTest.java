package org.cpumodel.planner.json;

import org.cpumodel.planner.Fixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.ModelJson;
import org.junit.jupiter.api.Test;

/** The published schema docs/schemas/guest-model.schema.json accepts what ModelJson writes. */
class ModelSchemaTest {

    private static JsonSchema schema() throws IOException {
        String root = System.getProperty("cpumodel.root");
        assumeTrue(root != null, "cpumodel.root not set: skipping");
        Path p = Path.of(root, "docs/schemas/guest-model.schema.json");
        assumeTrue(Files.isRegularFile(p), p + " absent: skipping");
        try (InputStream in = Files.newInputStream(p)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void possibleAndImpossibleModelsValidate() throws IOException {
        JsonSchema s = schema();
        var possible = ModelJson.toTree(Baseline.compute(Fixtures.gravitonUnder("7.3.4").subList(1, 3), FeatureSet.DEFAULT));
        var impossible = ModelJson.toTree(Baseline.compute(Fixtures.graviton(), FeatureSet.DEFAULT));
        assertThat(s.validate(possible)).isEmpty();
        assertThat(s.validate(impossible)).isEmpty();
        possible.put("extra", 1);
        assertThat(s.validate(possible)).isNotEmpty();
    }
}
