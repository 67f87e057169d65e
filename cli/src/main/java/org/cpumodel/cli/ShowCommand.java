package org.cpumodel.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.planner.report.TextTable;
import org.cpumodel.profile.CpuParts;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.WritableMasks;
import org.cpumodel.uapi.KvmCap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", header = "Show a host profile for people.", mixinStandardHelpOptions = true,
        description = {"Show a host profile: host, kernel, whether it is partial, notes, capabilities, the GIC CPU interface,",
                "and per feature set every register with its value, non-zero writable mask and source: measured,",
                "inferred (with the kernel rule that derived it) or unknown (no source had it; nothing is made up)."},
        footer = {"", "Examples:", "  cpumodel show examples/fleet/neoverse-n1_6.12.json", "  cpumodel show host.json --json"})
public final class ShowCommand implements Callable<Integer> {

    /** Names of the KVM capabilities a profile records. */

    @Parameters(index = "0", paramLabel = "PROFILE", description = "A host profile JSON file (from 'cpumodel collect' or 'cpumodel import').")
    Path file;

    @Option(names = "--json", description = "Print the normalized profile (canonical key order, fixed-width hex, content hash).")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        HostProfile p = ForeignInput.read(file, () -> ProfileJson.read(file));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(ProfileJson.write(p));
        } else {
            out.print(render(p));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String render(HostProfile p) {
        StringBuilder sb = new StringBuilder();
        var h = p.host();
        line(sb, "host", h.name() + "  (" + p.id() + ")");
        line(sb, "cpu", nz(h.cpu()) + midr(p));
        line(sb, "kernel", h.kernelRelease() + "  KVM mode " + nz(h.kvmMode()));
        line(sb, "source", nz(h.source()) + (p.partial() ? "  PARTIAL (parts inferred, see notes)" : ""));
        h.facts().forEach((k, v) -> line(sb, "  " + k, v));
        if (!p.notes().isEmpty()) {
            sb.append("notes:\n");
            p.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
        sb.append('\n');
        TextTable caps = TextTable.indented(0, "CAPABILITY", "NUMBER", "VALUE");
        p.capabilities().forEach((k, v) -> caps.row(KvmCap.name(k), k, v));
        sb.append(caps.render()).append('\n');
        if (p.gic() != null) {
            var g = p.gic();
            sb.append(String.format(Locale.ROOT, "GIC CPU interface (%s): ICC_CTLR_EL1 %s  PRIbits %d (%d priority bits)  IDbits %d (%d-bit INTIDs)  SEIS %d  A3V %d%n",
                    g.provenance().json(), Json.hex(g.iccCtlr()), g.priBits(), g.priBits() + 1, g.idBits(), g.idBits() == 1 ? 24 : 16, g.seis(), g.a3v()));
        } else {
            sb.append("GIC CPU interface: not recorded\n");
        }
        WritableMasks masks = p.masks();
        sb.append("writable masks: ").append(masks == null ? "not recorded" : masks.provenance().json() + ", " + masks.values().size() + " registers with a non-zero mask").append("\n");
        KnowledgeBase kb = KnowledgeBase.load();
        p.featureSets().forEach((name, v) -> {
            sb.append('\n').append("feature set ").append(name).append(" (").append(v.provenance().json()).append(")\n");
            sb.append(registers(kb, v, masks));
            if (!v.ccsidr().isEmpty()) {
                sb.append("  CCSIDR by CSSELR: ").append(v.ccsidr().entrySet().stream()
                        .map(e -> e.getKey() + "=" + Json.hex(e.getValue())).collect(Collectors.joining(" "))).append('\n');
            }
            if (!v.sveVectorLengths().isEmpty()) {
                sb.append("  SVE vector lengths (bits): ").append(v.sveVectorLengths().stream().map(String::valueOf).collect(Collectors.joining(" "))).append('\n');
            }
            sb.append("  register list: ").append(v.regList() == null ? "not recorded" : v.regList().size() + " ids").append('\n');
        });
        return sb.toString();
    }

    private static String registers(KnowledgeBase kb, FeatureSetView v, WritableMasks masks) {
        TextTable t = TextTable.indented(0, "  REGISTER", "VALUE", "WRITABLE MASK", "SOURCE");
        List<String> unallocatedZero = new ArrayList<>();
        for (Register r : kb.featureIdRange()) {
            if (!v.recorded(r.name()) && r.isUnallocated()) {
                continue;
            }
            Long val = v.registers().get(r.name());
            long mask = masks == null ? 0 : masks.of(r.name());
            if (r.isUnallocated() && (val == null || val == 0) && mask == 0) {
                unallocatedZero.add(r.name());
                continue;
            }
            String value = !v.recorded(r.name()) ? "unknown" : val == null ? "absent" : Json.hex(val);
            t.row("  " + r.name(), value, mask == 0 ? "" : Json.hex(mask), source(v, r.name()));
        }
        return t.render() + (unallocatedZero.isEmpty() ? "" : "  (" + unallocatedZero.size() + " unallocated encodings read 0 or absent)\n");
    }

    /** How the register's value is known: measured, inferred (naming the rule when the profile records one), or unknown. */
    static String source(FeatureSetView v, String register) {
        return switch (v.provenanceOf(register)) {
            case MEASURED -> "measured";
            case UNKNOWN -> "unknown (not recorded)";
            case INFERRED -> v.inferred().containsKey(register) ? "inferred: " + v.inferred().get(register) : "inferred (the whole feature set)";
        };
    }

    private static String midr(HostProfile p) {
        var v = p.featureSets().get("default");
        if (v == null || v.value(Sysregs.MIDR_EL1.NAME).isEmpty()) {
            return "";
        }
        long m = v.value(Sysregs.MIDR_EL1.NAME).getAsLong();
        return "  MIDR_EL1 " + Json.hex(m) + " = " + CpuParts.describe(m);
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }

    private static void line(StringBuilder sb, String k, String v) {
        sb.append(String.format(Locale.ROOT, "%-8s %s%n", k + ":", v));
    }
}
