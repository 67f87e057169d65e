package org.cpumodel.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cpumodel.profile.ProfileJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The host launcher on a lab host, timed. {@link Isolated}: no other boot runs meanwhile, since two
 * emulated hosts on this machine's two cores would each run at half speed and the guest times
 * printed here are the figure.
 */
@Tag("lab")
@Isolated
class LabLauncherTest {

    static Lab lab;

    @TempDir
    static Path work;

    @BeforeAll
    static void lab() {
        lab = Lab.fromProperties();
        String why = lab.unavailable("6.12");
        assumeTrue(why == null, () -> "lab not available: " + why);
        assertThat(lab.jar()).as("the shaded jar (build with: ./mvnw -pl cli -am package)").isRegularFile();
    }

    /**
     * The host launcher ({@code cli/src/dist/cpumodel}) installed as an operator would: its first
     * collect records and builds the JDK AOT cache, later ones start from it. The CI log gets the
     * guest times (the figure: under 2 s of guest time on neoverse-n1); the test checks that
     * every run gives the same profile, that the cache exists and that stdout carries only JSON.
     */
    @Test
    void hostLauncherBuildsItsAotCacheAndCollects() throws Exception {
        Path share = lab.shareWithJar(work, "launcher_neoverse-n1_6.12");
        Files.copy(lab.root().resolve("cli/src/dist/cpumodel"), share.resolve("cpumodel"));
        String cpumodel = "sh /opt/cpumodel/cpumodel";
        StringBuilder script = new StringBuilder("mkdir -p /opt/cpumodel && cp /mnt/share/cpumodel.jar /mnt/share/cpumodel /opt/cpumodel/");
        script.append("; ").append(Lab.timed("first-seconds", cpumodel + " collect --out /mnt/share/first.json"));
        script.append("; [ -s /opt/cpumodel/cpumodel.aot ] && echo aot-cache-built");
        for (int i = 1; i <= 5; i++) {
            script.append("; ").append(Lab.timed("run" + i + "-seconds", cpumodel + " collect --out /mnt/share/run" + i + ".json 2>/dev/null"));
        }
        script.append("; ").append(cpumodel).append(" collect >/mnt/share/stdout.json 2>/dev/null; echo \"stdout-rc $?\"");
        Lab.Result r = lab.run("neoverse-n1", "6.12", share, 600, script.toString());
        List<String> runs = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            runs.add(r.value("run" + i + "-seconds"));
        }
        System.out.println(String.format(Locale.ROOT, "lab: host launcher on neoverse-n1 6.12: first collect (records and builds the AOT cache) %s s;"
                + " then with the cache %s s of guest time", r.value("first-seconds"), String.join(", ", runs)));
        assertThat(r.value("first-seconds-rc")).as("first collect; stderr:%n%s", r.stderr()).isEqualTo("0");
        assertThat(r.stdout()).contains("aot-cache-built");
        String id = ProfileJson.read(share.resolve("first.json")).id();
        for (int i = 1; i <= 5; i++) {
            assertThat(r.value("run" + i + "-seconds-rc")).isEqualTo("0");
            assertThat(ProfileJson.read(share.resolve("run" + i + ".json")).id()).isEqualTo(id);
        }
        assertThat(r.value("stdout-rc")).isEqualTo("0");
        assertThat(ProfileJson.read(share.resolve("stdout.json")).id()).as("stdout is the profile and nothing else").isEqualTo(id);
    }

}
