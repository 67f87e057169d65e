package org.cpumodel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeOutputTest {

    @TempDir
    Path tmp;

    private long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void replacesARegularFileAndLeavesNoTemporaryFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("m.json"), "old");
        SafeOutput.write(f, "new");
        assertThat(f).hasContent("new");
        assertThat(entries(tmp)).isEqualTo(1);
    }

    /** Through a link in the test's directory: a regression then replaces the link, never /dev/null itself. */
    @Test
    void neverReplacesADevice() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("null.json"), Path.of("/dev/null"));
        assertThatThrownBy(() -> SafeOutput.write(link, "x")).isInstanceOf(OutputException.class)
                .hasMessageStartingWith(link + ": is not a regular file");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
    }

    @Test
    void refusesADirectoryAndAFifo() throws Exception {
        assertThatThrownBy(() -> SafeOutput.write(tmp, "x")).hasMessage(tmp + ": is a directory (give a file name inside it)");
        Path fifo = tmp.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> SafeOutput.write(fifo, "x")).hasMessageContaining("is not a regular file");
        assertThat(Files.isRegularFile(fifo)).isFalse();
    }

    @Test
    void writesThroughASymlinkToTheFileItNames() throws IOException {
        Path real = Files.writeString(tmp.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), real.getFileName());
        SafeOutput.write(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("new");
    }

    @Test
    void aFileAsParentFailsInOneLineLeavingNothing() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "keep");
        assertThatThrownBy(() -> SafeOutput.write(file.resolve("child.json"), "x")).isInstanceOf(OutputException.class)
                .hasMessageStartingWith(file.resolve("child.json") + ": ").hasMessageNotContaining("Exception");
        assertThat(file).hasContent("keep");
        assertThat(entries(tmp)).isEqualTo(1);
    }
}
