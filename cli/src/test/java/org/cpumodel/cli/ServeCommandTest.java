package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpumodel.service.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cpumodel serve: options to the service, one-line errors with the right exit codes, and the jar without the service. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesWithAGeneratedTokenPrintedOnce() {
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs("--port", "0", "--data", dir.resolve("data").toString());
        StringWriter out = new StringWriter();
        String token;
        try (ServeRunner.Running r = ServeRunner.start(cmd, new PrintWriter(out, true))) {
            List<String> lines = out.toString().lines().toList();
            assertThat(lines.get(0)).contains("write token");
            token = lines.get(1);
            assertThat(token).startsWith("cpm_");
            assertThat(lines.get(2)).startsWith("cpumodel serve: listening on http://127.0.0.1:" + r.service().port() + "/");
            Client c = new Client("http://127.0.0.1:" + r.service().port(), token);
            assertThat(c.get("/api/status").json().path("vendor").asText()).isEqualTo("h2");
            assertThat(c.withToken(null).post("/api/profiles", "{}").status()).isEqualTo(401);
        }
        StringWriter again = new StringWriter();
        try (ServeRunner.Running r = ServeRunner.start(cmd, new PrintWriter(again, true))) {
            assertThat(again.toString()).as("the token is shown on the first run only").doesNotContain("cpm_");
            Client c = new Client("http://127.0.0.1:" + r.service().port(), token);
            assertThat(c.post("/api/profiles", "{}").status()).as("the stored token still works").isEqualTo(400);
        }
    }

    @Test
    void badOptionsAndABusyPortAreOneLine() throws Exception {
        CliRun db = CliRun.of("serve", "--port", "0", "--data", dir.toString(), "--db", "mysql://db/fleet");
        assertThat(db.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(db.err().strip()).startsWith("cpumodel serve: --db:").doesNotContain("\n");
        CliRun port = CliRun.of("serve", "--port", "70000");
        assertThat(port.exit()).isEqualTo(ExitCodes.USAGE);
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of("serve", "--port", Integer.toString(busy.getLocalPort()), "--data", dir.resolve("busy").toString());
            assertThat(r.exit()).isEqualTo(ExitCodes.ENVIRONMENT);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
        CliRun pg = CliRun.of("serve", "--port", "0", "--db", "postgresql://nobody@127.0.0.1:1/fleet");
        assertThat(pg.exit()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(pg.err()).startsWith("cpumodel serve: cannot connect to postgresql://nobody@127.0.0.1:1/fleet");
    }

    @Test
    void theJarWithoutTheServiceSaysWhichJarHasIt() throws Exception {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("service" + java.io.File.separator + "target") && !e.contains("cpumodel-service")).reduce((a, b) -> a + java.io.File.pathSeparator + b)
                .orElseThrow();
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, Main.class.getName(), "serve", "--port", "0"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(err.strip()).startsWith("cpumodel serve: serve is not in this jar").contains("cpumodel-server.jar");
    }
}
