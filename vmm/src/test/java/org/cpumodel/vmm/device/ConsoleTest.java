package org.cpumodel.vmm.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsoleTest {

    @Test
    void theGuestsThreadOnlyBuffersAndAnotherThreadWritesSoonAfter() throws Exception {
        java.util.Set<String> writers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writers.add(Thread.currentThread().getName());
                super.write(b, off, len);
            }
        };
        ConsoleOutput out = new ConsoleOutput(sink);
        for (byte b : "line\nprompt# ".getBytes()) {
            out.accept(b);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!sink.toString().endsWith("# ") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sink.toString()).isEqualTo("line\nprompt# ");
        assertThat(writers).containsExactly("console-output");
        for (int i = 0; i < 3 * ConsoleOutput.CAPACITY; i++) {
            out.accept('a' + i % 26); // more than the buffer holds: waits for the writer, loses nothing
        }
        out.close();
        assertThat(out.written()).isEqualTo(13 + 3L * ConsoleOutput.CAPACITY);
        assertThat(sink.size()).isEqualTo(13 + 3 * ConsoleOutput.CAPACITY);
    }

    @Test
    void aFailingSinkIsReportedAtClose() {
        ConsoleOutput out = new ConsoleOutput(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        });
        out.accept('x');
        out.accept('\n');
        assertThatThrownBy(out::close).hasMessageContaining("console").hasRootCauseMessage("disk full");
    }

    @Test
    void inputWaitsForRoomInsteadOfDroppingBytes() throws Exception {
        Ns16550a uart = new Ns16550a(b -> { }, l -> { });
        byte[] text = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes();
        ConsoleInput in = ConsoleInput.start(new ByteArrayInputStream(text), uart);
        StringBuilder got = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.length() < text.length && System.nanoTime() < deadline) {
            if ((uart.read(Ns16550a.LSR, 1) & 1) != 0) {
                got.append((char) uart.read(Ns16550a.RBR_THR_DLL, 1));
            } else {
                Thread.sleep(1);
            }
        }
        assertThat(got.toString()).isEqualTo(new String(text));
        in.running(); // ends at end of input
    }
}
