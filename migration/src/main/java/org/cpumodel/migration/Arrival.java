package org.cpumodel.migration;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.cpumodel.migration.stream.Section;
import org.cpumodel.migration.stream.SectionKind;
import org.cpumodel.migration.stream.SectionReader;
import org.cpumodel.migration.stream.SectionWriter;
import org.cpumodel.migration.stream.StreamFormatException;
import org.cpumodel.vmm.VirtualMachine;
import org.cpumodel.vmm.device.Ns16550a;
import org.cpumodel.vmm.memory.GuestRam;
import org.cpumodel.vmm.snapshot.MachineState;
import org.cpumodel.vmm.snapshot.MachineStateCodec;
import org.cpumodel.vmm.snapshot.VcpuState;
import org.cpumodel.vmm.snapshot.VgicState;

/**
 * The receiving side of a live migration: one accepted connection whose {@link Offer} this host
 * accepted. As {@link VirtualMachine.Incoming} it receives the RAM passes into guest RAM, then the
 * machine state; once the VMM has restored everything it says READY and waits for GO, and says
 * RUNNING once the guest runs. Any read waits at most the link timeout (the source killed or the link
 * cut: the half-received guest is dropped, never run).
 */
public final class Arrival implements VirtualMachine.Incoming, AutoCloseable {

    private final Socket socket;
    private final SectionReader in;
    private final SectionWriter out;
    private final Offer offer;
    private final long linkTimeoutMs;
    private final Consumer<String> log;
    private long pages;
    private int passes;
    private final long t0 = System.nanoTime();

    private Arrival(Socket socket, SectionReader in, SectionWriter out, Offer offer, long linkTimeoutMs, Consumer<String> log) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.offer = offer;
        this.linkTimeoutMs = linkTimeoutMs;
        this.log = log;
    }

    /** A refused offer: the verdict sent to the source. */
    public static final class RefusedException extends Exception {
        private final Verdict verdict;

        RefusedException(Verdict verdict) {
            super(verdict.describe());
            this.verdict = verdict;
        }

        public Verdict verdict() {
            return verdict;
        }
    }

    /**
     * Accepts the next source on {@code server}, reads its offer and answers it with
     * {@code decide}'s verdict; an accepted offer gives the arrival, a refused one throws after the
     * source has the verdict.
     */
    public static Arrival accept(ServerSocket server, java.util.function.Function<Offer, Verdict> decide, long linkTimeoutMs, Consumer<String> log)
            throws IOException, RefusedException {
        Socket s = server.accept();
        try {
            s.setTcpNoDelay(true);
            s.setReceiveBufferSize(4 << 20);
            s.setSoTimeout((int) linkTimeoutMs);
            String peer = "the source " + s.getInetAddress().getHostAddress() + ":" + s.getPort();
            SectionReader in = new SectionReader(s.getInputStream(), peer);
            SectionWriter out = new SectionWriter(s.getOutputStream());
            Offer offer = Offer.decode(in.expect(SectionKind.OFFER));
            log.accept("incoming: " + peer + " (" + offer.source() + ") offers " + MigrationSource.describe(offer));
            Verdict v = decide.apply(offer);
            out.send(SectionKind.VERDICT, v.encode());
            log.accept("incoming: " + v.describe());
            if (!v.accepted()) {
                s.close();
                throw new RefusedException(v);
            }
            return new Arrival(s, in, out, offer, linkTimeoutMs, log);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public Offer offer() {
        return offer;
    }

    @Override
    public MachineState receive(GuestRam ram) throws IOException {
        List<VcpuState> vcpus = new ArrayList<>();
        VgicState vgic = null;
        Ns16550a.State uart = null;
        long passPages = 0;
        while (true) {
            Section s = in.next();
            switch (s.kind()) {
                case RAM -> {
                    int n = PageBatch.apply(s.payload(), ram.segment());
                    pages += n;
                    passPages += n;
                }
                case PASS_END -> {
                    passes++;
                    log.accept(String.format(Locale.ROOT, "incoming: pass %d: %d pages received (%.1f s since the offer)", passes, passPages,
                            (System.nanoTime() - t0) / 1e9));
                    passPages = 0;
                }
                case VCPU -> vcpus.add(MachineStateCodec.vcpu(s.payload()));
                case VGIC -> vgic = MachineStateCodec.vgic(s.payload());
                case UART -> uart = MachineStateCodec.uart(s.payload());
                case STATE_END -> {
                    if (vgic == null || uart == null || vcpus.isEmpty()) {
                        throw new StreamFormatException("the source ended its state without " + (vcpus.isEmpty() ? "vCPUs" : vgic == null ? "the vGIC" : "the UART"));
                    }
                    log.accept(String.format(Locale.ROOT, "incoming: stop and copy: %d pages; %d pages in all (%.1f MiB), state of %d vCPU(s), vGIC, UART",
                            passPages, pages, pages * PageBatch.PAGE / 1048576.0, vcpus.size()));
                    return new MachineState(vcpus, vgic, uart);
                }
                case ABORT -> throw new IOException("the source aborted: " + new String(s.payload(), StandardCharsets.UTF_8));
                default -> throw new StreamFormatException("the source sent " + s.kind() + " during the transfer");
            }
        }
    }

    @Override
    public void restored() throws IOException {
        out.send(SectionKind.READY, new byte[0]);
        log.accept("incoming: restored; waiting for the source's go");
        socket.setSoTimeout((int) (4 * linkTimeoutMs));
        in.expect(SectionKind.GO);
    }

    @Override
    public void running() {
        try {
            out.send(SectionKind.RUNNING, new byte[0]);
        } catch (IOException e) {
            log.accept("incoming: the guest runs here; the source did not get the confirmation (" + e.getMessage() + ")");
        }
        log.accept(String.format(Locale.ROOT, "incoming: the guest runs here (%.1f s since the offer)", (System.nanoTime() - t0) / 1e9));
        close();
    }

    /** Tells the source why this side gives up (best effort), and closes. */
    public void abort(String reason) {
        try {
            out.send(SectionKind.ABORT, reason.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // the source learns it from the closed connection
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
