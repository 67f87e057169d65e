package org.cpumodel.migration;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;
import org.cpumodel.migration.stream.SectionKind;
import org.cpumodel.migration.stream.SectionReader;
import org.cpumodel.migration.stream.SectionWriter;
import org.cpumodel.vmm.RunningVm;
import org.cpumodel.vmm.VmStop;
import org.cpumodel.vmm.memory.GuestRam;
import org.cpumodel.vmm.snapshot.MachineState;
import org.cpumodel.vmm.snapshot.MachineStateCodec;
import org.cpumodel.vmm.snapshot.VcpuState;

/**
 * The sending side of a live migration, run by the source VMM on a control command:
 * <ol>
 * <li>connect and send the {@link Offer}; the destination answers with its {@link Verdict} before
 * any state moves (a refusal leaves the guest untouched);</li>
 * <li>pre-copy: dirty logging on guest RAM (KVM_MEM_LOG_DIRTY_PAGES), a first pass of every page
 * that is not zero, then passes of the pages KVM_GET_DIRTY_LOG reports, until what is left fits the
 * downtime at the measured bandwidth or the iteration cap is reached, throttling the vCPUs when the
 * guest dirties more than half of what the link moves ({@link PrecopyPolicy});</li>
 * <li>stop-and-copy: every vCPU paused, the last dirty pages, every vCPU's state (on its own thread),
 * the vGIC and the UART;</li>
 * <li>handshake: the destination restores and says READY; the source says GO and stops its guest
 * for good once the destination says RUNNING.</li>
 * </ol>
 * Any failure before GO (refusal, the destination killed, the link cut, a timeout) resumes the guest
 * here with dirty logging off. After GO the source never resumes: when RUNNING does not come, the
 * guest may be running there, and two copies must never run.
 */
public final class MigrationSource {

    /**
     * @param host          the destination's address
     * @param port          its port
     * @param policy        downtime budget and iteration cap
     * @param linkTimeoutMs how long the link may make no progress
     */
    public record Options(String host, int port, PrecopyPolicy policy, long linkTimeoutMs) {
    }

    private final RunningVm vm;
    private final Consumer<String> log;

    public MigrationSource(RunningVm vm, Consumer<String> log) {
        this.vm = vm;
        this.log = log;
    }

