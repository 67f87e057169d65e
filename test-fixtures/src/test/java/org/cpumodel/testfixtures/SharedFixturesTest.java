package org.cpumodel.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class SharedFixturesTest {

    @Test
    void aPresentPathIsReturned(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("fixtures/x"));
        assertThat(SharedFixtures.require(dir.toString(), "fixtures/x", Map.of("CI", "true"))).isEqualTo(dir.resolve("fixtures/x"));
    }

    @Test
    void anAbsentPathSkipsOnAPlainCloneButFailsUnderCi(@TempDir Path dir) {
        assertThatThrownBy(() -> SharedFixtures.require(dir.toString(), "fixtures/x", Map.of()))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("fixtures/x is absent");
        assertThatThrownBy(() -> SharedFixtures.require(dir.toString(), "fixtures/x", Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("fixtures/x is absent");
        assertThatThrownBy(() -> SharedFixtures.require(null, "fixtures/x", Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("cpumodel.shared is not set");
    }
}
