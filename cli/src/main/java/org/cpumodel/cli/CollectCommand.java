package org.cpumodel.cli;

import org.cpumodel.profile.HostFacts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cpumodel.collect.CollectException;
import org.cpumodel.collect.CounterFrequency;
import org.cpumodel.collect.HostCollector;
import org.cpumodel.collect.HostFiles;
import org.cpumodel.collect.SanitisedFieldProbe;
import org.cpumodel.host.FfmKvm;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kernel.abi.AbiTable;
import org.cpumodel.profile.CpuParts;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.uapi.KvmException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "collect", header = "Read this arm64 host's KVM into a host profile.", mixinStandardHelpOptions = true,
        description = {"Measure this arm64 host's KVM into a host profile: for each vCPU feature set the host offers, what a",
                "fresh vCPU reads (feature-ID registers, CCSIDRs, register list, SVE vector lengths); the writable masks;",
                "ICC_CTLR_EL1 through a vGICv3; capabilities and identity facts. Progress goes to stderr."},
        footer = {"", "Examples:", "  cpumodel collect --out host.json",
                "  cpumodel collect --features default,pmu,sve,ptrauth,el2 --name rack4-n1 --out rack4-n1.json",
                "  CPUMODEL_TOKEN=... cpumodel collect --post http://fleet.example:8790/"})
public final class CollectCommand implements Callable<Integer> {

    /** The feature sets collected when {@code --features} is not given. */
    static final String DEFAULT_FEATURES = "default,pmu,sve,ptrauth,el2";

    @Option(names = "--features", paramLabel = "LIST", defaultValue = DEFAULT_FEATURES,
            description = "Feature sets to collect, comma-separated: default, pmu, sve, ptrauth, el2 or combinations like pmu+sve"
                    + " (default: ${DEFAULT-VALUE}). One the host does not offer is reported on stderr and skipped.")
    String features;

    @Option(names = "--name", paramLabel = "NAME", description = "Host name to record (default: the hostname).")
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the profile here (atomically) instead of stdout.")
    Path out;

    @Option(names = "--post", paramLabel = "URL",
            description = "Send the profile to the fleet service at URL (cpumodel serve) instead of stdout; exit 3 when it is refused or unreachable.")
    String post;

    @Option(names = "--token-file", paramLabel = "FILE", description = "The service's token for --post (default: the environment variable CPUMODEL_TOKEN).")
    Path tokenFile;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return collect(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Prepares on a second thread what collect needs only after its ioctls: the knowledge base and
     * the kernel ABI table (parsed), the CPU part names, the SHA-256 provider (the JDK reads its
     * security configuration first) and the JSON writer (the shared mapper and the profile's serialisers). Where the JVM runs emulated each of these
     * costs a noticeable part of the two seconds collect has, and the main thread meanwhile talks
     * to KVM. A failure there (a broken build) is left for the main thread, which meets it again
     * when it needs the table.
     */
    private static void preload() {
        Thread t = new Thread(() -> {
            try {
                KnowledgeBase.load();
                AbiTable.load();
                CpuParts.name(0);
                ProfileJson.prepareWriter();
            } catch (RuntimeException | Error e) {
                // reported where it is used
            }
        }, "cpumodel-preload");
        t.setDaemon(true);
        t.start();
    }

    /** Collects, writes the profile to {@code --out} or {@code stdout}, progress to {@code err}; the exit code. */
    int collect(PrintWriter stdout, PrintWriter err) {
        java.net.URI endpoint = null;
        String token = null;
        if (post != null) { // checked before measuring: a collect that cannot be delivered is not started
            endpoint = ProfilePost.endpoint(post);
            token = ProfilePost.token(tokenFile, System.getenv(ProfilePost.TOKEN_ENV));
        } else if (tokenFile != null) {
            throw CliException.usage("--token-file is for --post");
        }
        List<FeatureSet> sets;
        try {
            sets = HostCollector.parseFeatureSets(features);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--features: " + e.getMessage());
        }
        HostProfile profile;
        try (FfmKvm kvm = FfmKvm.open()) {
            preload(); // after the C library is bound: that is on the critical path and needs the CPU alone
            HostCollector.Result result = new HostCollector(kvm, HostFiles.system(), line -> {
                err.println(line);
                err.flush();
            }).collect(sets, name);
            // the host's raw values of fields KVM hides but accepts when written equal (MPAM, MPAM_frac, NV)
            profile = SanitisedFieldProbe.addFacts(result.profile(), kvm);
            // CNTFRQ_EL0, which KVM does not virtualise: hosts that exchange running guests need the same
            profile = HostFacts.withCounterFrequency(profile, CounterFrequency.read(kvm));
        } catch (CollectException | KvmException e) {
            throw CliException.environment(e.getMessage());
        }
        ProfileJson.Document doc = ProfileJson.document(profile);
        String json = doc.json();
        if (out == null && endpoint == null) {
            stdout.print(json);
            stdout.flush();
        } else if (out != null) {
            Json.writeAtomically(out, json);
            err.println("collect: wrote " + out + " (" + doc.profile().shortId() + ")");
            err.flush();
        }
        if (endpoint != null) { // after --out: a refused post keeps the measurement
            publish(endpoint, token, doc, err);
        }
        return ExitCodes.OK;
    }

    /** Posts a collected profile to the service and says what it did on {@code err}. */
    static void publish(java.net.URI endpoint, String token, ProfileJson.Document doc, PrintWriter err) {
        String summary = ProfilePost.post(endpoint, token, doc.json());
        err.println("collect: posted " + doc.profile().host().name() + " to " + endpoint + ": " + summary);
        err.flush();
    }
}
