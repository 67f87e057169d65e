package org.cpumodel.planner;


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
import org.cpumodel.testfixtures.SharedFixtures;

/** Real data from ../shared ({@link SharedFixtures}: skipped on a plain clone without it, a failure under CI=true). */
public final class Fixtures {

    private Fixtures() {
    }


    /** Graviton2, 3, 4 (Neoverse N1, V1, V2) under Linux 6.1, from Firecracker fingerprints. */
    public static List<HostProfile> graviton() {
        Path dir = SharedFixtures.path("fixtures/firecracker-graviton");
        List<HostProfile> out = new ArrayList<>();
        for (String cpu : new String[] {"N1", "V1", "V2"}) {
            out.add(FirecrackerImporter.importFile(dir.resolve("fingerprint_ARM_NEOVERSE_" + cpu + "_6.1host.json")));
        }
        return out;
    }

    public static List<HostProfile> gravitonUnder(String release) {
        return graviton().stream().map(p -> KernelWhatIf.underKernel(p, release)).toList();
    }

    /** The 12 QEMU CPU models of the emulated lab's probe log (Linux 6.12, partial register sets). */
    public static List<HostProfile> lab() {
        Path f = SharedFixtures.path("reference/emulated-lab-idregs.txt");
        return LabIdregsImporter.importFile(f);
    }

    /** The lab fleet another engineer collects into examples/fleet, when present (empty otherwise). */
    public static List<HostProfile> fleet() {
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
