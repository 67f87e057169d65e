package org.cpumodel.planner.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.report.Reports;
import org.junit.jupiter.api.Test;

/** compare's text lists by default only the fields that keep one side off the other (issue 10 e). */
class CompareTextTest {

    @Test
    void fieldsThatRunEitherWayAreCountedNotListed() {
        Compare.Difference blocks = new Compare.Difference("ID_AA64ISAR0_EL1.SHA3", "0 (NI)", "1 (IMP)", false, true, List.of(), List.of("FEAT_SHA3"));
        Compare.Difference both = new Compare.Difference("ID_ISAR5_EL1.AES", "0 (NI)", "2 (VMULL)", true, true, List.of(), List.of());
        Compare.Result r = new Compare.Result("a", "b", Compare.Relation.SUBSET, List.of("ID_AA64ISAR0_EL1.SHA3"), List.of(blocks, both), List.of());
        String brief = Reports.compare(r, false);
        assertThat(brief).contains("ID_AA64ISAR0_EL1.SHA3").doesNotContain("ID_ISAR5_EL1.AES").contains("(+1 field(s) that differ but run either way; --verbose");
        assertThat(Reports.compare(r, true)).contains("ID_AA64ISAR0_EL1.SHA3", "ID_ISAR5_EL1.AES").doesNotContain("--verbose");
    }
}
