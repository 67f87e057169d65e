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

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return importAll(spec, files, out, FirecrackerImporter::importFile);
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

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                KernelVersion.parse(kernel);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--kernel: " + e.getMessage());
            }
            return importAll(spec, files, out, f -> RawDumpImporter.importFile(f, kernel));
        }
    }

    /** The output file name of a profile: {@code <cpu>_<major.minor>.json}, lower case. */
    static String fileName(HostProfile p) {
        String cpu = p.host().cpu() == null ? p.host().name() : p.host().cpu();
        String safe = cpu.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.+-]+", "-");
        return safe + "_" + p.kernel() + ".json";
    }

    /** Imports every file first; writes only when all succeeded, each atomically. */
    static int importAll(CommandLine.Model.CommandSpec spec, List<Path> files, Path outDir, Function<Path, HostProfile> importer) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw CliException.usage("--out " + outDir + ": not a directory");
        }
        Map<String, HostProfile> byName = new LinkedHashMap<>();
        Map<String, Path> sources = new LinkedHashMap<>();
        for (Path f : files) {
            HostProfile p;
            try {
                p = importer.apply(f);
            } catch (ImportException | ProfileFormatException e) {
                throw CliException.usage(e.getMessage().startsWith(f.toString()) ? e.getMessage() : f + ": " + e.getMessage());
            }
            String name = fileName(p);
            if (byName.containsKey(name)) {
                throw CliException.usage(f + ": would be written as " + name + " like " + sources.get(name) + "; import them separately");
            }
            byName.put(name, p);
            sources.put(name, f);
        }
        List<String> written = new ArrayList<>();
        var err = spec.commandLine().getErr();
        for (var e : byName.entrySet()) {
            Path target = outDir.resolve(e.getKey());
            Json.writeAtomically(target, ProfileJson.write(e.getValue()));
            written.add(e.getKey());
            err.println("import: " + sources.get(e.getKey()) + " -> " + target + (e.getValue().partial() ? " (partial)" : ""));
        }
        err.flush();
        return ExitCodes.OK;
    }
}
