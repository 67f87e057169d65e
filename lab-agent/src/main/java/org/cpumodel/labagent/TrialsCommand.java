package org.cpumodel.labagent;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cpumodel.cli.CliException;
import org.cpumodel.cli.ExitCodes;
import org.cpumodel.collect.CollectException;
import org.cpumodel.collect.HostCollector;
import org.cpumodel.collect.HostFiles;
import org.cpumodel.collect.SanitisedFieldProbe;
import org.cpumodel.host.FfmKvm;
import org.cpumodel.labagent.differential.PlanJson;
import org.cpumodel.labagent.differential.TrialGenerator;
import org.cpumodel.labagent.differential.TrialPlan;
import org.cpumodel.labagent.differential.TrialResults;
import org.cpumodel.labagent.differential.TrialRunner;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.uapi.KvmException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Runs a differential trial plan on this host's real {@code /dev/kvm} and records every answer (the
 * lab half of the differential test; the reference KVM predicts the same plan on the build
 * machine). Either runs a given PLAN, or collects this host's profile and generates the plan from it
 * and a seed (one lab boot per host).
 */
@Command(name = "trials", mixinStandardHelpOptions = true,
        description = {"Run a differential trial plan on this host's real KVM and write every answer as JSON.",
                "With --collect, first collect this host's profile and generate the plan from it (--seed, --trials)."},
        footer = {"", "Examples:", "  cpumodel-lab trials plan.json --out results.json",
                "  cpumodel-lab trials --collect profile.json --seed 7 --trials 2000 --plan-out plan.json --out results.json"})
public final class TrialsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLAN", description = "A trial plan (cpumodel-trial-plan JSON).")
    Path plan;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the results.")
    Path out;

    @Option(names = "--collect", paramLabel = "FILE", description = "Collect this host's profile into FILE and generate the plan from it.")
    Path collect;

    @Option(names = "--features", paramLabel = "LIST", defaultValue = "default,pmu,sve,ptrauth",
            description = "Feature sets to collect with --collect (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Generator seed with --collect (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "2000", description = "At least this many trials with --collect (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--plan-out", paramLabel = "FILE", description = "With --collect: also write the generated plan here.")
    Path planOut;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if ((plan == null) == (collect == null)) {
            throw CliException.usage("give either PLAN or --collect FILE");
        }
        long t0 = System.nanoTime();
        TrialPlan p;
        long t1;
        TrialResults results;
        try (FfmKvm kvm = FfmKvm.open()) {
            if (plan != null) {
                p = PlanJson.readPlan(plan);
            } else {
                HostProfile profile = new HostCollector(kvm, HostFiles.system(), line -> {
                    err.println(line);
                    err.flush();
                }).collect(HostCollector.parseFeatureSets(features), null).profile();
                profile = SanitisedFieldProbe.addFacts(profile, kvm);
                ProfileJson.Document doc = ProfileJson.document(profile);
                write(collect, doc.json());
                p = TrialGenerator.generate(doc.profile(), seed, trials);
                if (planOut != null) {
                    write(planOut, PlanJson.write(p));
                }
            }
            t1 = System.nanoTime();
            results = TrialRunner.run(p, kvm, "kvm", line -> {
                err.println(line);
                err.flush();
            });
        } catch (CollectException | KvmException e) {
            throw CliException.environment(e.getMessage());
        }
        write(out, PlanJson.write(results));
        long t2 = System.nanoTime();
        err.println(String.format(Locale.ROOT, "trials: %d scenarios, %d trials; prepare %.1f s, trials %.1f s; wrote %s",
                p.scenarios().size(), p.trialCount(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, out));
        err.flush();
        return ExitCodes.OK;
    }

    private static void write(Path file, String content) {
        Json.writeAtomically(file, content);
    }
}
