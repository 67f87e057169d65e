package org.cpumodel.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.planner.json.PlannerJson;
import org.cpumodel.planner.report.Reports;
import org.cpumodel.profile.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", header = "Compare two profiles or models: identical, subset, superset, incompatible.", mixinStandardHelpOptions = true,
        description = {"Compare two host profiles or guest models with QEMU's words: identical, superset (B runs where A runs),",
                "subset (A runs where B runs) or incompatible, naming the responsible fields. Exit 1 when incompatible."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "Host profile or guest model JSON.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "Host profile or guest model JSON.")
    Path b;

    @Option(names = "--features", paramLabel = "SET", defaultValue = "default", description = "vCPU features of profiles (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--verbose", description = "Also list the fields that differ but run either way (hidden by default).")
    boolean verbose;

    @Option(names = "--json", description = "Print JSON for machines.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var fs = PlannerInput.features(features);
        Compare.Result r = Compare.compare(PlannerInput.side(a, fs), PlannerInput.side(b, fs));
        var w = spec.commandLine().getOut();
        w.print(json ? Json.pretty(PlannerJson.compare(r)) : Reports.compare(r, verbose));
        w.flush();
        return r.relation() == Compare.Relation.INCOMPATIBLE ? ExitCodes.NEGATIVE : ExitCodes.OK;
    }
}
