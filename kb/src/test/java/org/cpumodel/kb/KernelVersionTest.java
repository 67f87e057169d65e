package org.cpumodel.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KernelVersionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "6.12|6|12", "6.12.117|6|12", "6.12.117+deb13-arm64|6|12", "7.3.4-1|7|3", "  6.1.0-50-arm64|6|1",
        "6.1-rc3|6|1", "6.15~rc1|6|15", "6.8_custom|6|8", "6.6 #1 SMP|6|6", "2.0|2|0", "99.999|99|999"})
    void parsesReleases(String release, int major, int minor) {
        assertThat(KernelVersion.parse(release)).isEqualTo(new KernelVersion(major, minor));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "6", "6.", ".12", "6.x", "6.12a", "v6.12", "6..12", "6.12/arm64", "1.0", "100.1", "6.1000",
        "99999999999.1"})
    void rejectsEverythingElseInOneLine(String release) {
        assertThatThrownBy(() -> KernelVersion.parse(release)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"6.1", "6.12", "7.0", "7.3"})
    void equalsAndHashCodeFollowTheNumbers(String v) {
        KernelVersion a = KernelVersion.parse(v);
        KernelVersion b = KernelVersion.parse(v + ".9-arm64");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new KernelVersion(a.major(), a.minor() + 1));
    }
}
