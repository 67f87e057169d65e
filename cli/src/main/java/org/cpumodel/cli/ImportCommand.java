package org.cpumodel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.cpumodel.importers.FirecrackerImporter;
import org.cpumodel.importers.ImportException;
import org.cpumodel.importers.RawDumpImporter;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileFormatException;
import org.cpumodel.profile.ProfileJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", header = "Make host profiles from Firecracker fingerprints or raw register dumps.", mixinStandardHelpOptions = true,
        description = {"Make host profiles from other sources, one file per host named <cpu>_<kernel>.json.",
                "What the source did not measure is inferred from the kernel version and marked so in the profile."},
        subcommands = {ImportCommand.Firecracker.class, ImportCommand.Raw.class})
public final class ImportCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to import: firecracker or raw");
    }

    @Command(name = "firecracker", mixinStandardHelpOptions = true,
            description = "Firecracker 'cpu-template-helper fingerprint dump' JSON files (what KVM showed a guest vCPU).",
            footer = {"", "Example:", "  cpumodel import firecracker fingerprint_ARM_NEOVERSE_N1_6.1host.json --out fleet/"})
    static final class Firecracker implements java.util.concurrent.Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Fingerprint JSON files.")
        List<Path> files;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the profiles (created if missing).")
        Path out;

        @Option(names = "--name", paramLabel = "NAME", description = "Host name of the one FILE imported (and output file NAME.json).")
        String name;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return importAll(spec, files, out, FirecrackerImporter::importFile, name);
        }
    }

    @Command(name = "raw", mixinStandardHelpOptions = true,
            description = {"Raw register dumps of lelegard/arm-cpusysregs (*-cpusysregs-registers.txt): silicon values at EL1,",
                    "from which KVM's limits under --kernel are derived (inferred, partial profiles)."},
            footer = {"", "Example:", "  cpumodel import raw ampere-altra-host-ubuntu.cpusysregs-registers.txt --kernel 6.12 --out fleet/"})
    static final class Raw implements java.util.concurrent.Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Register dump files.")
        List<Path> files;

        @Option(names = "--kernel", required = true, paramLabel = "VERSION", description = "The kernel the host would run, e.g. 6.12.")
        String kernel;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the profiles (created if missing).")
        Path out;

        @Option(names = "--name", paramLabel = "NAME", description = "Host name of the one FILE imported (and output file NAME.json).")
        String name;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                KernelVersion.parse(kernel);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--kernel: " + e.getMessage());
            }
            return importAll(spec, files, out, f -> RawDumpImporter.importFile(f, kernel), name);
        }
    }

    /** The output file name of a profile: {@code <cpu>_<major.minor>.json}, lower case. */
    static String fileName(HostProfile p) {
        String cpu = p.host().cpu() == null ? p.host().name() : p.host().cpu();
        String safe = cpu.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.+-]+", "-");
        return safe + "_" + p.kernel() + ".json";
    }

    /**
     * Imports every file on its own: a file that cannot be imported is named with the reason and the
     * others are still written (each atomically); the exit code is 2 when any failed. Two hosts that
     * would get the same output name are told apart by their host names ({@code <cpu>_<kernel>_<host>.json}).
     */
    static int importAll(CommandLine.Model.CommandSpec spec, List<Path> files, Path outDir, Function<Path, HostProfile> importer) {
        return importAll(spec, files, outDir, importer, null);
    }

    /** {@link #importAll} with {@code --name}: the host name and output file name of a single imported file. */
    static int importAll(CommandLine.Model.CommandSpec spec, List<Path> files, Path outDir, Function<Path, HostProfile> importer, String hostName) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw CliException.usage("--out " + outDir + ": not a directory");
        }
        if (hostName != null && (files.size() != 1 || !hostName.matches("[A-Za-z0-9][A-Za-z0-9._+-]*"))) {
            throw CliException.usage("--name " + hostName + ": names one host (letters, digits, . _ + -), so give exactly one FILE with it");
        }
        var err = spec.commandLine().getErr();
        Map<String, HostProfile> byName = new LinkedHashMap<>();
        Map<String, Path> sources = new LinkedHashMap<>();
        int failed = 0;
        for (Path f : files) {
            HostProfile p;
            try {
                if (!Files.isRegularFile(f)) {
                    throw new ImportException(f + ": no such file");
                }
                p = importer.apply(f);
            } catch (ImportException | ProfileFormatException | org.cpumodel.kernel.abi.KernelTooOldException e) {
                err.println("import: " + (e.getMessage().startsWith(f.toString()) ? e.getMessage() : f + ": " + e.getMessage()));
                failed++;
                continue;
            }
            if (hostName != null) {
                var h = p.host();
                p = ProfileJson.identify(new HostProfile(null, new org.cpumodel.profile.HostInfo(hostName, h.cpu(), h.kernelRelease(), h.kvmMode(),
                        h.source(), h.facts()), p.partial(), p.notes(), p.capabilities(), p.masks(), p.gic(), p.featureSets()));
            }
            String name = hostName != null ? hostName + ".json" : fileName(p);
            if (byName.containsKey(name)) {
                String unique = name.replaceFirst("\\.json$", "") + "_" + p.host().name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.+-]+", "-") + ".json";
                if (byName.containsKey(unique)) {
                    err.println("import: " + f + ": would be written as " + unique + " like " + sources.get(unique) + "; give it a name with --name");
                    failed++;
                    continue;
                }
                name = unique;
            }
            byName.put(name, p);
            sources.put(name, f);
        }
        List<String> written = new ArrayList<>();
        for (var e : byName.entrySet()) {
            Path target = outDir.resolve(e.getKey());
            Json.writeAtomically(target, ProfileJson.write(e.getValue()));
            written.add(e.getKey());
            err.println("import: " + sources.get(e.getKey()) + " -> " + target + (e.getValue().partial() ? " (partial)" : ""));
        }
        if (failed > 0 && files.size() > 1) {
            err.println("import: " + failed + " of " + files.size() + " file(s) not imported (named above); " + written.size() + " written");
        }
        err.flush();
        return failed > 0 ? ExitCodes.USAGE : ExitCodes.OK;
    }
}
