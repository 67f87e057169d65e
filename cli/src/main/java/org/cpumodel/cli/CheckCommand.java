package org.cpumodel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.json.PlannerJson;
import org.cpumodel.planner.report.Reports;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ModelJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", header = "Would this host's KVM accept this model? Per register, with the deciding field.", mixinStandardHelpOptions = true,
        description = {"Apply a guest CPU model to a host's reference KVM as a VMM would (VM, capability 239, vCPU init,",
                "every register in plan order, vGIC ICC_CTLR_EL1) and show each answer. Exit 1 when the host refuses."})
public final class CheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Guest CPU model JSON.")
    Path model;

    @Parameters(index = "1", paramLabel = "PROFILE", description = "Host profile JSON.")
    Path profile;

    @Option(names = "--json", description = "Print JSON for machines.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var m = ForeignInput.read(model, () -> ModelJson.read(model));
        List<HostProfile> p = PlannerInput.profiles(List.of(profile));
        ModelCheck.Report r = ModelCheck.run(m, p.get(0));
        var w = spec.commandLine().getOut();
        w.print(json ? Json.pretty(PlannerJson.check(r)) : Reports.check(r));
        w.flush();
        return r.accepted() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
