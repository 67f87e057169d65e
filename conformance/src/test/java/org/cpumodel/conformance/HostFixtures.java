package org.cpumodel.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cpumodel.importers.FirecrackerImporter;
import org.cpumodel.importers.LabIdregsImporter;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.testfixtures.SharedFixtures;

/** Host profiles made at test time from ../shared (never copied into the project). */
final class HostFixtures {

    private HostFixtures() {
    }

    static Path shared() {
        SharedFixtures.path("reference");
        return SharedFixtures.path("fixtures").getParent();
    }

    /** The 12 lab hosts of emulated-lab-idregs.txt (Linux 6.12). */
    static List<HostProfile> labLog() {
        return LabIdregsImporter.importFile(shared().resolve("reference/emulated-lab-idregs.txt"));
    }

    /** Graviton2/3/4 under their real kernel 6.1. */
    static List<HostProfile> graviton() {
        List<HostProfile> out = new ArrayList<>();
        try (var s = Files.list(shared().resolve("fixtures/firecracker-graviton"))) {
            for (Path p : s.sorted().toList()) {
                out.add(FirecrackerImporter.importFile(p));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    static HostProfile underKernel(HostProfile p, String release) {
        return org.cpumodel.importers.KernelWhatIf.underKernel(p, release);
    }
}
