package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.cpumodel.profile.Json;
import org.junit.jupiter.api.Test;

class RegsCommandTest {

    @Test
    void jsonListsTheWholeFeatureIdRangeAndTheNonIdRegisters() throws Exception {
        CliRun r = CliRun.of("regs", "--json");
        assertThat(r.exit()).isZero();
        JsonNode arr = Json.mapper().readTree(r.out());
        long inRange = 0;
        boolean icc = false;
        for (JsonNode n : arr) {
            if (n.has("featureIdRangeIndex")) {
                inRange++;
            }
            if (n.get("name").asText().equals("ICC_CTLR_EL1")) {
                icc = true;
                assertThat(n.get("class").asText()).isEqualTo("gic");
            }
        }
        assertThat(inRange).isEqualTo(192);
        assertThat(icc).isTrue();
    }

    @Test
    void tableHidesUnallocatedUnlessAsked() {
        CliRun r = CliRun.of("regs");
        assertThat(r.out()).contains("ID_AA64PFR0_EL1").doesNotContain("S3_0_C0_C3_3");
        assertThat(CliRun.of("regs", "--all").out()).contains("S3_0_C0_C3_3");
    }

    @Test
    void helpListsExitCodes() {
        CliRun r = CliRun.of("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Exit codes").contains("decode").contains("regs");
    }
}
