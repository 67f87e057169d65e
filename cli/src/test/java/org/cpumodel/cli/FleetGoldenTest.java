package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cpumodel.testfixtures.GoldenFiles;
import org.cpumodel.testfixtures.SharedFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden outputs of the planning commands over the committed example fleet (examples/fleet), text
 * and JSON: they run on every clone, without ../shared. After a reviewed change of the output or of
 * the fleet: {@code -Dcpumodel.golden.update=true}, then review the diff.
 */
class FleetGoldenTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "pools.txt           | 0 | pools @fleet",
        "pools.json          | 0 | pools --json @fleet",
        "pools-pmu.txt       | 0 | pools --features pmu @fleet",
        "pools-verbose.txt   | 0 | pools --verbose @fleet",
        "baseline-pool1.txt  | 0 | baseline @cortex-a76_7.3 @cortex-a55_6.12 @cortex-a55_7.3 @neoverse-n1_7.3",
        "baseline-pool1.json | 0 | baseline --json @cortex-a76_7.3 @cortex-a55_6.12 @cortex-a55_7.3 @neoverse-n1_7.3",
        "baseline-pool1-verbose.txt | 0 | baseline --verbose @cortex-a76_7.3 @cortex-a55_6.12 @cortex-a55_7.3 @neoverse-n1_7.3",
        "baseline-6.1.txt    | 1 | baseline @neoverse-n1_6.1 @neoverse-v1_6.12",
        "baseline-max.txt    | 0 | baseline @max_6.12 @max_7.3",
        "compare-n1.txt      | 0 | compare @neoverse-n1_6.12 @neoverse-n1_7.3",
        "compare-n1.json     | 0 | compare --json @neoverse-n1_6.12 @neoverse-n1_7.3",
        "compare-a53-n2.txt  | 1 | compare @cortex-a53_7.3 @neoverse-n2_7.3",
    })
    void matchesTheGoldenOutput(String golden, int exit, String command) {
        Path fleet = SharedFixtures.projectRoot().resolve("examples/fleet");
        List<String> args = new ArrayList<>();
        for (String a : command.split(" ")) {
            args.add(a.equals("@fleet") ? fleet.toString() : a.startsWith("@") ? fleet.resolve(a.substring(1) + ".json").toString() : a);
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        GoldenFiles.assertMatches("cli/src/test/resources/golden/fleet/" + golden, r.out().replace(fleet.toString(), "examples/fleet"));
    }
}
