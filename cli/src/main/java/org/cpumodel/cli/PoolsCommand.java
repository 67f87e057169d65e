package org.cpumodel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.cpumodel.planner.gic.GicWhatIf;
import org.cpumodel.planner.json.PlannerJson;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.PoolOptions;
import org.cpumodel.planner.pools.Pools;
import org.cpumodel.planner.report.Reports;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pools", header = "Partition a fleet into migration pools with a baseline each.", mixinStandardHelpOptions = true,
        description = {"Partition a fleet into migration pools, each with a baseline all its members accept (few pools,",
                "many features); list the hosts that fit no pool and why. Exit 1 when no host fits any pool."})
public final class PoolsCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Directories of host profiles (every *.json), or profile files.")
    List<Path> inputs;

    @Option(names = "--require", paramLabel = "FEATS", description = "FEAT_ names every pool must keep, comma-separated (e.g. FEAT_SVE,FEAT_LSE).")
    String require;

    @Option(names = "--max-pools", paramLabel = "N", defaultValue = "0", description = "At most N pools (0: no limit).")
    int maxPools;

    @Option(names = "--features", paramLabel = "SET", defaultValue = "default", description = "vCPU features (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--what-if-gic-range", description = "Also pool hosts the proposed ICC_CTLR_EL1 range would unlock, and report its trapping cost.")
    boolean gicWhatIf;

    @Option(names = "--verbose", description = "List every blocking field of each separation (default: one line of fields per rule).")
    boolean verbose;

    @Option(names = "--json", description = "Print JSON for machines (each pool with a members array).")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (maxPools < 0) {
            throw CliException.usage("--max-pools must be 0 (no limit) or more");
        }
        var fs = PlannerInput.features(features);
        Set<String> req = require == null ? Set.of() : PlannerInput.featureNames(require);
        List<HostProfile> fleet = PlannerInput.profiles(inputs);
        Partition r = Pools.partition(fleet, new PoolOptions(fs, req, maxPools, gicWhatIf));
        GicWhatIf.Report w = gicWhatIf ? GicWhatIf.analyse(fleet, fs) : null;
        var out = spec.commandLine().getOut();
        out.print(json ? Json.pretty(PlannerJson.pools(r, w)) : Reports.pools(r, w, verbose));
        out.flush();
        return r.pools().isEmpty() ? ExitCodes.NEGATIVE : ExitCodes.OK;
    }
}