    public MigrationReport migrate(Offer offer, Options o) throws InterruptedException {
        long t0 = System.nanoTime();
        GuestRam ram = vm.ram();
        Counters c = new Counters(ram.pages());
        String peer = "the destination " + o.host() + ":" + o.port();
        boolean logging = false;
        boolean paused = false;
        Socket socket = new Socket();
        try (socket; LinkWatchdog dog = new LinkWatchdog(socket, o.linkTimeoutMs() * 1_000_000L)) {
            socket.connect(new InetSocketAddress(o.host(), o.port()), (int) o.linkTimeoutMs());
            socket.setTcpNoDelay(true);
            socket.setSendBufferSize(4 << 20);
            SectionWriter out = new SectionWriter(socket.getOutputStream());
            c.writer = out;
            SectionReader in = new SectionReader(socket.getInputStream(), peer);
            log.accept("migrate: connected to " + peer + "; offering " + describe(offer));
            out.send(SectionKind.OFFER, offer.encode());
            socket.setSoTimeout((int) Math.max(o.linkTimeoutMs(), 300_000)); // the destination runs the planner's check
            Verdict v = Verdict.decode(in.expect(SectionKind.VERDICT));
            if (!v.accepted()) {
                log.accept("migrate: " + peer + " " + v.describe());
                return c.report(MigrationReport.Outcome.REFUSED, peer + " " + v.describe() + "; the guest keeps running here", t0, -1);
            }
            log.accept("migrate: " + peer + " " + v.describe());
            socket.setSoTimeout((int) o.linkTimeoutMs());

            DirtyBitmap dirty = new DirtyBitmap(ram.pages());
            ram.setDirtyLogging(true);
            logging = true;
            ram.fetchDirtyLog(dirty.segment()); // from here on KVM logs every write
            dog.arm();
            MemorySegment zero = MemorySegment.ofArray(new byte[PageBatch.PAGE]);
            PageBatch batch = new PageBatch();
            double bps = 0;
            int throttle = 0;
            int highDirtyPasses = 0;
            try (Throttle th = new Throttle(vm)) {
                // pass 1: every page that is not zero (the destination's RAM is zero)
                long ts = System.nanoTime();
                long sent = 0;
                long skipped = 0;
                for (long p = 0; p < ram.pages(); p++) {
                    if (PageBatch.isZero(ram.segment(), p, zero)) {
                        skipped++;
                        continue;
                    }
                    sent += send(out, batch, ram, p, dog);
                }
                sent += flushBatch(out, batch, dog);
                out.write(SectionKind.PASS_END, new byte[0]);
                out.flush();
                long passNanos = System.nanoTime() - ts;
                bps = sent * (double) PageBatch.PAGE / (passNanos / 1e9);
                c.pass(sent);
                log.accept(String.format(Locale.ROOT, "migrate: pass 1: %d pages sent (%d zero pages skipped) in %.1f s, %.1f MiB/s", sent, skipped,
                        passNanos / 1e9, bps / 1048576));
                while (true) {
                    if (vm.ended()) {
                        throw new IOException("the guest stopped during the migration");
                    }
                    dirty.clear();
                    ram.fetchDirtyLog(dirty.segment());
                    long n = dirty.count();
                    long dirtyBytes = n * PageBatch.PAGE;
                    // what the guest dirtied while the last pass moved what it moved
                    int next = PrecopyPolicy.nextThrottle(th.percent(), dirtyBytes, sent * PageBatch.PAGE);
                    highDirtyPasses = next != th.percent() ? highDirtyPasses + 1 : 0;
                    if (highDirtyPasses >= 2) { // twice in a row, as QEMU's auto-converge
                        th.set(next);
                        throttle = Math.max(throttle, next);
                        highDirtyPasses = 0;
                    }
                    if (o.policy().stopAndCopy(c.iterations, dirtyBytes, bps)) {
                        log.accept(String.format(Locale.ROOT, "migrate: %d pages dirty, %.0f ms at %.1f MiB/s: stop and copy%s", n,
                                PrecopyPolicy.expectedNanos(dirtyBytes, bps) / 1e6, bps / 1048576,
                                c.iterations >= o.policy().maxIterations() ? " (iteration cap " + o.policy().maxIterations() + ")" : ""));
                        // the pages dirtied since this read go in the stop-and-copy with these
                        break;
                    }
                    ts = System.nanoTime();
                    sent = 0;
                    for (long p = dirty.next(0); p >= 0; p = dirty.next(p + 1)) {
                        sent += send(out, batch, ram, p, dog);
                    }
                    sent += flushBatch(out, batch, dog);
                    out.write(SectionKind.PASS_END, new byte[0]);
                    out.flush();
                    passNanos = System.nanoTime() - ts;
                    bps = sent * (double) PageBatch.PAGE / Math.max(1e-3, passNanos / 1e9);
                    c.pass(sent);
                    log.accept(String.format(Locale.ROOT, "migrate: pass %d: %d pages sent in %.1f s, %.1f MiB/s, throttle %d %%", c.iterations, sent,
                            passNanos / 1e9, bps / 1048576, th.percent()));
                }
                c.throttle = throttle;
            }
            // stop and copy
            long tStop = System.nanoTime();
            vm.pauseAll();
            paused = true;
            long pagesBefore = dirty.count();
            DirtyBitmap latest = new DirtyBitmap(ram.pages());
            ram.fetchDirtyLog(latest.segment()); // KVM overwrites the bitmap: the last read's pages are ORed in
            dirty.or(latest);
            long sent = 0;
            for (long p = dirty.next(0); p >= 0; p = dirty.next(p + 1)) {
                sent += send(out, batch, ram, p, dog);
            }
            sent += flushBatch(out, batch, dog);
            c.pass(sent);
            MachineState state = vm.save();
            for (VcpuState s : state.vcpus()) {
                out.write(SectionKind.VCPU, MachineStateCodec.vcpu(s));
            }
            out.write(SectionKind.VGIC, MachineStateCodec.vgic(state.vgic()));
            out.write(SectionKind.UART, MachineStateCodec.uart(state.uart()));
            out.write(SectionKind.STATE_END, new byte[0]);
            out.flush();
            dog.disarm();
            log.accept(String.format(Locale.ROOT, "migrate: stop and copy: %d pages (%d dirty at the last pass) and the state of %d vCPU(s), vGIC, UART"
                    + " sent in %.0f ms", sent, pagesBefore, state.vcpus().size(), (System.nanoTime() - tStop) / 1e6));
            socket.setSoTimeout((int) (4 * o.linkTimeoutMs()));
            in.expect(SectionKind.READY);
            out.send(SectionKind.GO, new byte[0]);
            // committed: from here the guest never resumes here
            try {
                in.expect(SectionKind.RUNNING);
            } catch (IOException e) {
                long down = System.nanoTime() - tStop;
                return c.report(MigrationReport.Outcome.UNCONFIRMED, peer + " was told to go but did not confirm (" + e.getMessage()
                        + "): the guest is stopped here; it may be running there", t0, down);
            }
            long down = System.nanoTime() - tStop;
            MigrationReport r = c.report(MigrationReport.Outcome.MIGRATED, "the guest runs on " + peer, t0, down);
            log.accept("migrate: " + r.summary());
            return r;
        } catch (IOException | RuntimeException e) {
            String why = e instanceof SocketTimeoutException ? "no answer from " + peer + " within the link timeout" : e.getMessage();
            if (socket.isClosed() && !(e instanceof SocketTimeoutException) && why != null && why.toLowerCase(Locale.ROOT).contains("socket closed")) {
                why = "the link to " + peer + " made no progress for " + o.linkTimeoutMs() + " ms";
            }
            if (logging) {
                try {
                    vm.ram().setDirtyLogging(false);
                } catch (RuntimeException e2) {
                    // the guest keeps running with logging on: slower, still correct
                }
            }
            if (paused) {
                vm.resumeAll();
            }
            log.accept("migrate: failed: " + why + "; the guest keeps running here");
            return c.report(MigrationReport.Outcome.FAILED_SOURCE_RUNS, why + "; the guest keeps running here", t0, -1);
        }
    }

