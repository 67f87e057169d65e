package org.cpumodel.importers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kernel.limits.KvmLimits;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.testfixtures.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawDumpImporterTest {

    @TempDir
    Path tmp;

    static Path rawSilicon() {
        return SharedFixtures.path("fixtures/raw-silicon");
    }

    private static final String ISAR0 = "ID_AA64ISAR0_EL1: 0000 0000 0000 0000 0001 0000 0000 0000 - 0001 0000 0010 0001 0001 0001 0010 0000";
    private static final String PFR0 = "ID_AA64PFR0_EL1: 0001 0001 0000 0000 0000 0000 0000 0000 - 0001 0001 0001 0001 0001 0001 0001 0010";
    private static final String MIDR = "MIDR_EL1: 0000 0000 0000 0000 0000 0000 0000 0000 - 0100 0001 0011 1111 1101 0000 1100 0001";

    @Test
    void ampereAltraUnder612() {
        Path f = rawSilicon().resolve("ampere-altra-host-ubuntu.cpusysregs-registers.txt");
        HostProfile p = RawDumpImporter.importFile(f, "6.12");
        assertThat(p.host().cpu()).isEqualTo("neoverse-n1");
        assertThat(p.host().name()).isEqualTo("ampere-altra-host-ubuntu");
        assertThat(p.host().kernelRelease()).isEqualTo("6.12");
        assertThat(p.host().source()).isEqualTo("import-raw");
        assertThat(p.host().facts()).containsEntry("midr", "Neoverse-N1 r3p1").containsEntry("dumpKernel", "5.15.0-60-generic")
                .containsEntry("description.machine", "Ampere Mt.Jade Server");
        assertThat(p.partial()).isTrue();
        assertThat(p.featureSets()).containsOnlyKeys("default", "pmu");
        assertThat(p.featureSets().values()).allSatisfy(v -> assertThat(v.provenance()).isEqualTo(Provenance.INFERRED));
        assertThat(p.masks().provenance()).isEqualTo(Provenance.INFERRED);
        assertThat(p.gic().provenance()).isEqualTo(Provenance.INFERRED);
        assertThat(p.capability(126)).isEqualTo(1);
        assertThat(p.capability(230)).isEqualTo(1);
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("raw register dump"))
                .anySatisfy(n -> assertThat(n).contains("ignored: MAIR_EL1"));
        var def = p.defaultView();
        assertThat(def.value("ID_AA64ISAR0_EL1")).hasValue(0x0000100010211120L);
        assertThat(def.value("ID_AA64DFR0_EL1").orElseThrow() >>> 8 & 0xF).as("PMUVer hidden without pmu").isZero();
        assertThat(p.featureSets().get("pmu").value("ID_AA64DFR0_EL1").orElseThrow() >>> 8 & 0xF).isEqualTo(4);
        assertThat(ProfileJson.parse("written", ProfileJson.write(p))).isEqualTo(p);
    }

    @Test
    void theLimitsAreKvmLimitsOfTheRawValues() throws IOException {
        Path f = rawSilicon().resolve("cortexa72-host-ubuntu.cpusysregs-registers.txt");
        HostProfile p61 = RawDumpImporter.importFile(f, "6.1");
        assertThat(p61.host().cpu()).isEqualTo("cortex-a72");
        assertThat(p61.capability(230)).isZero();
        long raw = Files.readAllLines(f).stream().filter(l -> l.startsWith("ID_AA64ISAR0_EL1: "))
                .map(l -> Long.parseUnsignedLong(l.substring(18).replaceAll("[ -]", ""), 2)).findFirst().orElseThrow();
        assertThat(raw).isNotZero();
        var expected = KvmLimits.fromHost(java.util.Map.of("ID_AA64ISAR0_EL1", raw, "ID_AA64PFR0_EL1", 0x11112222L),
                new KernelVersion(6, 1), FeatureSet.DEFAULT).get("ID_AA64ISAR0_EL1");
        assertThat(p61.defaultView().value("ID_AA64ISAR0_EL1")).hasValue(expected);
        assertThat(p61.featureSets()).doesNotContainKey(FeatureSet.of(VcpuFeature.SVE).name());
    }

    @Test
    void aTruncatedLineNamesTheFileAndLine() throws IOException {
        Path f = tmp.resolve("x.cpusysregs-registers.txt");
        Files.writeString(f, ISAR0 + "\n\n  AES: 0x2\n" + MIDR + "\nID_AA64PFR0_EL1: 0001 0001 0000\n");
        assertThatThrownBy(() -> RawDumpImporter.importFile(f, "6.12")).isInstanceOf(ImportException.class)
                .hasMessageStartingWith(f + ":5: ID_AA64PFR0_EL1: expected 64 binary digits");
    }

    @Test
    void somethingElseIsNotADump() throws IOException {
        Path f = tmp.resolve("notes.txt");
        Files.writeString(f, "Kernel\n------\nLinux 6.2\n");
        assertThatThrownBy(() -> RawDumpImporter.importFile(f, "6.12")).isInstanceOf(ImportException.class)
                .hasMessage(f + ": not a cpusysregs registers dump (no 'REGISTER: <64 binary digits>' lines)");
        Files.writeString(f, ISAR0 + "\n");
        assertThatThrownBy(() -> RawDumpImporter.importFile(f, "6.12")).hasMessageContaining("MIDR_EL1 and ID_AA64PFR0_EL1 are required");
        assertThatThrownBy(() -> RawDumpImporter.importFile(tmp.resolve("missing.txt"), "6.12")).hasMessageContaining("missing.txt: cannot read");
    }

    @Test
    void aMinimalDumpWithoutSiblings() throws IOException {
        Path f = tmp.resolve("box-cpusysregs-registers.txt");
        Files.writeString(f, String.join("\n", ISAR0, PFR0, MIDR, ""));
        HostProfile p = RawDumpImporter.importFile(f, "7.3");
        assertThat(p.host().name()).isEqualTo("box");
        assertThat(p.host().facts()).containsOnlyKeys("midr", "importedFrom");
        assertThat(p.featureSets()).containsOnlyKeys("default");
        assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("not in the dump, so unknown", "ID_AA64DFR0_EL1", "CTR_EL0"));
        // nothing invented: registers missing from the dump are not recorded, CLIDR_EL1 needs CTR_EL0
        var v = p.defaultView();
        assertThat(v.recorded("ID_AA64DFR0_EL1")).isFalse();
        assertThat(v.recorded("CTR_EL0")).isFalse();
        assertThat(v.recorded("CLIDR_EL1")).isFalse();
        assertThat(v.provenanceOf("ID_DFR0_EL1")).isEqualTo(FeatureSetView.RegisterProvenance.UNKNOWN);
        assertThat(v.provenanceOf("ID_AA64ISAR0_EL1")).isEqualTo(FeatureSetView.RegisterProvenance.INFERRED);
        assertThat(v.inferred()).containsKey("ID_AA64ISAR0_EL1").doesNotContainKey("ID_AA64DFR0_EL1");
        // read-as-zero encodings are decided by the kernel whatever the host has
        assertThat(v.value("ID_AA64SMFR0_EL1")).hasValue(0);
        assertThat(v.inferred().get("ID_AA64SMFR0_EL1")).contains("reads as zero");
    }

    @Test
    void anEmptyFileIsNamedEmpty() throws IOException {
        Path f = tmp.resolve("empty-cpusysregs-registers.txt");
        Files.writeString(f, "\n  \n");
        assertThatThrownBy(() -> RawDumpImporter.importFile(f, "6.12")).isInstanceOf(ImportException.class)
                .hasMessageStartingWith(f + ": the file is empty");
    }

    @Test
    void theAmpereAltraAloneIsPossibleAndItsMissingRegistersAreUnknown() {
        Path f = rawSilicon().resolve("ampere-altra-host-ubuntu.cpusysregs-registers.txt");
        HostProfile p = RawDumpImporter.importFile(f, "6.12");
        var v = p.defaultView();
        // the dump has no ID_DFR0_EL1 (AArch32 debug): not 0 (which the kernel's CopDbg pre-check refuses), unknown
        assertThat(v.recorded("ID_DFR0_EL1")).isFalse();
        assertThat(v.recorded("MVFR0_EL1")).isFalse();
        // the dump has CTR_EL0 (IDC 1, DIC 0): CLIDR_EL1 as linux 6.12 reset_clidr makes it: unified L2 = LoC, L1 instruction cache
        assertThat(v.value("CLIDR_EL1")).hasValue(0x0200_0021L);
        assertThat(v.inferred().get("CLIDR_EL1")).contains("reset_clidr");
    }
}
