package org.cpumodel.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed (SIGKILL) at many points of {@link SafeOutput#write}: the target is always absent
 * or one complete version, never a mix or a prefix, and the next write removes the killed writer's
 * temporary file.
 */
class KilledWriterTest {

    private static final int SIZE = 256 * 1024;

    @TempDir
    Path tmp;

    /** Writes versions a, b, c, ... of {@code SIZE} bytes each to args[0], forever. */
    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        for (int i = 0; ; i++) {
            SafeOutput.write(target, ("" + (char) ('a' + i % 26)).repeat(SIZE));
        }
    }

    private List<String> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    @Test
    void theTargetIsAlwaysOneCompleteVersion() throws Exception {
        Path target = tmp.resolve("model.json");
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int round = 0; round < 8; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KilledWriterTest.class.getName(), target.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(300 + round * 97L); // JVM start, then somewhere in the write loop
            p.destroyForcibly(); // SIGKILL: no finally block runs
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (Files.exists(target)) {
                String content = Files.readString(target);
                assertThat(content).hasSize(SIZE);
                assertThat(content.chars().distinct().count()).as("one version, not a mix").isEqualTo(1);
            }
        }
        SafeOutput.write(target, "final");
        assertThat(target).hasContent("final");
        assertThat(temporaries()).as("temporary files of killed writers").isEmpty();
    }
}