    /** Ends the source's run after a migration that moved the guest (or may have): never resumes it. */
    public static void end(RunningVm vm, MigrationReport r) {
        switch (r.outcome()) {
            case MIGRATED -> vm.stop(new VmStop(VmStop.Reason.MIGRATED, -1, "the guest was migrated: " + r.detail() + " (" + r.summary() + ")"));
            case UNCONFIRMED -> vm.stop(new VmStop(VmStop.Reason.ERROR, -1, r.detail() + "; the guest is stopped here so that it never runs twice"));
            default -> {
                // the guest runs on here
            }
        }
    }

    private static long send(SectionWriter out, PageBatch batch, GuestRam ram, long page, LinkWatchdog dog) throws IOException {
        long n = 0;
        if (!batch.add(ram.segment(), page)) {
            n = flushBatch(out, batch, dog);
            batch.add(ram.segment(), page);
        }
        return n;
    }

    private static long flushBatch(SectionWriter out, PageBatch batch, LinkWatchdog dog) throws IOException {
        int n = batch.count();
        if (n > 0) {
            out.write(SectionKind.RAM, batch.buffer(), 0, batch.length());
            dog.progress();
            batch.clear();
        }
        return n;
    }

    static String describe(Offer o) {
        return String.format(Locale.ROOT, "%s, %d vCPU(s), %d MiB, counter %d Hz", o.bootedWithModel() ? "its guest CPU model" : "the model of this host's own CPU",
                o.cpus(), o.ramBytes() >> 20, o.counterHz());
    }

    /** Running totals. */
    private static final class Counters {
        final long ramPages;
        int iterations;
        long pages;
        int throttle;
        SectionWriter writer;

        Counters(long ramPages) {
            this.ramPages = ramPages;
        }

        void pass(long sent) {
            iterations++;
            pages += sent;
        }

        MigrationReport report(MigrationReport.Outcome outcome, String detail, long t0, long down) {
            long b = writer == null ? 0 : writer.bytes();
            return new MigrationReport(outcome, detail, iterations, pages, ramPages, b, down, System.nanoTime() - t0, throttle);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
