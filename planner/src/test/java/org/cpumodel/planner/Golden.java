package org.cpumodel.planner;

import org.cpumodel.testfixtures.GoldenFiles;

/** The planner's golden outputs in src/test/resources/golden ({@link GoldenFiles}: -Dcpumodel.golden.update=true rewrites them). */
public final class Golden {

    private Golden() {
    }

    public static void assertMatches(String name, String actual) {
        GoldenFiles.assertMatches("planner/src/test/resources/golden/" + name, actual);
    }
}
