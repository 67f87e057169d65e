package org.cpumodel.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.concurrent.Callable;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.planner.report.TextTable;
import org.cpumodel.profile.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "regs", header = "List the registers cpumodel knows.", mixinStandardHelpOptions = true,
        description = {"List the registers cpumodel knows: the 192 encodings of KVM's feature-ID range",
                "(named or unallocated) and the other registers that decide migration."})
public final class RegsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON for machines instead of a table.")
    boolean json;

    @Option(names = "--all", description = "Also list unallocated encodings of the feature-ID range.")
    boolean all;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KnowledgeBase kb = KnowledgeBase.load();
        var out = spec.commandLine().getOut();
        if (json) {
            ArrayNode arr = Json.mapper().createArrayNode();
            for (Register r : kb.registers()) {
                var o = arr.addObject();
                o.put("name", r.name());
                o.put("encoding", r.encoding().toString());
                o.put("oneRegId", Json.hex(r.encoding().oneRegId()));
                if (r.inFeatureIdRange()) {
                    o.put("featureIdRangeIndex", r.encoding().featureIdRangeIndex());
                }
                o.put("class", r.registerClass().name().toLowerCase(java.util.Locale.ROOT));
                o.put("fields", r.namedFields().size());
                o.put("summary", r.summary());
            }
            out.print(Json.pretty(arr));
        } else {
            TextTable t = TextTable.indented(0, "REGISTER", "ENCODING", "ONE_REG ID", "IDX", "CLASS", "FIELDS", "SUMMARY");
            for (Register r : kb.registers()) {
                if (r.isUnallocated() && !all) {
                    continue;
                }
                t.row(r.name(), r.encoding(), Json.hex(r.encoding().oneRegId()), r.inFeatureIdRange() ? r.encoding().featureIdRangeIndex() : "-",
                        r.registerClass().name().toLowerCase(java.util.Locale.ROOT), r.namedFields().size(), r.summary());
            }
            out.print(t.render());
            if (!all) {
                out.println("(" + kb.registers().stream().filter(Register::isUnallocated).count() + " unallocated encodings hidden; --all shows them)");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
