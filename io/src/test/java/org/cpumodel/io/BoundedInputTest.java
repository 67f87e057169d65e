package org.cpumodel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedInputTest {

    @TempDir
    Path tmp;

    private static InputException refused(Path p) {
        try {
            BoundedInput.readBytes(p, 1024);
        } catch (InputException e) {
            return e;
        }
        throw new AssertionError(p + " was read");
    }

    @Test
    void readsARegularFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("a.json"), "{}\n");
        assertThat(BoundedInput.readText(f)).isEqualTo("{}\n");
    }

    @Test
    void refusesAFifoBeforeOpeningIt() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        InputException e = refused(fifo); // would block in open(2) if it were opened
        assertThat(e.badInput()).isTrue();
        assertThat(e.getMessage()).startsWith(fifo + ": is not a regular file");
    }

    @Test
    void refusesDevicesDirectoriesAndMissingFiles() {
        assertThat(refused(Path.of("/dev/zero")).getMessage()).contains("not a regular file");
        assertThat(refused(Path.of("/dev/urandom")).getMessage()).contains("not a regular file");
        assertThat(refused(tmp).getMessage()).isEqualTo(tmp + ": is a directory (give a file)");
        assertThat(refused(tmp.resolve("none")).getMessage()).endsWith("no such file or directory");
    }

    @Test
    void refusesALargeFileWithoutReadingIt() throws IOException {
        Path f = Files.write(tmp.resolve("big"), new byte[2048]);
        assertThat(refused(f).getMessage()).contains("larger than the input limit of 1024 bytes (2048 bytes)", BoundedInput.MAX_ENV);
    }

    @Test
    void refusesAnEmptyFileAndInvalidUtf8() throws IOException {
        assertThat(refused(Files.write(tmp.resolve("empty"), new byte[0])).getMessage()).contains("is empty");
        byte[] bad = "{\"a\":\"x\"}".getBytes(StandardCharsets.US_ASCII);
        bad[6] = (byte) 0xff;
        Path f = Files.write(tmp.resolve("bad"), bad);
        assertThatThrownBy(() -> BoundedInput.readText(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ": is not valid UTF-8 (bad byte near offset 6); save it as UTF-8");
    }
}
