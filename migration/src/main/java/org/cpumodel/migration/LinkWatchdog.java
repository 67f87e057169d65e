package org.cpumodel.migration;

import java.io.Closeable;
import java.io.IOException;

/**
 * Closes the connection when a transfer makes no progress for the link timeout: a blocking socket
 * write has no timeout of its own, and a cut link (no RST, no FIN) would otherwise block the source
 * for the kernel's retransmission timeout, many minutes. Armed while the source sends, disarmed
 * while it waits for an answer (reads have the socket's own timeout).
 */
final class LinkWatchdog implements AutoCloseable {

    private final Closeable connection;
    private final long timeoutNanos;
    private final Thread thread;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean armed;
    private volatile boolean fired;
    private volatile boolean closed;

    LinkWatchdog(Closeable connection, long timeoutNanos) {
        this.connection = connection;
        this.timeoutNanos = timeoutNanos;
        this.thread = Thread.ofPlatform().daemon().name("migration-watchdog").start(this::watch);
    }

    void arm() {
        lastProgress = System.nanoTime();
        armed = true;
    }

    void disarm() {
        armed = false;
    }

    void progress() {
        lastProgress = System.nanoTime();
    }

    /** Whether the watchdog closed the connection. */
    boolean fired() {
        return fired;
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            if (armed && System.nanoTime() - lastProgress > timeoutNanos) {
                fired = true;
                try {
                    connection.close();
                } catch (IOException e) {
                    // closing is all it can do
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
