package org.cpumodel.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.cpumodel.collect.HostCollector;
import org.cpumodel.collect.HostFiles;
import org.cpumodel.emit.EmitException;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.host.FfmKvm;
import org.cpumodel.kernel.abi.ModelConditions;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.uapi.KvmException;
import org.cpumodel.verify.PlanExecutor;
import org.cpumodel.verify.VerifyReport;
import org.cpumodel.verify.VerifyReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", header = "Apply a model on this host's real KVM (or a profile, --dry-run) and report per register.", mixinStandardHelpOptions = true,
        description = {"Follow a model's KVM plan ('cpumodel emit --format kvm') on a scratch VM of this host's /dev/kvm,",
                "read every register back, and report per register: accepted, or the errno with the field and rule that",
                "caused it (explained by the reference KVM on this host's profile, collected when something is refused",
                "unless --profile is given). --dry-run PROFILE does the same against the reference KVM of that profile."},
        footer = {"", "Exit codes: 0 every register holds, 1 a register is refused or reads back differently,",
                "2 bad input, 3 no usable /dev/kvm or not arm64.", "", "Examples:", "  cpumodel verify pool.json",
                "  cpumodel verify pool.json --dry-run examples/fleet/cortex-a53_7.3.json --json"})
public final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A guest CPU model.")
    Path model;

    @Option(names = "--dry-run", paramLabel = "PROFILE", description = "Judge with the reference KVM of this host profile instead of /dev/kvm.")
    Path dryRun;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "This host's profile, to explain refusals (default: collect it when needed).")
    Path profile;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GuestCpuModel m = ModelJson.read(model);
        KvmPlan plan;
        try {
            plan = KvmPlanEmitter.plan(ModelDelta.of(m, null));
        } catch (EmitException e) {
            throw CliException.usage(e.getMessage());
        }
        VerifyReport report;
        List<GuestCpuModel.Condition> conditions = List.of();
        if (dryRun != null) {
            HostProfile host = ForeignInput.read(dryRun, () -> ProfileJson.read(dryRun));
            // judged on the terms the model states for this host (its conditions), as check judges it
            conditions = ModelConditions.of(m, host);
            report = PlanExecutor.dryRun(plan, ModelConditions.apply(m, host));
        } else {
            var err = spec.commandLine().getErr();
            try (FfmKvm kvm = FfmKvm.open()) {
                Supplier<HostProfile> explainer = () -> {
                    if (profile != null) {
                        return ProfileJson.read(profile);
                    }
                    err.println("cpumodel verify: a register was refused; collecting this host's profile to explain it");
                    err.flush();
                    try {
                        return ProfileJson.identify(new HostCollector(kvm, HostFiles.system(), line -> { }).collect(List.of(m.featureSet()), null).profile());
                    } catch (RuntimeException e) {
                        err.println("cpumodel verify: cannot collect this host's profile (" + e.getMessage() + "); refusals are not explained");
                        return null;
                    }
                };
                report = PlanExecutor.execute(plan, kvm, explainer);
            } catch (KvmException e) {
                throw CliException.environment(e.getMessage());
            }
        }
        var out = spec.commandLine().getOut();
        out.print(json ? VerifyReports.json(report) : VerifyReports.text(report));
        if (!json) {
            conditions.forEach(c -> out.println("on the model's condition: " + c.why()));
        }
        out.flush();
        return report.holds() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
