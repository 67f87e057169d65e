package org.cpumodel.bench.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cpumodel.bench.sim.FleetSimulator;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.service.Client;
import org.cpumodel.service.LabFleet;
import org.cpumodel.service.LoadClient;
import org.cpumodel.service.ServiceFixture;

/**
 * The fleet service under a bounded loopback load, measured (the figures of docs/benchmarks.md, "Fleet
 * service"). Starts the service in this JVM on the embedded database in a temporary folder (or on
 * {@code --db URL}), then:
 * <ol>
 * <li>{@code --uploads} profile uploads (the lab fleet's documents under new host names) from
 * {@code --upload-clients} concurrent clients, then {@code --queries} placement queries (a random source
 * host each) from {@code --query-clients} clients: requests per second, p50, p99 and max latency;</li>
 * <li>with {@code --fleet-hosts N --fleet-distinct D}: a fleet of N hosts over D distinct profiles grown
 * from the lab fleet by the fleet simulator is uploaded, and the endpoints the web page reads (fleet,
 * matrix, pools) and placement are timed, cold (first computation of a fleet generation) and warm.</li>
 * </ol>
 * <pre>java -cp bench/target/benchmarks.jar org.cpumodel.bench.service.ServiceLoad [--uploads 10000] [--queries 100000]
 *      [--upload-clients 8] [--query-clients 4] [--fleet-hosts 100000 --fleet-distinct 200] [--db postgresql://...]</pre>
 */
public final class ServiceLoad {

    private ServiceLoad() {
    }

    public static void main(String[] args) throws Exception {
        int uploads = 10_000;
        int queries = 100_000;
        int uploadClients = 8;
        int queryClients = 4;
        int fleetHosts = 0;
        int fleetDistinct = 200;
        String db = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--uploads" -> uploads = Integer.parseInt(v);
                case "--queries" -> queries = Integer.parseInt(v);
                case "--upload-clients" -> uploadClients = Integer.parseInt(v);
                case "--query-clients" -> queryClients = Integer.parseInt(v);
                case "--fleet-hosts" -> fleetHosts = Integer.parseInt(v);
                case "--fleet-distinct" -> fleetDistinct = Integer.parseInt(v);
                case "--db" -> db = v;
                default -> {
                    System.err.println("ServiceLoad: unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        System.out.printf(Locale.ROOT, "# %d CPUs, load average %s%n", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        Path dir = Files.createTempDirectory("cpumodel-serviceload-");
        try (ServiceFixture f = ServiceFixture.start(dir, db)) {
            System.out.println("# database: " + f.service().database());
            if (uploads > 0) {
                List<String> docs = new ArrayList<>(LabFleet.documents().values());
                LoadClient.Report up = LoadClient.uploads(f.url(), f.token(), docs, "load", uploads, uploadClients);
                System.out.println(up.line());
                List<String> names = new ArrayList<>();
                for (int i = 0; i < uploads; i++) {
                    names.add(LoadClient.hostName("load", i));
                }
                LoadClient.Report q = LoadClient.placements(f.url(), names, queries, queryClients, 42);
                System.out.println(q.line());
                for (String h : names) {
                    f.client().delete("/api/hosts/" + h);
                }
            }
            if (fleetHosts > 0) {
                bigFleet(f, fleetHosts, fleetDistinct, uploadClients, queryClients);
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf(Locale.ROOT, "# load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private static void bigFleet(ServiceFixture f, int hosts, int distinct, int uploadClients, int queryClients) throws Exception {
        FleetSimulator.Fleet fleet = FleetSimulator.grow(FleetSimulator.exampleFleet(), FleetSimulator.Options.of(7, hosts, distinct));
        List<String> docs = new ArrayList<>();
        for (HostProfile p : fleet.profiles()) {
            docs.add(ProfileJson.write(p));
        }
        int[] of = fleet.profileOf();
        LoadClient.Report up = LoadClient.run("fleet uploads", hosts, uploadClients, i -> java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(f.url() + "/api/profiles")).header("Authorization", "Bearer " + f.token())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(LabFleet.renamed(docs.get(of[i]), LoadClient.hostName("fleet", i)))).build());
        System.out.println(up.line());
        Client c = f.client();
        System.out.println("# fleet: " + c.get("/api/status").json().path("rows"));
        for (String path : List.of("/api/fleet", "/api/matrix", "/api/pools", "/api/placement?host=" + LoadClient.hostName("fleet", 0))) {
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                Client.Response r = c.get(path);
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "%s %s: HTTP %d, %d bytes, %.1f ms%n", round == 0 ? "cold" : "warm", path, r.status(), r.body().length(), ms);
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            names.add(LoadClient.hostName("fleet", i));
        }
        System.out.println(LoadClient.placements(f.url(), names, 20_000, queryClients, 7).line());
    }
}
