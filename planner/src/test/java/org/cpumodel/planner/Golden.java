package org.cpumodel.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden outputs in src/test/resources/golden, reviewed by a person once and compared byte for byte
 * after. Run with -Dcpumodel.updateGolden=true to rewrite them (then review the diff).
 */
final class Golden {

    private Golden() {
    }

    static void assertMatches(String name, String actual) {
        if (Boolean.getBoolean("cpumodel.updateGolden")) {
            String root = System.getProperty("cpumodel.root");
            try {
                Path p = Path.of(root, "planner/src/test/resources/golden", name);
                Files.createDirectories(p.getParent());
                Files.writeString(p, actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return;
        }
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file golden/" + name + " (create it with -Dcpumodel.updateGolden=true and review it)").isNotNull();
            String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(actual).as("output differs from golden/" + name).isEqualTo(expected);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
