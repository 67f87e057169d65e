package org.cpumodel.migration;

import org.cpumodel.profile.HostFacts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
import org.junit.jupiter.api.Test;

/** The destination's decision, on the lab fleet's profiles of QEMU's CPU models under Linux 7.3 (examples/fleet). */
class DestinationCheckTest {

    static final long QEMU_COUNTER = 62_500_000L;

    static HostProfile fleet(String name) {
        return ProfileJson.read(Path.of("../examples/fleet/" + name + "_7.3.json"));
    }

    static Offer offer(GuestCpuModel m, boolean booted, long hz) {
        return new Offer(ModelJson.write(m), booted, 2, 256L << 20, hz, "lab-neoverse-n1");
    }

    final GuestCpuModel pool = Baseline.compute(List.of(fleet("neoverse-n1"), fleet("cortex-a76")), FeatureSet.DEFAULT);

    @Test
    void aPoolMemberAcceptsThePoolsModel() {
        Verdict v = DestinationCheck.decide(offer(pool, true, QEMU_COUNTER), new DestinationCheck.Live(fleet("cortex-a76"), QEMU_COUNTER));
        assertThat(v.accepted()).as(v.describe()).isTrue();
        assertThat(v.reason()).contains("passed").contains("62.5 MHz on both");
    }

    @Test
    void aHostOutsideThePoolRefusesAtTheFieldThePlannerNames() {
        Verdict v = DestinationCheck.decide(offer(pool, true, QEMU_COUNTER), new DestinationCheck.Live(fleet("neoverse-v1"), QEMU_COUNTER));
        assertThat(v.accepted()).isFalse();
        assertThat(v.register()).isEqualTo("ID_AA64DFR0_EL1");
        assertThat(v.field()).isEqualTo("DoubleLock");
        assertThat(v.describe()).startsWith("refused at ID_AA64DFR0_EL1 field DoubleLock (rule LOWER_SAFE): KVM_SET_ONE_REG ID_AA64DFR0_EL1 = 0x")
                .contains("EINVAL");
    }

    @Test
    void aGuestBootedOnItsHostsOwnCpuIsRefusedAtTheFirstFieldThatDiffersAndToldWhatToDo() {
        GuestCpuModel own = Baseline.compute(List.of(fleet("neoverse-n1")), FeatureSet.DEFAULT);
        Verdict v = DestinationCheck.decide(offer(own, false, QEMU_COUNTER), new DestinationCheck.Live(fleet("cortex-a76"), QEMU_COUNTER));
        assertThat(v.accepted()).isFalse();
        assertThat(v.register() + "." + v.field()).isEqualTo("ID_AA64PFR1_EL1.SSBS");
        assertThat(v.reason()).contains("boot it under the pool's model");
    }

    @Test
    void theSourcesOwnModelFromAFreshlyMeasuredProfileIsReadableAndRefusedAtTheFirstFieldThatDiffers() {
        // a profile as collect measures it has no content id until it is identified; the model names it
        HostProfile measured = HostFacts.withCounterFrequency(fleet("neoverse-n1"), QEMU_COUNTER);
        assertThat(measured.id()).isNull();
        String json = SourceOffer.ownModel(SourceOffer.identified(measured, QEMU_COUNTER));
        Verdict v = DestinationCheck.decide(new Offer(json, false, 1, 256L << 20, QEMU_COUNTER, "neoverse-n1"),
                new DestinationCheck.Live(fleet("cortex-a76"), QEMU_COUNTER));
        assertThat(v.register() + "." + v.field()).as(v.describe()).isEqualTo("ID_AA64PFR1_EL1.SSBS");
    }

    @Test
    void anotherCounterFrequencyIsRefusedBeforeTheModelIsLookedAt() {
        Verdict v = DestinationCheck.decide(offer(pool, true, 1_000_000_000L), new DestinationCheck.Live(fleet("cortex-a76"), QEMU_COUNTER));
        assertThat(v.accepted()).isFalse();
        assertThat(v.register()).isEqualTo("CNTFRQ_EL0");
        assertThat(v.reason()).contains("runs at 1 GHz, this host's at 62.5 MHz").contains("same frequency");
    }

    @Test
    void anUnreadableModelIsRefused() {
        Verdict v = DestinationCheck.decide(new Offer("{not json", true, 1, 1 << 20, QEMU_COUNTER, "x"),
                new DestinationCheck.Live(fleet("cortex-a76"), QEMU_COUNTER));
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).startsWith("the offered model is not readable");
    }
}
