package org.cpumodel.testfixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code ../shared} directory beside the project (fixtures of real hosts, reference tables), read
 * at test time and never copied into the project. Surefire passes its path as the system property
 * {@code cpumodel.shared}. On a plain clone without it, a test that needs it is skipped (reported as
 * skipped, with the reason); under {@code CI=true} it fails, so CI can never go green without it.
 */
public final class SharedFixtures {

    /** The system property surefire sets to the shared directory. */
    public static final String PROPERTY = "cpumodel.shared";

    private SharedFixtures() {
    }

    /** A path under the shared directory that must exist, e.g. {@code fixtures/raw-silicon}. */
    public static Path path(String relative) {
        return require(System.getProperty(PROPERTY), relative, System.getenv());
    }

    /** Whether the shared directory is there (under CI=true its absence fails the test instead). */
    public static boolean present(String relative) {
        String dir = System.getProperty(PROPERTY);
        if (dir != null && Files.exists(Path.of(dir, relative))) {
            return true;
        }
        if (ci(System.getenv())) {
            Assertions.fail(message(dir, relative));
        }
        return false;
    }

    static Path require(String dir, String relative, Map<String, String> env) {
        Path p = dir == null ? null : Path.of(dir, relative);
        if (p != null && Files.exists(p)) {
            return p;
        }
        if (ci(env)) {
            return Assertions.fail(message(dir, relative));
        }
        Assumptions.assumeTrue(false, message(dir, relative) + ": skipping (CI=true makes this a failure)");
        return null;
    }

    static boolean ci(Map<String, String> env) {
        return "true".equals(env.get("CI"));
    }

    private static String message(String dir, String relative) {
        return dir == null
                ? "system property " + PROPERTY + " is not set (the build sets it to ../shared); needed: " + relative
                : "../shared is incomplete: " + Path.of(dir, relative) + " is absent (put the shared directory beside the project)";
    }

    /** The project's root directory (system property {@code cpumodel.root}, set by the build). */
    public static Path projectRoot() {
        String root = System.getProperty("cpumodel.root");
        Assertions.assertNotNull(root, "system property cpumodel.root is not set (the build sets it to the project directory)");
        return Path.of(root);
    }
}
