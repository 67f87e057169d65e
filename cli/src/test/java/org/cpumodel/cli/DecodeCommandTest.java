package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.cpumodel.profile.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecodeCommandTest {

    @Test
    void decodesEveryFieldWithFeatNames() {
        CliRun r = CliRun.of("decode", "ID_AA64ISAR0_EL1", "0x0000100010211120");
        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).containsPattern("Atomic\\s+23:20\\s+0x2\\s+\\S+\\s+FEAT_LSE\\s");
        assertThat(r.out()).containsPattern("AES\\s+7:4\\s+0x2\\s+PMULL\\s+FEAT_AES,FEAT_PMULL");
        assertThat(r.out()).containsPattern("DP\\s+47:44\\s+0x1\\s+\\S+\\s+FEAT_DotProd");
        assertThat(r.out()).contains("RNDR").contains("lower-safe");
    }

    @Test
    void jsonListsEachFieldWithBitsValueAndRule() throws Exception {
        CliRun r = CliRun.of("decode", "ID_AA64ISAR0_EL1", "0x0000100010211120", "--json");
        assertThat(r.exit()).isZero();
        JsonNode root = Json.mapper().readTree(r.out());
        assertThat(root.get("oneRegId").asText()).isEqualTo("0x603000000013c030");
        JsonNode atomic = null;
        for (JsonNode f : root.get("fields")) {
            if (f.get("field").asText().equals("Atomic")) {
                atomic = f;
            }
        }
        assertThat(atomic).isNotNull();
        assertThat(atomic.get("bits").asText()).isEqualTo("23:20");
        assertThat(atomic.get("value").asInt()).isEqualTo(2);
        assertThat(atomic.get("features").toString()).contains("FEAT_LSE");
        assertThat(atomic.get("writable").asBoolean()).isTrue();
    }

    @Test
    void signedFieldsAndKernelRulesFollowTheKernelVersion() {
        // FP is signed lower-safe but not writable in ID_AA64PFR0_EL1's mask
        CliRun r = CliRun.of("decode", "ID_AA64PFR0_EL1", "0x1100000011110112", "--kernel", "6.12");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("FP\\s+19:16\\s+0x1\\s+FP16.*lower-safe signed\\s+no");
        assertThat(r.out()).containsPattern("EL0\\s+3:0\\s+0x2.*yes");
        // on 6.1 nothing is writable
        CliRun old = CliRun.of("decode", "ID_AA64ISAR0_EL1", "0x0000100010211120", "--kernel", "6.1");
        assertThat(old.out()).doesNotContainPattern("\\byes\\s*$");
    }

    @ParameterizedTest
    @CsvSource({
            "NOT_A_REG,0x1,unknown register",
            "ID_AA64ISAR0_EL1,0xzz,not an ASCII hex digit",
            "ID_AA64ISAR0_EL1,0x10000000000000000,more than a 64-bit value's 16",
            "ID_AA64ISAR0_EL1,12345678901234567,is not hex: write 0x",
            "ID_AA64ISAR0_EL1,123,is not hex: write 0x",
            "ID_AA64ISAR0_EL1,0x12_34,not an ASCII hex digit",
            "ID_AA64ISAR0_EL1,0X1234,is not hex: write 0x",
            "ID_AA64ISAR0_EL1,0x１,not an ASCII hex digit"})
    void badInputIsOneLineAndExitCode2(String reg, String value, String message) {
        CliRun r = CliRun.of("decode", reg, value);
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badKernelIsUsageError() {
        CliRun r = CliRun.of("decode", "ID_AA64ISAR0_EL1", "0x1", "--kernel", "five");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        // a kernel named on the command line or in a document is input (2); only this host's own kernel is environment (3)
        CliRun old = CliRun.of("decode", "ID_AA64ISAR0_EL1", "0x1", "--kernel", "4.19");
        assertThat(old.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(old.err()).contains("older than 5.4");
    }
}
