package org.cpumodel.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.cpumodel.io.BoundedInput;
import org.cpumodel.io.InputException;

/**
 * {@code collect --post}: sends a host profile to the fleet service ({@code POST /api/profiles}) with the
 * service's bearer token. Uses only the JDK's HTTP client, so collect needs nothing of the service.
 * Every failure is one line: a refusal quotes the service's message, an unreachable service says so.
 */
final class ProfilePost {

    /** The environment variable that may hold the token (instead of --token-file). */
    static final String TOKEN_ENV = "CPUMODEL_TOKEN";

    private ProfilePost() {
    }

    /** The upload endpoint for a service URL: the URL itself when it names /api/profiles, else that path under it. */
    static URI endpoint(String url) {
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw CliException.usage("--post: not a URL: " + url);
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw CliException.usage("--post: expected the service's http:// or https:// URL, e.g. http://fleet.example:8790/, not '" + url + "'");
        }
        String path = u.getPath() == null ? "" : u.getPath();
        if (path.endsWith("/api/profiles")) {
            return u;
        }
        return u.resolve((path.endsWith("/") ? path : path + "/") + "api/profiles");
    }

    /** The token from --token-file, else from $CPUMODEL_TOKEN; a usage error when there is none. */
    static String token(Path tokenFile, String fromEnv) {
        if (tokenFile != null) {
            String t;
            try {
                t = BoundedInput.readText(tokenFile).strip(); // a regular file: a FIFO would block collect
            } catch (InputException e) {
                throw new CliException(e.badInput() ? ExitCodes.USAGE : ExitCodes.ENVIRONMENT, "--token-file " + e.getMessage());
            }
            if (t.isEmpty()) {
                throw CliException.usage("--token-file " + tokenFile + ": the file is empty");
            }
            return t;
        }
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        throw CliException.usage("--post needs the service's token: --token-file FILE or the environment variable " + TOKEN_ENV);
    }

    /** Posts the document; the service's one-line summary. */
    static String post(URI endpoint, String token, String document) {
        HttpRequest r = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8)).build();
        HttpResponse<String> resp;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            resp = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CliException.environment("--post " + endpoint + ": the service cannot be reached ("
                    + (e.getMessage() == null || e.getMessage().isBlank() ? "connection failed" : e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.environment("--post " + endpoint + ": interrupted");
        }
        String body = resp.body() == null ? "" : resp.body();
        if (resp.statusCode() / 100 != 2) {
            throw CliException.environment("--post " + endpoint + ": the service refused the profile (HTTP " + resp.statusCode() + "): " + message(body));
        }
        return "outcome " + field(body, "outcome") + ", host " + field(body, "host") + ", profile " + field(body, "profileId");
    }

    /** The "message" of the service's error document, else the body's first line. */
    private static String message(String body) {
        String m = field(body, "message");
        return m.isEmpty() ? body.lines().findFirst().orElse("(no body)") : m;
    }

    /** A top-level or nested string field of a small JSON answer (no JSON library on collect's path). */
    static String field(String json, String name) {
        String key = "\"" + name + "\"";
        int k = json.indexOf(key);
        if (k < 0) {
            return "";
        }
        int colon = json.indexOf(':', k + key.length());
        int q = colon < 0 ? -1 : json.indexOf('"', colon + 1);
        if (q < 0) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = q + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\' && i + 1 < json.length()) {
                out.append(json.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
