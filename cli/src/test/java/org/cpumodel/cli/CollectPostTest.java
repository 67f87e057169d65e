package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.service.LabFleet;
import org.cpumodel.service.ServiceFixture;
import org.cpumodel.service.db.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect --post: the collected profile goes to the fleet service; refusals and an unreachable service are one line, exit 3. */
class CollectPostTest {

    @TempDir
    Path dir;

    private static ProfileJson.Document labProfile() {
        HostProfile p = ProfileJson.parse("lab", LabFleet.documents().get("cortex-a76_7.3"));
        return ProfileJson.document(p);
    }

    @Test
    void endpointAndToken() throws Exception {
        assertThat(ProfilePost.endpoint("http://fleet:8790")).isEqualTo(URI.create("http://fleet:8790/api/profiles"));
        assertThat(ProfilePost.endpoint("http://fleet:8790/")).isEqualTo(URI.create("http://fleet:8790/api/profiles"));
        assertThat(ProfilePost.endpoint("https://h/cpumodel")).isEqualTo(URI.create("https://h/cpumodel/api/profiles"));
        assertThat(ProfilePost.endpoint("http://h/api/profiles")).isEqualTo(URI.create("http://h/api/profiles"));
        assertThatThrownBy(() -> ProfilePost.endpoint("fleet:8790")).isInstanceOf(CliException.class).hasMessageContaining("--post");
        assertThatThrownBy(() -> ProfilePost.token(null, null)).hasMessageContaining("CPUMODEL_TOKEN");
        Path f = dir.resolve("token");
        Files.writeString(f, " cpm_x \n");
        assertThat(ProfilePost.token(f, "other")).isEqualTo("cpm_x");
        assertThat(ProfilePost.token(null, "cpm_env")).isEqualTo("cpm_env");
        // checked before collecting: no token is a usage error even where there is no KVM
        CliRun noToken = CliRun.of("collect", "--post", "http://127.0.0.1:9/");
        if (System.getenv(ProfilePost.TOKEN_ENV) == null) {
            assertThat(noToken.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(noToken.err()).contains("--post needs the service's token");
        }
    }

    @Test
    void postsToTheServiceAndReportsRefusals() throws Exception {
        try (ServiceFixture f = ServiceFixture.start(dir.resolve("svc"), null)) {
            URI endpoint = ProfilePost.endpoint(f.url());
            StringWriter err = new StringWriter();
            ProfileJson.Document doc = labProfile();
            CollectCommand.publish(endpoint, f.token(), doc, new PrintWriter(err, true));
            assertThat(err.toString()).contains("collect: posted lab-cortex-a76-7.3 to " + endpoint + ": outcome created, host lab-cortex-a76-7.3");
            assertThat(f.client().get("/api/hosts/lab-cortex-a76-7.3").status()).isEqualTo(200);
            CollectCommand.publish(endpoint, f.token(), doc, new PrintWriter(err, true));
            assertThat(err.toString()).contains("outcome unchanged");

            assertThatThrownBy(() -> CollectCommand.publish(endpoint, TokenStore.newToken(), doc, new PrintWriter(new StringWriter())))
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
                        assertThat(e.getMessage()).contains("refused the profile (HTTP 403)").contains("not valid");
                    });
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> CollectCommand.publish(ProfilePost.endpoint("http://127.0.0.1:" + closed + "/"), "t", labProfile(), new PrintWriter(new StringWriter())))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
                    assertThat(e.getMessage()).contains("cannot be reached");
                });
    }
}
