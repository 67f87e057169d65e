package org.cpumodel.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrecopyPolicyTest {

    static final double MIB_S_60 = 60.0 * 1048576;
    final PrecopyPolicy p = new PrecopyPolicy(300_000_000L, 30);

    @Test
    void stopsWhenTheRestFitsTheDowntimeAtTheMeasuredBandwidth() {
        // 60 MiB/s x 300 ms = 18 MiB
        assertThat(p.stopAndCopy(1, 17L << 20, MIB_S_60)).isTrue();
        assertThat(p.stopAndCopy(1, 19L << 20, MIB_S_60)).isFalse();
        assertThat(p.stopAndCopy(5, 0, 0)).as("nothing left").isTrue();
        assertThat(p.stopAndCopy(1, 4096, 0)).as("no bandwidth measured yet").isFalse();
    }

    @Test
    void stopsAtTheIterationCapWhateverIsLeft() {
        assertThat(p.stopAndCopy(29, 1L << 30, MIB_S_60)).isFalse();
        assertThat(p.stopAndCopy(30, 1L << 30, MIB_S_60)).isTrue();
    }

    @Test
    void autoConvergeStartsAt20AndStepsBy10UpTo99() {
        assertThat(PrecopyPolicy.nextThrottle(0, 10, 100)).as("the link keeps up").isZero();
        assertThat(PrecopyPolicy.nextThrottle(0, 60, 100)).isEqualTo(20);
        assertThat(PrecopyPolicy.nextThrottle(20, 60, 100)).isEqualTo(30);
        assertThat(PrecopyPolicy.nextThrottle(90, 60, 100)).isEqualTo(99);
        assertThat(PrecopyPolicy.nextThrottle(99, 60, 100)).isEqualTo(99);
        assertThat(PrecopyPolicy.nextThrottle(40, 50, 100)).as("exactly half: no change").isEqualTo(40);
    }
}
