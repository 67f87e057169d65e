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
    void outputIsFlushedAtNewlinesAndAfterAPause() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ConsoleOutput out = new ConsoleOutput(sink);
        for (byte b : "line\nprompt# ".getBytes()) {
            out.accept(b);
        }
        synchronized (sink) {
            assertThat(sink.toString()).startsWith("line\n");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!sink.toString().endsWith("# ") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sink.toString()).isEqualTo("line\nprompt# ");
        out.close();
        assertThat(out.written()).isEqualTo(13);
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
