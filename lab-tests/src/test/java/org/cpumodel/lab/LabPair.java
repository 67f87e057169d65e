package org.cpumodel.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Two lab hosts linked by lab/run.sh --link, started together: A listens on the link's socket (QEMU
 * server) with 10.0.0.1/24, B connects (client) with 10.0.0.2/24. Closing the pair closes both hosts,
 * B even when closing A fails.
 */
public final class LabPair implements AutoCloseable {

    public static final String A_IP = "10.0.0.1/24";
    public static final String B_IP = "10.0.0.2/24";

    private final LabHost a;
    private final LabHost b;
    private final long startNanos;
    private volatile double readySeconds = -1;

    private LabPair(LabHost a, LabHost b, long startNanos) {
        this.a = a;
        this.b = b;
        this.startNanos = startNanos;
    }

    /**
     * Starts A and B at once, linked through {@code dir/link.sock} with the given MTU; {@code dir/a} and
     * {@code dir/b} hold their shares. The specs' own links are replaced.
     */
    public static LabPair start(Lab lab, Path dir, HostSpec a, HostSpec b, int mtu) throws IOException {
        Files.createDirectories(dir);
        Path socket = dir.resolve("link.sock");
        long t0 = System.nanoTime();
        LabHost ha = LabHost.start(lab, a.withLink(new HostSpec.Link(socket, true, A_IP, mtu)), Files.createDirectories(dir.resolve("a")));
        try {
            LabHost hb = LabHost.start(lab, b.withLink(new HostSpec.Link(socket, false, B_IP, mtu)), Files.createDirectories(dir.resolve("b")));
            return new LabPair(ha, hb, t0);
        } catch (IOException | RuntimeException e) {
            ha.close();
            throw e;
        }
    }

    /** Waits until both agents run; then {@link #readySeconds()} is the pair's boot time. */
    public LabPair awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        a.awaitReady(timeout);
        b.awaitReady(timeout);
        readySeconds = (System.nanoTime() - startNanos) / 1e9;
        return this;
    }

    /** Host-side wall time from starting the pair until both agents ran, or -1 before {@link #awaitReady}. */
    public double readySeconds() {
        return readySeconds;
    }

    public LabHost a() {
        return a;
    }

    public LabHost b() {
        return b;
    }

    /** Powers both hosts off (both asked first, so they go down together); never leaves QEMU running. */
    @Override
    public void close() {
        a.requestShutdown();
        b.requestShutdown();
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
