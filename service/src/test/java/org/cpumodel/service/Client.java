package org.cpumodel.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for the service's API (JDK HttpClient), with an optional bearer token. */
public final class Client {

    /** A response: status, body text, and the body as JSON when it is JSON. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        /** The body of a successful response as JSON (an error status fails the test). */
        public JsonNode json() {
            if (status >= 400) {
                throw new AssertionError("HTTP " + status + ": " + body);
            }
            return parse();
        }

        /** The error document of a refused request: {"status", "field", "message"}. */
        public JsonNode error() {
            if (status < 400) {
                throw new AssertionError("expected an error, got HTTP " + status + ": " + body);
            }
            return parse().path("error");
        }

        private JsonNode parse() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String token;

    public Client(String base, String token) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), base, token);
    }

    public Client(HttpClient http, String base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    public Client withToken(String t) {
        return new Client(http, base, t);
    }

    public String base() {
        return base;
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    public Response send(HttpRequest r) {
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(resp.statusCode(), resp.body(), resp);
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + r.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
