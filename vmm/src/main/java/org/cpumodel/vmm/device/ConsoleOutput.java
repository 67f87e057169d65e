package org.cpumodel.vmm.device;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Where the console UART's bytes go (the terminal or a file). The vCPU thread that emulates the
 * UART only appends to a buffer (a memory store, not a system call per character: each would cost
 * the guest an exit's worth of time, and a write to a slow file, e.g. over 9p, much more); a daemon
 * thread writes the buffer out at most {@link #FLUSH_DELAY_MS} after the first byte of a batch. The
 * vCPU waits only when {@link #CAPACITY} bytes are pending (the sink cannot keep up).
 */
public final class ConsoleOutput implements IntConsumer, AutoCloseable {

    static final int FLUSH_DELAY_MS = 20;
    static final int CAPACITY = 1 << 16;

    private final OutputStream out;
    private byte[] pending = new byte[CAPACITY];
    private byte[] writing = new byte[CAPACITY];
    private int n;
    private long written;
    private boolean closed;
    private IOException failure;
    private final Thread flusher;

    public ConsoleOutput(OutputStream out) {
        this.out = out;
        this.flusher = Thread.ofPlatform().daemon().name("console-output").start(this::flushLoop);
    }

    @Override
    public synchronized void accept(int b) {
        if (closed) {
            return;
        }
        while (n == CAPACITY && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        pending[n++] = (byte) b;
        written++;
        if (n == 1) {
            notifyAll(); // a new batch: wake the writer (once per batch, not per byte)
        }
    }

    /** Bytes the guest has written. */
    public synchronized long written() {
        return written;
    }

    private void flushLoop() {
        try {
            while (true) {
                int len;
                byte[] batch;
                synchronized (this) {
                    while (n == 0 && !closed) {
                        wait();
                    }
                    if (n == 0) {
                        return; // closed and drained
                    }
                    if (!closed) {
                        TimeUnit.MILLISECONDS.timedWait(this, FLUSH_DELAY_MS); // let the batch grow
                    }
                    batch = pending;
                    len = n;
                    pending = writing;
                    writing = batch;
                    n = 0;
                    notifyAll(); // room again
                }
                write(batch, len);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(byte[] batch, int len) {
        if (failure != null) {
            return;
        }
        try {
            out.write(batch, 0, len);
            out.flush();
        } catch (IOException e) {
            failure = e; // the guest keeps running; close() reports it
        }
    }

    /** Writes what is left and stops the writer; throws when writing failed at any point. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new UncheckedIOException("writing the guest console failed", failure);
        }
    }
}
