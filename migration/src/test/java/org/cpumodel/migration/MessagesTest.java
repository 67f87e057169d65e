package org.cpumodel.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void offerAndVerdictRoundTrip() throws IOException {
        Offer o = new Offer("{\"kind\":\"model\"}", true, 2, 256L << 20, 62_500_000L, "lab-neoverse-n1");
        assertThat(Offer.decode(o.encode())).isEqualTo(o);
        Verdict v = new Verdict(false, "ID_AA64DFR0_EL1", "DoubleLock", "LOWER_SAFE", "DoubleLock=0 is not safe");
        assertThat(Verdict.decode(v.encode())).isEqualTo(v);
        assertThat(v.describe()).isEqualTo("refused at ID_AA64DFR0_EL1 field DoubleLock (rule LOWER_SAFE): DoubleLock=0 is not safe");
        assertThat(Verdict.accept("fits").describe()).isEqualTo("accepted: fits");
    }

    @Test
    void controlCommandsParseAndPrint() {
        ControlCommand.Migrate m = new ControlCommand.Migrate("10.0.0.2", 4444, 300, 30_000, 30);
        assertThat(ControlCommand.parse(m.line())).isEqualTo(m);
        assertThat(ControlCommand.parse("status")).isInstanceOf(ControlCommand.Status.class);
        assertThatThrownBy(() -> ControlCommand.parse("migrate 10.0.0.2 70000 300 30000 30")).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> ControlCommand.parse("migrate 10.0.0.2 4444 x 30000 30")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ControlCommand.parse("reboot")).hasMessageContaining("unknown command 'reboot'");
        assertThatThrownBy(() -> ControlCommand.parse(null)).hasMessageContaining("no command");
    }

    @Test
    void theReportSaysWhatMovedAgainstGuestRam() {
        MigrationReport r = new MigrationReport(MigrationReport.Outcome.MIGRATED, "ok", 4, 98304, 65536, 420L << 20, 412_000_000L, 38_200_000_000L, 0);
        assertThat(r.summary()).isEqualTo("migrated: 4 iteration(s), 98304 pages sent (384.0 MiB, 1.50x guest RAM of 65536 pages), 420.0 MiB on the link,"
                + " downtime 412 ms, total 38.2 s, throttle 0 %");
    }
}
