package org.cpumodel.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lab/run.sh --payload: the nested guest's kernel and initramfs (and the jar, when built) reach a lab
 * host under /opt/payload byte for byte, as one more archive of its initramfs; the same kernel read
 * through the 9p share is timed next to it for the CI log.
 */
@Tag("lab")
class LabPayloadLabTest {

    static final String KERNEL = "7.3";

    static Lab lab;

    @TempDir
    Path work;

    @BeforeAll
    static void lab() {
        lab = Lab.fromProperties();
        String why = lab.unavailable(KERNEL) != null ? lab.unavailable(KERNEL) : lab.unavailableGuest(KERNEL);
        assumeTrue(why == null, () -> "lab not available: " + why);
    }

    static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void payloadArrivesUnderOptPayload() throws Exception {
        Path payload = lab.nestedGuestPayload(work.resolve("payload"), KERNEL);
        HostSpec spec = HostSpec.of("neoverse-n1", KERNEL).withTimeoutSeconds(600).withPayload(payload);
        try (LabHost h = LabHost.start(lab, spec, work.resolve("host")).awaitReady(Duration.ofSeconds(300))) {
            Files.copy(payload.resolve("vmlinuz"), h.share().resolve("vmlinuz"));
            LabCommand.Result sums = h.exec("cd /opt/payload && sha256sum *", Duration.ofSeconds(120));
            assertThat(sums.status()).isZero();
            try (var files = Files.list(payload)) {
                for (Path f : files.toList()) {
                    assertThat(sums.stdout()).as("sha256 of %s in the lab host", f.getFileName()).contains(sha256(f) + "  " + f.getFileName());
                }
            }
            LabCommand.Result ninep = h.exec(Lab.timed("ninep-seconds", "cp /mnt/share/vmlinuz /tmp/vmlinuz") + "; cmp /tmp/vmlinuz /opt/payload/vmlinuz && echo same",
                    Duration.ofSeconds(400));
            assertThat(ninep.stdout()).contains("same");
            double mib = Files.size(payload.resolve("vmlinuz")) / 1048576.0;
            double s = Double.parseDouble(ninep.stdout().lines().filter(l -> l.startsWith("ninep-seconds ")).findFirst().orElseThrow().substring(14));
            System.out.println(String.format(Locale.ROOT, "lab: payload of %.1f MiB under /opt/payload; host up (agent ready) after %.1f s, guest uptime %.1f s;"
                    + " the same %.1f MiB kernel read through 9p: %.1f s (%.1f MiB/s)", dirMib(payload), h.readySeconds(), h.guestReadyUptime(), mib, s, mib / s));
        }
    }

    static double dirMib(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
            return total / 1048576.0;
        }
    }
}
