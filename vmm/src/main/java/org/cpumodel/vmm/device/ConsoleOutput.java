package org.cpumodel.vmm.device;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Where the console UART's bytes go (the terminal or a file): buffered, flushed at each newline
 * and, for a prompt without one, by a daemon thread {@link #FLUSH_DELAY_MS} after the last byte.
 * Writing a byte is then a memory store, not a system call per character (each costs a vCPU exit's
 * worth of time where the VMM itself runs emulated).
 */
public final class ConsoleOutput implements IntConsumer, AutoCloseable {

    static final int FLUSH_DELAY_MS = 50;

    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int n;
    private long written;
    private boolean closed;
    private IOException failure;
    private final Thread flusher;

    public ConsoleOutput(OutputStream out) {
        this.out = out;
        this.flusher = Thread.ofPlatform().daemon().name("console-flush").start(this::flushLoop);
    }

    @Override
    public synchronized void accept(int b) {
        if (closed) {
            return;
        }
        buf[n++] = (byte) b;
        written++;
        if (b == '\n' || n == buf.length) {
            flushLocked();
        } else {
            notifyAll();
        }
    }

    /** Bytes the guest has written. */
    public synchronized long written() {
        return written;
    }

    private void flushLocked() {
        if (n == 0 || failure != null) {
            n = 0;
            return;
        }
        try {
            out.write(buf, 0, n);
            out.flush();
        } catch (IOException e) {
            failure = e; // the guest keeps running; close() reports it
        }
        n = 0;
    }

    private synchronized void flushLoop() {
        try {
            while (!closed) {
                if (n == 0) {
                    wait();
                } else {
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_DELAY_MS);
                    long left;
                    while (n > 0 && !closed && (left = deadline - System.nanoTime()) > 0) {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                    flushLocked();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Flushes what is left; throws when writing failed at any point. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            flushLocked();
            closed = true;
            notifyAll();
        }
        try {
            flusher.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new UncheckedIOException("writing the guest console failed", failure);
        }
    }
}
