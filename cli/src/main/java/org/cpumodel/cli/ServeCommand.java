package org.cpumodel.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cpumodel serve}: options only. The service itself ({@code org.cpumodel.service}) is touched by
 * {@link ServeRunner} alone, so this class loads in a jar without the service (cpumodel.jar on
 * hypervisor hosts), where it says which jar has it.
 */
@Command(name = "serve", header = "Run the fleet service: inventory database, REST API under /api/ and the web page at /.", mixinStandardHelpOptions = true,
        description = {"Keep an inventory of host profiles and answer, over HTTP, the questions the planner answers on files: distinct",
                "profiles and hosts, baselines, pools, compatibility, where a VM may go, models in every format, the GIC what-if.",
                "The embedded database (one file, created on first run under --data) suits one instance; several instances share",
                "one PostgreSQL database (--db postgresql://...), the only state they share.",
                "On a database's first run a write token is generated and printed once (only its SHA-256 is stored); writes need",
                "'Authorization: Bearer <token>', reads too with --protect-reads. See docs/service.md."},
        footer = {"", "Examples:", "  cpumodel serve --data /var/lib/cpumodel",
                "  CPUMODEL_DB_PASSWORD=... cpumodel serve --bind 0.0.0.0 --db postgresql://cpumodel@db.example/fleet --token-file /etc/cpumodel/token"})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "8790", description = "TCP port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory of the embedded database (default: $XDG_DATA_HOME/cpumodel, else ~/.local/share/cpumodel).")
    Path data;

    @Option(names = "--db", paramLabel = "URL",
            description = "PostgreSQL instead of the embedded database: postgresql://[user[:password]@]host[:port]/database (password also from"
                    + " CPUMODEL_DB_PASSWORD or PGPASSWORD), or a jdbc:postgresql: / jdbc:h2: URL.")
    String db;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Accept the token in FILE (its hash is stored; e.g. one secret for every instance).")
    Path tokenFile;

    @Option(names = "--new-token", description = "Revoke every token, print a new one and keep serving.")
    boolean newToken;

    @Option(names = "--protect-reads", description = "Reads need the token too (default: reads are open, writes need it).")
    boolean protectReads;

    @Option(names = "--max-upload", paramLabel = "BYTES", defaultValue = "1048576", description = "Largest request body accepted (default: ${DEFAULT-VALUE}).")
    long maxUpload;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Whether the service classes are on the class path (cpumodel-server.jar, not cpumodel.jar); asked here, since loading {@link ServeRunner} needs them. */
    static boolean serviceAvailable() {
        try {
            Class.forName("org.cpumodel.service.FleetService", false, ServeCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The data directory when --data is not given. */
    static Path defaultData() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("cpumodel");
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw CliException.usage("--port: " + port + " is not a TCP port (0..65535)");
        }
        if (maxUpload < 1024) {
            throw CliException.usage("--max-upload: at least 1024 bytes");
        }
        if (!serviceAvailable()) {
            throw CliException.environment("serve is not in this jar: run it from cpumodel-server.jar (cli/target/cpumodel-server.jar; ./cpumodel serve does)");
        }
        try (ServeRunner.Running r = ServeRunner.start(this, spec.commandLine().getOut())) {
            r.awaitShutdown();
        }
        return ExitCodes.OK;
    }
}
