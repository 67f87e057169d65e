package org.cpumodel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Collect and the reference KVM through the same KVM interface: collecting the reference KVM of a
 * profile measured in the lab gives that profile's measurements back (registers, CCSIDRs, register
 * lists, SVE vector lengths, masks, capabilities, ICC_CTLR_EL1); and the sanitised-field probe finds
 * the host values the reference KVM was given.
 */
class CollectFromReferenceTest {

    @TempDir
    Path root;

    static HostProfile fleet(String name) {
        return ProfileJson.read(Path.of(System.getProperty("cpumodel.root", ".."), "examples/fleet", name + ".json"));
    }

    private HostFiles files(String release) throws IOException {
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), release + "\n");
        return new HostFiles(root);
    }

    @ParameterizedTest
    @ValueSource(strings = {"neoverse-n1_7.3", "max_6.12", "a64fx_7.3", "neoverse-n1_6.1"})
    void collectingTheReferenceKvmOfAProfileGivesItsMeasurementsBack(String name) throws IOException {
        HostProfile measured = fleet(name);
        List<FeatureSet> sets = new ArrayList<>();
        measured.featureSets().keySet().forEach(s -> sets.add(FeatureSet.parse(s)));
        HostCollector.Result r = new HostCollector(new ReferenceKvm(measured), files(measured.host().kernelRelease()), line -> { })
                .collect(sets, measured.host().name());
        HostProfile collected = r.profile();
        assertThat(r.skipped()).isEmpty();
        assertThat(collected.featureSets()).as("every feature set, as the lab measured it").isEqualTo(measured.featureSets());
        assertThat(collected.capabilities()).isEqualTo(measured.capabilities());
        assertThat(collected.masks()).isEqualTo(measured.masks());
        assertThat(collected.gic()).isEqualTo(measured.gic());
        assertThat(collected.partial()).isEqualTo(measured.partial());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void theSanitisedFieldProbeFindsTheHostValue(long nv) {
        HostProfile measured = fleet("max_7.3");
        SortedMap<String, String> facts = new TreeMap<>(measured.host().facts());
        facts.put("sanitised.ID_AA64MMFR2_EL1.NV", "0x" + Long.toHexString(nv));
        facts.put("sanitised.ID_AA64PFR0_EL1.MPAM", "0x1");
        facts.put("sanitised.ID_AA64PFR1_EL1.MPAM_frac", "0x0");
        HostInfo h = measured.host();
        HostProfile host = new HostProfile(null, new HostInfo(h.name(), h.cpu(), h.kernelRelease(), h.kvmMode(), h.source(), facts),
                measured.partial(), measured.notes(), measured.capabilities(), measured.masks(), measured.gic(), measured.featureSets());
        HostProfile probed = SanitisedFieldProbe.addFacts(measured, new ReferenceKvm(host));
        assertThat(probed.host().facts()).containsEntry("sanitised.ID_AA64MMFR2_EL1.NV", "0x" + Long.toHexString(nv))
                .containsEntry("sanitised.ID_AA64PFR0_EL1.MPAM", "0x1").containsEntry("sanitised.ID_AA64PFR1_EL1.MPAM_frac", "0x0");
    }
}
