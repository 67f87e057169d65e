package org.cpumodel.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.Provenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code cpumodel collect} on real KVM: one boot per emulated host, collecting every feature set the
 * host offers in one run; the profile comes back through the share and is checked here. Boots run
 * two at a time (junit-platform.properties). One line per host goes to stdout for the CI log.
 */
@Tag("lab")
@Execution(ExecutionMode.CONCURRENT)
class LabCollectTest {

    static final List<String> MODELS = List.of("neoverse-n1", "neoverse-n2", "neoverse-v1", "cortex-a53", "cortex-a57", "cortex-a72", "a64fx", "max");
    static final List<String> KERNELS = List.of("6.12", "7.3");
    /** Models with SVE (and so the sve feature set). */
    static final Set<String> SVE = Set.of("a64fx", "neoverse-v1", "neoverse-n2", "max");
    /** host.cpu as collect names it from MIDR_EL1, where it differs from the QEMU model name. */
    static final Map<String, String> CPU_NAME = Map.of("a64fx", "fujitsu-a64fx", "max", "qemu-max");
    static final String COLLECT_ALL = Lab.CPUMODEL + " collect --features default,pmu,sve,ptrauth,el2";

    static Lab lab;

    @TempDir
    static Path work;

    @BeforeAll
    static void lab() {
        lab = Lab.fromProperties();
        String why = lab.unavailable("6.12");
        assumeTrue(why == null, () -> "lab not available: " + why);
        assertThat(lab.jar()).as("the shaded jar (build with: ./mvnw -pl cli -am package)").isRegularFile();
    }

    static Stream<Arguments> hosts() {
        return KERNELS.stream().flatMap(k -> MODELS.stream().map(m -> Arguments.of(m, k)));
    }

    @ParameterizedTest(name = "collect on {0} under {1}")
    @MethodSource("hosts")
    void collectMeasuresTheHost(String cpu, String kernel) throws Exception {
        Path share = lab.shareWithJar(work, cpu + "_" + kernel);
        Lab.Result r = lab.run(cpu, kernel, share, 600,
                Lab.timed("guest-seconds", COLLECT_ALL + " --name lab-" + cpu + " --out /mnt/share/profile.json"));
        report(cpu, kernel, r);
        assertThat(r.exitCode()).as("exit status; stderr:%n%s", r.stderr()).isZero();
        assertThat(r.stderr()).contains("collect: feature set default ... ", "collect: wrote /mnt/share/profile.json");

        HostProfile p = ProfileJson.read(share.resolve("profile.json"));
        assertThat(p.host().name()).isEqualTo("lab-" + cpu);
        assertThat(p.host().kernelRelease()).startsWith(kernel + ".");
        assertThat(p.host().cpu()).isEqualTo(CPU_NAME.getOrDefault(cpu, cpu));
        assertThat(p.host().facts()).containsKey("sysfs.midr_el1").containsEntry("devicetree.model", "linux,dummy-virt");
        assertThat(p.partial()).isFalse();
        assertThat(p.capability(230) & 1).as("KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES").isEqualTo(1);
        assertThat(p.masks().provenance()).isEqualTo(Provenance.MEASURED);
        assertThat(p.masks().of("ID_AA64ISAR0_EL1")).isNotZero();
        assertThat(p.gic()).isNotNull();
        assertThat(p.gic().provenance()).isEqualTo(Provenance.MEASURED);
        assertThat(p.gic().iccCtlr()).isEqualTo(0x8c00L);

        var def = p.defaultView();
        assertThat(def.provenance()).isEqualTo(Provenance.MEASURED);
        assertThat(def.registers()).hasSize(192);
        assertThat(def.value("MIDR_EL1")).isPresent();
        assertThat(def.value("CTR_EL0")).isPresent();
        assertThat(def.ccsidr()).isNotEmpty();
        assertThat(def.regList()).contains(0x603000000013C020L, 0x6030000000100040L);
        assertThat(p.featureSets()).containsKey("pmu");
        assertThat(p.featureSets().get("pmu").value("ID_AA64DFR0_EL1").orElse(0) >>> 8 & 0xF).as("PMUVer with a PMU").isNotZero();
        assertThat(def.value("ID_AA64DFR0_EL1").orElse(0) >>> 8 & 0xF).as("PMUVer without").isZero();
        if (SVE.contains(cpu)) {
            assertThat(p.featureSets()).containsKey("sve");
            assertThat(p.featureSets().get("sve").sveVectorLengths()).contains(128);
            assertThat(p.featureSets().get("sve").value("ID_AA64PFR0_EL1").orElse(0) >>> 32 & 0xF).as("PFR0.SVE").isEqualTo(1);
            assertThat(def.value("ID_AA64PFR0_EL1").orElse(0) >>> 32 & 0xF).as("PFR0.SVE without the feature").isZero();
        } else {
            assertThat(p.featureSets()).doesNotContainKey("sve");
            assertThat(r.stderr()).contains("collect: feature set sve skipped");
        }
        assertThat(r.stderr()).contains("collect: feature set el2 skipped");
    }

    /**
     * Linux 6.1 has no KVM_ARM_GET_REG_WRITABLE_MASKS: a partial profile. The same boot checks the
     * error paths: an unknown feature set (exit 2) and no /dev/kvm (exit 3), each one line.
     */
    @Test
    void linux61GivesAPartialProfileAndErrorsAreOneLine() throws Exception {
        assumeTrue(lab.unavailable("6.1") == null, () -> "lab not available: " + lab.unavailable("6.1"));
        Path share = lab.shareWithJar(work, "neoverse-n1_6.1");
        String script = Lab.timed("guest-seconds", COLLECT_ALL + " --out /mnt/share/profile.json")
                + "; " + Lab.CPUMODEL + " collect --features default,mte 2>/mnt/share/bad-features.err; echo \"bad-features-rc $?\""
                + "; rm -f /dev/kvm; " + Lab.CPUMODEL + " collect 2>/mnt/share/no-kvm.err; echo \"no-kvm-rc $?\"";
        Lab.Result r = lab.run("neoverse-n1", "6.1", share, 600, script);
        report("neoverse-n1", "6.1", r);
        assertThat(r.value("guest-seconds-rc")).as("collect exit status; stderr:%n%s", r.stderr()).isEqualTo("0");

        HostProfile p = ProfileJson.read(share.resolve("profile.json"));
        assertThat(p.host().kernelRelease()).startsWith("6.1.");
        assertThat(p.partial()).isTrue();
        assertThat(p.capability(230)).isZero();
        assertThat(p.masks().provenance()).isEqualTo(Provenance.INFERRED);
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("no KVM_ARM_GET_REG_WRITABLE_MASKS"));
        assertThat(p.gic().iccCtlr()).isEqualTo(0x8c00L);
        assertThat(p.defaultView().registers()).hasSize(192);

        assertThat(r.value("bad-features-rc")).isEqualTo("2");
        assertThat(lines(share.resolve("bad-features.err"))).singleElement().asString().contains("mte");
        assertThat(r.value("no-kvm-rc")).isEqualTo("3");
        assertThat(lines(share.resolve("no-kvm.err"))).singleElement().asString().contains("no /dev/kvm");
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p).stream().filter(l -> !l.isBlank()).toList();
    }

    private static void report(String cpu, String kernel, Lab.Result r) {
        System.out.println(String.format(Locale.ROOT, "lab: %-12s %-5s boot+collect %5.1f s, collect in guest %s s, exit %d",
                cpu, kernel, r.seconds(), r.value("guest-seconds"), r.exitCode()));
    }
}
