package org.cpumodel.vmm.device;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntConsumer;

/**
 * An ns16550a UART (8 byte-wide registers, 16-byte FIFOs), enough for Linux's 8250 driver and
 * earlycon: transmit is instantaneous (each THR byte goes to {@code output}), received bytes wait
 * in the receive FIFO ({@link #receive}), and the interrupt output follows the 16550's
 * prioritised sources, gated by IER: line status, received data, transmitter empty, modem status.
 * In loopback (MCR bit 4) transmitted bytes come back as input and MSR mirrors MCR.
 *
 * <p>The THR-empty interrupt is pending after the transmitter empties (every THR write, since
 * nothing waits) and when ETBEI is enabled with THR empty; reading IIR while it is the reported
 * source clears it, as the 8250 driver's THRE test expects. The divisor latch and the line
 * settings are kept but change nothing. All state is in {@link State} for save and restore.
 */
public final class Ns16550a implements MmioDevice {

    // register offsets
    static final int RBR_THR_DLL = 0;
    static final int IER_DLM = 1;
    static final int IIR_FCR = 2;
    static final int LCR = 3;
    static final int MCR = 4;
    static final int LSR = 5;
    static final int MSR = 6;
    static final int SCR = 7;

    // IER
    static final int IER_RDI = 0x01;
    static final int IER_THRI = 0x02;
    static final int IER_RLSI = 0x04;
    static final int IER_MSI = 0x08;
    // IIR
    static final int IIR_NO_INT = 0x01;
    static final int IIR_MSI = 0x00;
    static final int IIR_THRI = 0x02;
    static final int IIR_RDI = 0x04;
    static final int IIR_RLSI = 0x06;
    static final int IIR_FIFO_ENABLED = 0xC0;
    // FCR
    static final int FCR_ENABLE_FIFO = 0x01;
    static final int FCR_CLEAR_RCVR = 0x02;
    // LCR
    static final int LCR_DLAB = 0x80;
    // MCR
    static final int MCR_LOOP = 0x10;
    // LSR
    static final int LSR_DR = 0x01;
    static final int LSR_OE = 0x02;
    static final int LSR_BI = 0x10;
    static final int LSR_THRE = 0x20;
    static final int LSR_TEMT = 0x40;
    static final int LSR_ERRORS = LSR_OE | 0x04 | 0x08 | LSR_BI;
    // MSR: delta bits 0..3, CTS 4, DSR 5, RI 6, DCD 7
    static final int MSR_CTS = 0x10;
    static final int MSR_DSR = 0x20;
    static final int MSR_RI = 0x40;
    static final int MSR_DCD = 0x80;
    /** What an idle line without a modem presents: carrier, data set ready, clear to send. */
    static final int MSR_IDLE = MSR_DCD | MSR_DSR | MSR_CTS;

    public static final int FIFO_SIZE = 16;

    /**
     * Everything the guest can observe, for save and restore: the registers, whether a THR-empty
     * interrupt is pending, and the received bytes not yet read.
     */
    public record State(int ier, int lcr, int mcr, int scr, int dll, int dlm, boolean fifoEnabled, boolean thrInterruptPending,
                        int lineErrors, int msrDeltas, byte[] received) {
        public State {
            received = received.clone();
        }

        @Override
        public byte[] received() {
            return received.clone();
        }
    }

    private final IntConsumer output;
    private final IrqLine irq;
    private final Deque<Byte> rx = new ArrayDeque<>();
    private int ier;
    private int lcr;
    private int mcr;
    private int scr;
    private int dll = 12; // 9600 baud at 1.8432 MHz, as after a PC reset
    private int dlm;
    private boolean fifoEnabled;
    private boolean thrPending;
    private int lineErrors;
    private int msrDeltas;
    private boolean irqLevel;

    /** A UART that writes transmitted bytes to {@code output} and drives {@code irq}. */
    public Ns16550a(IntConsumer output, IrqLine irq) {
        this.output = output;
        this.irq = irq;
    }

    @Override
    public synchronized long read(long offset, int size) {
        int v = switch ((int) offset) {
            case RBR_THR_DLL -> (lcr & LCR_DLAB) != 0 ? dll : readRbr();
            case IER_DLM -> (lcr & LCR_DLAB) != 0 ? dlm : ier;
            case IIR_FCR -> readIir();
            case LCR -> lcr;
            case MCR -> mcr;
            case LSR -> readLsr();
            case MSR -> readMsr();
            case SCR -> scr;
            default -> 0;
        };
        updateIrq();
        return v & 0xFF;
    }

