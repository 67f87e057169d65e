package org.cpumodel.vmm.device;

import java.io.IOException;
import java.io.InputStream;

/**
 * Feeds bytes from an input stream (the VMM's stdin, when it is a terminal or a pipe) to the UART's
 * receive FIFO on a daemon thread, waiting while the FIFO is full (nothing is dropped). Ends at end
 * of input; the VMM does not wait for it.
 */
public final class ConsoleInput {

    private final Thread thread;

    private ConsoleInput(Thread thread) {
        this.thread = thread;
    }

    /** Starts copying {@code in} into {@code uart}. */
    public static ConsoleInput start(InputStream in, Ns16550a uart) {
        return new ConsoleInput(Thread.ofPlatform().daemon().name("console-input").start(() -> copy(in, uart)));
    }

    static void copy(InputStream in, Ns16550a uart) {
        byte[] buf = new byte[256];
        try {
            int got;
            while ((got = in.read(buf)) > 0) {
                for (int i = 0; i < got; i++) {
                    synchronized (uart) {
                        while (!uart.receive(buf[i])) {
                            uart.wait(100);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // input ended badly: the guest just gets no more of it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean running() {
        return thread.isAlive();
    }
}
