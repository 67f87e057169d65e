package org.cpumodel.planner;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cpumodel.importers.FirecrackerImporter;
import org.cpumodel.importers.KernelWhatIf;
import org.cpumodel.importers.LabIdregsImporter;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;

/** Real data from ../shared (system property cpumodel.shared); tests skip when it is absent. */
final class Fixtures {

    private Fixtures() {
    }

    static Path shared() {
        String s = System.getProperty("cpumodel.shared");
        assumeTrue(s != null && Files.isDirectory(Path.of(s)), "../shared is absent (system property cpumodel.shared): skipping");
        return Path.of(s);
    }

    /** Graviton2, 3, 4 (Neoverse N1, V1, V2) under Linux 6.1, from Firecracker fingerprints. */
    static List<HostProfile> graviton() {
        Path dir = shared().resolve("fixtures/firecracker-graviton");
        assumeTrue(Files.isDirectory(dir), dir + " is absent: skipping");
        List<HostProfile> out = new ArrayList<>();
        for (String cpu : new String[] {"N1", "V1", "V2"}) {
            out.add(FirecrackerImporter.importFile(dir.resolve("fingerprint_ARM_NEOVERSE_" + cpu + "_6.1host.json")));
        }
        return out;
    }

    static List<HostProfile> gravitonUnder(String release) {
        return graviton().stream().map(p -> KernelWhatIf.underKernel(p, release)).toList();
    }

    /** The 12 QEMU CPU models of the emulated lab's probe log (Linux 6.12, partial register sets). */
    static List<HostProfile> lab() {
        Path f = shared().resolve("reference/emulated-lab-idregs.txt");
        assumeTrue(Files.isRegularFile(f), f + " is absent: skipping");
        return LabIdregsImporter.importFile(f);
    }

    /** The lab fleet another engineer collects into examples/fleet, when present (empty otherwise). */
    static List<HostProfile> fleet() {
        String root = System.getProperty("cpumodel.root");
        if (root == null) {
            return List.of();
        }
        Path dir = Path.of(root, "examples", "fleet");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().map(ProfileJson::read).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
