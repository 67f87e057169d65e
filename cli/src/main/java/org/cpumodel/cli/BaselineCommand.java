package org.cpumodel.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.report.Reports;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ModelJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "baseline", header = "Compute the guest CPU model every given host accepts.", mixinStandardHelpOptions = true,
        description = {"Compute the guest CPU model every given host's KVM accepts (the most capable common one),",
                "verified against each host's reference KVM. Exit 1 when no common model exists (blockers printed)."})
public final class BaselineCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PROFILE", description = "Host profiles (JSON), or directories of them.")
    List<Path> profiles;

    @Option(names = "--features", paramLabel = "SET", defaultValue = "default", description = "vCPU features: default, pmu, pmu+sve, ... (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--out", paramLabel = "MODEL", description = "Write the guest CPU model JSON to this file.")
    Path out;

    @Option(names = "--verbose", description = "List every register, lowered field and adjustment (default: one count line each).")
    boolean verbose;

    @Option(names = "--json", description = "Print the model JSON instead of the report.")
    boolean json;

    @Option(names = "--what-if-gic-range", description = "Assume the proposed ICC_CTLR_EL1 range (SEIS 1->0, A3V lowerable); no kernel accepts this today.")
    boolean gicWhatIf;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        GuestCpuModel m = Baseline.compute(PlannerInput.profiles(profiles),
                new Baseline.Options(PlannerInput.features(features), gicWhatIf, true));
        if (out != null) { // first: a failed write is the one line, not a report followed by an error
            Json.writeAtomically(out, ModelJson.write(m));
        }
        var w = spec.commandLine().getOut();
        w.print(json ? ModelJson.write(m) : Reports.baseline(m, verbose));
        w.flush();
        return m.possible() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
