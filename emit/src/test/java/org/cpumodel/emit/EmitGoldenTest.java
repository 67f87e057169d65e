package org.cpumodel.emit;


import java.io.IOException;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.testfixtures.GoldenFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every emitter's output on the fixture model, with and without a host, byte for byte against the
 * reviewed golden files. Regenerate after a reviewed change with
 * {@code -Dcpumodel.golden.update=true} (writes into src/test/resources) and review the diff.
 */
class EmitGoldenTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"qemu,all,qemu-all.txt", "qemu,host,qemu-host.txt", "libvirt,all,libvirt-all.xml", "libvirt,host,libvirt-host.xml",
            "firecracker,all,firecracker-all.json", "firecracker,host,firecracker-host.json", "kvm,all,kvm-all.json", "kvm,host,kvm-host.json"})
    void matchesTheGoldenFile(String format, String mode, String golden) throws IOException {
        HostProfile host = mode.equals("host") ? Fixtures.n1() : null;
        String out = Emitters.emit(EmitFormat.parse(format), Fixtures.model(), host).text();
        GoldenFiles.assertMatches("emit/src/test/resources/org/cpumodel/emit/golden/" + golden, out);
    }
}
