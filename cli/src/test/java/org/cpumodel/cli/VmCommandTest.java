package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cpumodel vm run} before KVM: help, bad input (exit 2) and a host without arm64 KVM (exit 3). */
class VmCommandTest {

    @TempDir
    Path dir;

    /** A file with a valid arm64 Image header (image_size 4 MiB) and nothing else. */
    Path image() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(16, 4 << 20).putInt(56, 0x644D5241);
        return Files.write(dir.resolve("Image"), b.array());
    }

    @Test
    void helpNamesTheOptionsAndExitCodes() {
        CliRun h = CliRun.of("vm", "run", "--help");
        assertThat(h.exit()).isZero();
        assertThat(h.out()).contains("--kernel=IMAGE", "--initrd=FILE", "--append=ARGS", "--model=MODEL", "--cpus=N", "--mem=SIZE",
                "--console=FILE", "Exit codes: 0 the guest powered off");
        CliRun group = CliRun.of("vm", "--help");
        assertThat(group.out()).contains("run", "migrate", "docs/migration.md");
        CliRun m = CliRun.of("vm", "migrate", "--help");
        assertThat(m.exit()).isZero();
        assertThat(m.out()).contains("--to=ADDR:PORT", "--control=SOCKET", "--downtime=MS", "--max-iterations=N", "--link-timeout=SECONDS",
                "Exit codes: 0 the guest runs on the destination");
        assertThat(h.out()).contains("--incoming=ADDR:PORT", "--control=SOCKET");
        assertThat(CliRun.of("vm").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void badInputIsExitTwoWithOneLine() throws IOException {
        CliRun noKernel = CliRun.of("vm", "run", "--kernel", dir.resolve("none").toString());
        assertThat(noKernel.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noKernel.err()).contains("--kernel").contains("no such file").doesNotContain("Exception");

        CliRun badMem = CliRun.of("vm", "run", "--kernel", image().toString(), "--mem", "lots");
        assertThat(badMem.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badMem.err()).contains("'lots' is not a size");

        CliRun oddMem = CliRun.of("vm", "run", "--kernel", image().toString(), "--mem", "65M");
        assertThat(oddMem.err()).contains("multiple of 2 MiB");

        CliRun tooMany = CliRun.of("vm", "run", "--kernel", image().toString(), "--cpus", "1000");
        assertThat(tooMany.exit()).isEqualTo(ExitCodes.USAGE);

        Path notImage = Files.writeString(dir.resolve("vmlinux"), "\u007fELF".repeat(100));
        CliRun elf = CliRun.of("vm", "run", "--kernel", notImage.toString());
        assertThat(elf.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(elf.err()).contains("not an arm64 Linux Image").contains("vmlinux").hasLineCount(1);

        Path model = Files.writeString(dir.resolve("model.json"), "{\"format\":\"nope\"}");
        CliRun badModel = CliRun.of("vm", "run", "--kernel", image().toString(), "--model", model.toString());
        assertThat(badModel.exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aModelThatIsNotPossibleIsBadInput() throws IOException {
        String text;
        try (InputStream in = VmCommandTest.class.getResourceAsStream("emit/model-n1-a76.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).contains("\"possible\" : true");
        Path model = Files.writeString(dir.resolve("m.json"), text);
        assumeFalse("aarch64".equals(System.getProperty("os.arch")) && Files.isWritable(Path.of("/dev/kvm")), "this host has KVM");
        CliRun r = CliRun.of("vm", "run", "--kernel", image().toString(), "--model", model.toString(), "--mem", "64M");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err()).contains("not an arm64 host");
    }

    @Test
    void migrationBadInputIsExitTwoAndNoVmmIsExitThree() {
        CliRun noPort = CliRun.of("vm", "migrate", "--to", "10.0.0.2", "--control", dir.resolve("vm.sock").toString());
        assertThat(noPort.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noPort.err()).contains("--to 10.0.0.2: give ADDR:PORT").hasLineCount(1);
        CliRun badPort = CliRun.of("vm", "migrate", "--to", "10.0.0.2:99999", "--control", dir.resolve("vm.sock").toString());
        assertThat(badPort.err()).contains("the port must be 1..65535");
        CliRun noDowntime = CliRun.of("vm", "migrate", "--to", "10.0.0.2:4444", "--control", dir.resolve("vm.sock").toString(), "--downtime", "0");
        assertThat(noDowntime.exit()).isEqualTo(ExitCodes.USAGE);
        CliRun noVmm = CliRun.of("vm", "migrate", "--to", "10.0.0.2:4444", "--control", dir.resolve("vm.sock").toString());
        assertThat(noVmm.exit()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(noVmm.err()).contains("no such socket").contains("vm run --control");

        CliRun neither = CliRun.of("vm", "run");
        assertThat(neither.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("--kernel IMAGE is required (or --incoming ADDR:PORT");
        CliRun both = CliRun.of("vm", "run", "--incoming", "127.0.0.1:4444", "--kernel", "Image");
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("come from the source; drop --kernel");
        CliRun badAddress = CliRun.of("vm", "run", "--incoming", "4444");
        assertThat(badAddress.exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void incomingWithoutKvmIsExitThreeBeforeListening() {
        assumeFalse("aarch64".equals(System.getProperty("os.arch")) && Files.isWritable(Path.of("/dev/kvm")), "this host has KVM");
        CliRun r = CliRun.of("vm", "run", "--incoming", "127.0.0.1:4444");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err()).contains("vm: incoming: this host cannot be checked").doesNotContain("waiting for a guest");
    }

    @Test
    void sizes() {
        assertThat(VmRunCommand.parseSize("256")).isEqualTo(256L << 20);
        assertThat(VmRunCommand.parseSize("256M")).isEqualTo(256L << 20);
        assertThat(VmRunCommand.parseSize("512MiB")).isEqualTo(512L << 20);
        assertThat(VmRunCommand.parseSize("2g")).isEqualTo(2L << 30);
        assertThat(VmRunCommand.parseSize("1GiB")).isEqualTo(1L << 30);
    }
}
