package org.cpumodel.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cpumodel.importers.FirecrackerImporter;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hosts under Linux 5.10/5.15 get a verdict: they pool with hosts whose guest view is identical, and the report says why. */
class OldKernelTest {

    @TempDir
    Path tmp;

    private HostProfile relabelled(String cpu, String release) throws IOException {
        Path fc = org.cpumodel.testfixtures.SharedFixtures.path("fixtures/firecracker-graviton/fingerprint_ARM_NEOVERSE_" + cpu + "_6.1host.json");
        Path f = tmp.resolve(cpu + "-" + release + ".json");
        Files.writeString(f, Files.readString(fc).replaceFirst("\"kernel_version\": \"[^\"]*\"", "\"kernel_version\": \"" + release + "\""));
        return FirecrackerImporter.importFile(f);
    }

    @Test
    void oldKernelsPoolOnlyWithIdenticalGuestViews() throws IOException {
        List<HostProfile> g = Fixtures.graviton();
        HostProfile n1Old = relabelled("N1", "5.10.0");
        HostProfile v1Old = relabelled("V1", "5.15.0");
        List<HostProfile> fleet = List.of(n1Old, v1Old, g.get(0), g.get(1), g.get(2));
        Partition r = Pools.partition(fleet, PoolOptions.of(FeatureSet.DEFAULT));
        assertThat(r.unplaced()).isEmpty();
        assertThat(r.pools()).hasSize(3);
        assertThat(r.pools()).anySatisfy(p -> assertThat(p.members()).containsExactlyInAnyOrder(n1Old, g.get(0)));
        assertThat(r.pools()).anySatisfy(p -> assertThat(p.members()).containsExactlyInAnyOrder(v1Old, g.get(1)));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("Linux 5.10 cannot write ID registers").contains(n1Old.host().name()));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("Linux 5.15 cannot write ID registers").contains(v1Old.host().name()));
        GuestCpuModel differs = Baseline.compute(List.of(n1Old, g.get(1)), FeatureSet.DEFAULT);
        assertThat(differs.possible()).isFalse();
        assertThat(differs.blockers()).anySatisfy(b -> assertThat(b.rule()).contains("Linux 5.10 cannot write ID registers"));
        for (Pool p : r.pools()) {
            for (HostProfile h : p.members()) {
                assertThat(ModelCheck.run(p.baseline(), h).accepted()).as(h.host().name()).isTrue();
            }
        }
    }
}
