package org.cpumodel.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A bounded loopback load generator for the service: a fixed number of requests from a fixed number of
 * concurrent clients (one HTTP/1.1 connection each), each request's latency measured. Used by the load
 * test (which asserts correctness and prints the figures) and by bench/'s ServiceLoad runnable.
 */
public final class LoadClient {

    /** What a run did: requests, failures (non-2xx or I/O errors, with the first few messages), wall time and latencies. */
    public record Report(String what, int clients, int requests, int errors, List<String> firstErrors, double seconds, long[] sortedNanos) {

        public double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
        }

        public String line() {
            return String.format(Locale.ROOT, "%s: %d requests from %d clients in %.1f s (%.0f/s), %d errors; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    what, requests, clients, seconds, requests / seconds, errors, percentileMillis(50), percentileMillis(99), percentileMillis(100));
        }
    }

    private LoadClient() {
    }

    /**
     * Sends {@code count} requests made by {@code request} (given the request's number) from {@code clients}
     * threads; a response is an error unless its status is {@code 2xx}.
     */
    public static Report run(String what, int count, int clients, IntFunction<HttpRequest> request) throws InterruptedException {
        long[] nanos = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        HttpRequest r = request.apply(i);
                        long s = System.nanoTime();
                        try {
                            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
                            nanos[i] = System.nanoTime() - s;
                            if (resp.statusCode() / 100 != 2) {
                                errors.incrementAndGet();
                                if (firstErrors.size() < 5) {
                                    firstErrors.add(r.method() + " " + r.uri() + ": " + resp.statusCode() + " " + resp.body());
                                }
                            }
                        } catch (java.io.IOException e) {
                            nanos[i] = System.nanoTime() - s;
                            errors.incrementAndGet();
                            if (firstErrors.size() < 5) {
                                firstErrors.add(r.method() + " " + r.uri() + ": " + e);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    http.close();
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(nanos);
        return new Report(what, clients, count, errors.get(), List.copyOf(firstErrors), seconds, nanos);
    }

    /** Uploads of {@code count} hosts named {@code prefix-00000}...: host i presents document i modulo the documents. */
    public static Report uploads(String base, String token, List<String> documents, String prefix, int count, int clients) throws InterruptedException {
        return run("uploads", count, clients, i -> HttpRequest.newBuilder(URI.create(base + "/api/profiles")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LabFleet.renamed(documents.get(i % documents.size()), hostName(prefix, i)))).build());
    }

    public static String hostName(String prefix, int i) {
        return String.format(Locale.ROOT, "%s-%05d", prefix, i);
    }

    /** Placement queries for random source hosts among {@code hosts} (seeded). */
    public static Report placements(String base, List<String> hosts, int count, int clients, long seed) throws InterruptedException {
        String[] picks = new String[count];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            picks[i] = hosts.get(r.nextInt(hosts.size()));
        }
        return run("placement queries", count, clients, i -> HttpRequest.newBuilder(URI.create(base + "/api/placement?host=" + picks[i]))
                .timeout(Duration.ofSeconds(60)).GET().build());
    }
}
