package org.cpumodel.vmm.fdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob format, checked field by field and by dtc. */
class FdtWriterTest {

    @TempDir
    Path dir;

    static byte[] small() {
        return new FdtWriter().beginNode("")
                .propertyU32("#address-cells", 2)
                .propertyString("compatible", "a,b")
                .beginNode("n@10").propertyU64("reg", 0x10, 0x20).propertyStrings("compatible", "x,y", "x").property("flag").endNode()
                .beginNode("m").propertyU32("#address-cells", 1).endNode()
                .endNode().finish(7);
    }

    @Test
    void headerBlocksAndAlignment() {
        byte[] b = small();
        ByteBuffer h = ByteBuffer.wrap(b);
        assertThat(h.getInt(0)).isEqualTo(0xD00DFEED);
        assertThat(h.getInt(4)).isEqualTo(b.length);
        int offStruct = h.getInt(8);
        int offStrings = h.getInt(12);
        assertThat(h.getInt(16)).as("off_mem_rsvmap").isEqualTo(40);
        assertThat(h.getInt(20)).as("version").isEqualTo(17);
        assertThat(h.getInt(24)).as("last_comp_version").isEqualTo(16);
        assertThat(h.getInt(28)).as("boot_cpuid_phys").isEqualTo(7);
        assertThat(offStruct % 4).isZero();
        assertThat(offStrings).isEqualTo(offStruct + h.getInt(36));
        assertThat(b.length).isEqualTo(offStrings + h.getInt(32));
        assertThat(h.getLong(40)).isZero();
        assertThat(h.getLong(48)).as("the reservation block ends with a zero entry").isZero();
        assertThat(h.getInt(offStruct)).as("FDT_BEGIN_NODE").isEqualTo(1);
        assertThat(h.getInt(offStrings - 4)).as("FDT_END").isEqualTo(9);
        // "#address-cells" is stored once in the strings block although two nodes use it
        String strings = new String(b, offStrings, b.length - offStrings, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(strings.split("#address-cells", -1)).hasSize(2);
    }

    @Test
    void dtcReadsItBack() throws Exception {
        Dtc.Result r = Dtc.decompile(small(), dir);
        assertThat(r.exit()).as(r.warnings()).isZero();
        assertThat(r.dts()).contains("#address-cells = <0x02>;", "compatible = \"a,b\";", "n@10 {", "reg = <0x00 0x10 0x00 0x20>;",
                "compatible = \"x,y\\0x\";", "flag;", "m {");
    }

    @Test
    void misuseIsRefused() {
        assertThatThrownBy(() -> new FdtWriter().beginNode("x")).hasMessageContaining("root");
        assertThatThrownBy(() -> new FdtWriter().beginNode("").beginNode("a").endNode().propertyU32("late", 1))
                .hasMessageContaining("after a child node");
        assertThatThrownBy(() -> new FdtWriter().beginNode("").finish(0)).hasMessageContaining("still open");
        assertThatThrownBy(() -> new FdtWriter().beginNode("").beginNode("a/b")).hasMessageContaining("bad node name");
        assertThatThrownBy(() -> new FdtWriter().beginNode("").propertyString("s", "a\0b")).hasMessageContaining("NUL");
        FdtWriter w = new FdtWriter().beginNode("").endNode();
        w.finish(0);
        assertThatThrownBy(() -> w.finish(0)).hasMessageContaining("finished");
    }
}
