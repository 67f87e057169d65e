package org.cpumodel.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFilesTest {

    @TempDir
    Path root;

    private void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void summarisesSysfsIdentityAsDistinctValuesWithTheirCpus() throws IOException {
        for (int cpu = 0; cpu < 8; cpu++) {
            String midr = cpu < 4 ? "0x00000000410fd034\n" : "0x00000000410fd083\n";
            write("sys/devices/system/cpu/cpu" + cpu + "/regs/identification/midr_el1", midr);
            write("sys/devices/system/cpu/cpu" + cpu + "/regs/identification/revidr_el1", "0x0000000000000000\n");
        }
        write("sys/devices/system/cpu/cpufreq/ignored", "x");
        write("sys/class/dmi/id/bios_version", "1.2.3\n");
        write("sys/class/dmi/id/product_name", "Mt. Jade\n");
        write("proc/device-tree/model", "linux,dummy-virt\0");
        var facts = new HostFiles(root).facts();
        assertThat(facts.get("sysfs.midr_el1")).isEqualTo(
                "0x00000000410fd034 (Cortex-A53 r0p4) on cpus 0-3; 0x00000000410fd083 (Cortex-A72 r0p3) on cpus 4-7");
        assertThat(facts.get("sysfs.revidr_el1")).isEqualTo("0x0000000000000000 on cpus 0-7");
        assertThat(facts).containsEntry("dmi.bios_version", "1.2.3").containsEntry("dmi.product_name", "Mt. Jade")
                .containsEntry("devicetree.model", "linux,dummy-virt").doesNotContainKey("dmi.bios_vendor").containsKey("machine");
    }

    @Test
    void missingFilesGiveEmptyAnswers() {
        HostFiles f = new HostFiles(root);
        assertThat(f.osRelease()).isEmpty();
        assertThat(f.hostname()).isEmpty();
        assertThat(f.kvmMode()).isEqualTo("unknown");
        assertThat(f.identitySummary("midr_el1")).isEmpty();
    }

    @Test
    void kvmModeFromSysfsBeforeTheCommandLine() throws IOException {
        write("proc/cmdline", "root=/dev/vda kvm-arm.mode=protected");
        assertThat(new HostFiles(root).kvmMode()).isEqualTo("protected");
        write("sys/module/kvm/parameters/mode", "nested\n");
        assertThat(new HostFiles(root).kvmMode()).isEqualTo("nested");
    }

    @Test
    void cpuRanges() {
        assertThat(HostFiles.ranges(List.of(0, 1, 2, 5, 7, 8))).isEqualTo("0-2,5,7-8");
        assertThat(HostFiles.ranges(List.of(3))).isEqualTo("3");
        assertThat(HostFiles.cpuNumber("cpu0")).isZero();
        assertThat(HostFiles.cpuNumber("cpu127")).isEqualTo(127);
        assertThat(List.of("cpu", "cpufreq", "cpuidle", "cpu1a", "possible", "cpu99999999")).allSatisfy(n -> assertThat(HostFiles.cpuNumber(n)).isEqualTo(-1));
    }
}
