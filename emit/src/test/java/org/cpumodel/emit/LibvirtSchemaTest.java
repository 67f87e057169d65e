package org.cpumodel.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpumodel.profile.HostProfile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The libvirt fragment, inside a minimal domain, validates against libvirt's own RNG schema with
 * {@code virt-xml-validate} (Debian package libvirt-clients, installed by tools/test.sh; skipped when absent).
 */
class LibvirtSchemaTest {

    @TempDir
    Path dir;

    static boolean haveValidator() {
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(p, "virt-xml-validate"))) {
                return true;
            }
        }
        return false;
    }

    private ProcessResult validate(String xml) throws IOException, InterruptedException {
        Path f = dir.resolve("domain-" + System.nanoTime() + ".xml");
        Files.writeString(f, xml, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(List.of("virt-xml-validate", f.toString(), "domain")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(p.exitValue(), out);
    }

    record ProcessResult(int code, String output) {
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void fragmentValidatesAgainstLibvirtsSchema(boolean withHost) throws Exception {
        assumeTrue(haveValidator(), "virt-xml-validate not installed (Debian: libvirt-clients)");
        HostProfile host = withHost ? Fixtures.n1() : null;
        String fragment = Emitters.emit(EmitFormat.LIBVIRT, Fixtures.model(), host).text();
        ProcessResult r = validate(LibvirtEmitter.wrapInDomain(fragment));
        assertThat(r.code()).as(r.output()).isZero();
        // not vacuous: a wrong cpu mode is refused by the same schema
        ProcessResult bad = validate(LibvirtEmitter.wrapInDomain(fragment.replace("host-passthrough", "host-magic")));
        assertThat(bad.code()).isNotZero();
    }
}
