package org.cpumodel.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden outputs: files in a module's source tree, reviewed by a person once and compared byte for
 * byte after. The one switch {@code -Dcpumodel.golden.update=true} rewrites them instead (then review
 * the diff with git).
 */
public final class GoldenFiles {

    /** The system property that rewrites golden files instead of comparing. */
    public static final String UPDATE = "cpumodel.golden.update";

    private GoldenFiles() {
    }

    /** Whether this run rewrites golden files. */
    public static boolean updating() {
        return Boolean.getBoolean(UPDATE);
    }

    /**
     * Compares {@code actual} with the golden file at {@code relative} below the project root (e.g.
     * {@code planner/src/test/resources/golden/x.txt}), or rewrites it under the update switch.
     */
    public static void assertMatches(String relative, String actual) {
        Path file = SharedFixtures.projectRoot().resolve(relative);
        try {
            if (updating()) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file " + relative + " (create it with -D" + UPDATE + "=true and review it)").isRegularFile();
            assertThat(actual).as("output differs from " + relative + " (after a reviewed change: -D" + UPDATE + "=true)")
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
