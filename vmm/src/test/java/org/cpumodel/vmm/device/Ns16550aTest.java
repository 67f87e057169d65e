package org.cpumodel.vmm.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The UART as Linux's 8250 driver and earlycon drive it, without KVM: register semantics, the
 * interrupt line (raised and lowered only on changes), the THRE test of serial8250_do_startup,
 * receive with FIFO, loopback, and save/restore.
 */
class Ns16550aTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<Boolean> irq = new ArrayList<>();
    final Ns16550a uart = new Ns16550a(out::write, irq::add);

    int r(int off) {
        return (int) uart.read(off, 1);
    }

    void w(int off, int v) {
        uart.write(off, 1, v);
    }

    @Test
    void transmitsWhatIsWrittenToThr() {
        for (byte b : "hello\n".getBytes()) {
            w(Ns16550a.RBR_THR_DLL, b);
        }
        assertThat(out.toString()).isEqualTo("hello\n");
        assertThat(r(Ns16550a.LSR) & 0x60).as("THRE and TEMT: always ready").isEqualTo(0x60);
        assertThat(irq).as("no interrupt enabled, the line never moves").isEmpty();
    }

    @Test
    void divisorLatchDoesNotTransmit() {
        w(Ns16550a.LCR, 0x83);
        w(Ns16550a.RBR_THR_DLL, 1);
        w(Ns16550a.IER_DLM, 0);
        assertThat(r(Ns16550a.RBR_THR_DLL)).isEqualTo(1);
        w(Ns16550a.LCR, 0x03);
        assertThat(out.size()).isZero();
        assertThat(r(Ns16550a.LCR)).isEqualTo(3);
        w(Ns16550a.SCR, 0x5A);
        assertThat(r(Ns16550a.SCR)).isEqualTo(0x5A);
    }

    @Test
    void theThreTestOfThe8250DriverSeesAThrInterrupt() {
        // serial8250_do_startup: IER=THRI, read IIR, IER=0, IER=THRI, read IIR, IER=0; a UART without
        // a THRE interrupt here would get UART_BUG_THRE
        w(Ns16550a.IER_DLM, Ns16550a.IER_THRI);
        int iir1 = r(Ns16550a.IIR_FCR);
        w(Ns16550a.IER_DLM, 0);
        w(Ns16550a.IER_DLM, Ns16550a.IER_THRI);
        int iir = r(Ns16550a.IIR_FCR);
        w(Ns16550a.IER_DLM, 0);
        assertThat(iir1 & 0x0F).isEqualTo(Ns16550a.IIR_THRI);
        assertThat(iir & 0x0F).isEqualTo(Ns16550a.IIR_THRI);
        assertThat(irq).containsExactly(true, false, true, false);
    }

    @Test
    void txInterruptRearmsAfterEachWriteAndIsAcknowledgedByReadingIir() {
        w(Ns16550a.IIR_FCR, 0x07); // FIFO on, clear both
        w(Ns16550a.IER_DLM, Ns16550a.IER_THRI);
        assertThat(irq).containsExactly(true);
        assertThat(r(Ns16550a.IIR_FCR)).isEqualTo(0xC0 | Ns16550a.IIR_THRI);
        assertThat(irq).containsExactly(true, false);
        assertThat(r(Ns16550a.IIR_FCR)).as("acknowledged").isEqualTo(0xC1);
        w(Ns16550a.RBR_THR_DLL, 'x');
        assertThat(irq).containsExactly(true, false, true);
        w(Ns16550a.IER_DLM, 0); // the driver's __stop_tx
        assertThat(irq).containsExactly(true, false, true, false);
    }

    @Test
    void receivedBytesRaiseRdiUntilRead() {
        w(Ns16550a.IIR_FCR, 0x01);
        w(Ns16550a.IER_DLM, Ns16550a.IER_RDI);
        assertThat(uart.receive((byte) 'a')).isTrue();
        assertThat(uart.receive((byte) 'b')).isTrue();
        assertThat(irq).containsExactly(true);
        assertThat(r(Ns16550a.IIR_FCR) & 0x0F).isEqualTo(Ns16550a.IIR_RDI);
        assertThat(r(Ns16550a.LSR) & 1).isEqualTo(1);
        assertThat(r(Ns16550a.RBR_THR_DLL)).isEqualTo('a');
        assertThat(r(Ns16550a.RBR_THR_DLL)).isEqualTo('b');
        assertThat(r(Ns16550a.LSR) & 1).isZero();
        assertThat(irq).containsExactly(true, false);
        for (int i = 0; i < Ns16550a.FIFO_SIZE; i++) {
            assertThat(uart.receive((byte) i)).isTrue();
        }
        assertThat(uart.receive((byte) 99)).as("FIFO full: the caller waits").isFalse();
        w(Ns16550a.IIR_FCR, 0x03); // clear the receive FIFO
        assertThat(r(Ns16550a.LSR) & 1).isZero();
    }

    @Test
    void withoutFifoOneByteFits() {
        assertThat(uart.receive((byte) 1)).isTrue();
        assertThat(uart.receive((byte) 2)).isFalse();
        assertThat(r(Ns16550a.IIR_FCR) & 0xC0).isZero();
    }

    @Test
    void loopbackReturnsTransmittedBytesAndMirrorsModemControl() {
        w(Ns16550a.MCR, 0x10 | 0x0B); // loop, DTR, RTS, OUT2
        w(Ns16550a.RBR_THR_DLL, 'z');
        assertThat(out.size()).isZero();
        assertThat(r(Ns16550a.RBR_THR_DLL)).isEqualTo('z');
        assertThat(r(Ns16550a.MSR) & 0xF0).isEqualTo(Ns16550a.MSR_DSR | Ns16550a.MSR_CTS | Ns16550a.MSR_DCD);
        w(Ns16550a.MCR, 0);
        assertThat(r(Ns16550a.MSR) & 0xF0).isEqualTo(Ns16550a.MSR_IDLE);
    }

    @Test
    void saveAndRestoreCarryEverythingTheGuestSees() {
        w(Ns16550a.IIR_FCR, 0x01);
        w(Ns16550a.LCR, 0x83);
        w(Ns16550a.RBR_THR_DLL, 0x01);
        w(Ns16550a.LCR, 0x13);
        w(Ns16550a.SCR, 0x77);
        w(Ns16550a.MCR, 0x0B);
        w(Ns16550a.IER_DLM, Ns16550a.IER_RDI | Ns16550a.IER_THRI);
        uart.receive((byte) 'q');
        Ns16550a.State s = uart.save();

        List<Boolean> irq2 = new ArrayList<>();
        Ns16550a other = new Ns16550a(b -> { }, irq2::add);
        other.restore(s);
        assertThat(other.save()).usingRecursiveComparison().isEqualTo(s);
        assertThat(irq2).as("the restored UART drives its line to the saved level").containsExactly(true);
        for (int off = 1; off < 8; off++) {
            if (off != Ns16550a.IIR_FCR) {
                assertThat(other.read(off, 1)).as("register %d", off).isEqualTo(uart.read(off, 1));
            }
        }
        assertThat(other.read(0, 1)).isEqualTo('q');
    }
}
