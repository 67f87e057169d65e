package org.cpumodel.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kernel.decode.DecodedField;
import org.cpumodel.kernel.decode.DecodedRegister;
import org.cpumodel.kernel.decode.RegisterDecoder;
import org.cpumodel.planner.report.TextTable;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.validation.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "decode", header = "Decode a register value field by field, with FEAT_ names and kernel rules.", mixinStandardHelpOptions = true,
        description = {"Decode a register value field by field: bits, value, value name, FEAT_ names, and the",
                "rule the given kernel's KVM applies to the field (and whether userspace may change it)."},
        footer = {"", "Example:", "  cpumodel decode ID_AA64ISAR0_EL1 0x0000100010211120"})
public final class DecodeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REG", description = "Register name (ID_AA64ISAR0_EL1), generic name (S3_0_C0_C6_0) or encoding (3,0,0,6,0).")
    String register;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The 64-bit value in hex, e.g. 0x0000100010211120.")
    String value;

    @Option(names = "--kernel", paramLabel = "VERSION", defaultValue = "7.3", description = "Kernel whose KVM rules to show (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--json", description = "Print JSON for machines instead of a table.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Register reg = KnowledgeBase.load().require(register);
        long v = parseValue(value);
        KernelVersion k = KernelOption.parse("--kernel", kernel);
        DecodedRegister d = RegisterDecoder.decode(reg, v, k);
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("register", d.register());
            o.put("encoding", d.encoding());
            o.put("oneRegId", Json.hex(d.oneRegId()));
            o.put("value", Json.hex(d.value()));
            o.put("kernel", d.kernel());
            var arr = o.putArray("fields");
            for (DecodedField f : d.fields()) {
                var fo = arr.addObject();
                fo.put("field", f.name());
                fo.put("bits", f.bits());
                fo.put("value", f.value());
                fo.put("valueName", f.valueName());
                var feats = fo.putArray("features");
                f.features().forEach(feats::add);
                fo.put("rule", f.rule());
                fo.put("writable", f.writable());
            }
            out.print(Json.pretty(o));
        } else {
            out.println(d.register() + " " + d.encoding() + " = " + Bits.hex64(d.value()) + "   (rules of " + d.kernel() + ")");
            TextTable t = TextTable.indented(0, "FIELD", "BITS", "VALUE", "NAME", "FEATURES", "KVM RULE", "WRITABLE");
            for (DecodedField f : d.fields()) {
                if (!f.name().equals("RES0") || f.value() != 0) {
                    t.row(f.name(), f.bits(), "0x" + Long.toHexString(f.value()), f.valueName(), String.join(",", f.features()), f.rule(), f.writable() ? "yes" : "no");
                }
            }
            out.print(t.render());
        }
        out.flush();
        return ExitCodes.OK;
    }

    static long parseValue(String text) {
        try {
            return Hex.parse(text);
        } catch (NumberFormatException e) {
            throw CliException.usage("VALUE " + e.getMessage());
        }
    }
}