    @Override
    public synchronized void write(long offset, int size, long value) {
        int v = (int) (value & 0xFF);
        switch ((int) offset) {
            case RBR_THR_DLL -> {
                if ((lcr & LCR_DLAB) != 0) {
                    dll = v;
                } else {
                    transmit(v);
                }
            }
            case IER_DLM -> {
                if ((lcr & LCR_DLAB) != 0) {
                    dlm = v;
                } else {
                    boolean thriWasOff = (ier & IER_THRI) == 0;
                    ier = v & 0x0F;
                    if (thriWasOff && (ier & IER_THRI) != 0) {
                        thrPending = true; // THR is always empty here
                    }
                }
            }
            case IIR_FCR -> {
                fifoEnabled = (v & FCR_ENABLE_FIFO) != 0;
                if ((v & FCR_CLEAR_RCVR) != 0 || !fifoEnabled) {
                    rx.clear();
                }
            }
            case LCR -> lcr = v;
            case MCR -> mcr = v & 0x1F;
            case SCR -> scr = v;
            default -> {
                // LSR and MSR are read-only
            }
        }
        updateIrq();
    }

    /** Input from the outside (the terminal): false when the receive FIFO is full (try again after the guest reads). */
    public synchronized boolean receive(byte b) {
        if ((mcr & MCR_LOOP) != 0 || rx.size() >= capacity()) {
            return false;
        }
        rx.addLast(b);
        updateIrq();
        return true;
    }

    /** True while the receive FIFO has room (input can wait on this monitor for it: {@link #receive} fails when full). */
    public synchronized boolean canReceive() {
        return rx.size() < capacity();
    }

    private int capacity() {
        return fifoEnabled ? FIFO_SIZE : 1;
    }

    private void transmit(int v) {
        if ((mcr & MCR_LOOP) != 0) {
            if (rx.size() < capacity()) {
                rx.addLast((byte) v);
            } else {
                lineErrors |= LSR_OE;
            }
        } else {
            output.accept(v);
        }
        thrPending = true; // sent at once: the transmitter is empty again
    }

    private int readRbr() {
        Byte b = rx.pollFirst();
        if (rx.isEmpty()) {
            notifyAll(); // room for input
        }
        return b == null ? 0 : b & 0xFF;
    }

    private int readLsr() {
        int v = LSR_THRE | LSR_TEMT | lineErrors | (rx.isEmpty() ? 0 : LSR_DR);
        lineErrors = 0;
        return v;
    }

    private int readMsr() {
        int v;
        if ((mcr & MCR_LOOP) != 0) {
            // loopback: DTR -> DSR, RTS -> CTS, OUT1 -> RI, OUT2 -> DCD
            v = ((mcr & 0x01) != 0 ? MSR_DSR : 0) | ((mcr & 0x02) != 0 ? MSR_CTS : 0) | ((mcr & 0x04) != 0 ? MSR_RI : 0)
                    | ((mcr & 0x08) != 0 ? MSR_DCD : 0);
        } else {
            v = MSR_IDLE;
        }
        v |= msrDeltas;
        msrDeltas = 0;
        return v;
    }

    /** The highest-priority enabled source, IIR_NO_INT if none. */
    private int source() {
        if ((ier & IER_RLSI) != 0 && lineErrors != 0) {
            return IIR_RLSI;
        }
        if ((ier & IER_RDI) != 0 && !rx.isEmpty()) {
            return IIR_RDI;
        }
        if ((ier & IER_THRI) != 0 && thrPending) {
            return IIR_THRI;
        }
        if ((ier & IER_MSI) != 0 && msrDeltas != 0) {
            return IIR_MSI;
        }
        return IIR_NO_INT;
    }

    private int readIir() {
        int s = source();
        if (s == IIR_THRI) {
            thrPending = false; // reading IIR acknowledges a THR-empty interrupt
        }
        return s | (fifoEnabled ? IIR_FIFO_ENABLED : 0);
    }

    private void updateIrq() {
        boolean level = source() != IIR_NO_INT;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    /** The state, for saving. */
    public synchronized State save() {
        byte[] r = new byte[rx.size()];
        int i = 0;
        for (Byte b : rx) {
            r[i++] = b;
        }
        return new State(ier, lcr, mcr, scr, dll, dlm, fifoEnabled, thrPending, lineErrors, msrDeltas, r);
    }

    /** Restores a saved state (and drives the interrupt line to match it). */
    public synchronized void restore(State s) {
        ier = s.ier() & 0x0F;
        lcr = s.lcr() & 0xFF;
        mcr = s.mcr() & 0x1F;
        scr = s.scr() & 0xFF;
        dll = s.dll() & 0xFF;
        dlm = s.dlm() & 0xFF;
        fifoEnabled = s.fifoEnabled();
        thrPending = s.thrInterruptPending();
        lineErrors = s.lineErrors() & LSR_ERRORS;
        msrDeltas = s.msrDeltas() & 0x0F;
        rx.clear();
        for (byte b : s.received()) {
            rx.addLast(b);
        }
        irqLevel = !(source() != IIR_NO_INT);
        updateIrq();
    }
}
