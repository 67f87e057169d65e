package org.cpumodel.migration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.cpumodel.vmm.RunningVm;

/**
 * A running VMM's control socket (a Unix domain socket, so only local users with access to the file
 * can command it). One command per connection, one line: {@link ControlCommand}. A migration's
 * progress lines go back as {@code log ...} lines while it runs, and its end as one
 * {@code result OUTCOME detail} line.
 */
public final class ControlServer implements AutoCloseable {

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread thread;
    private volatile RunningVm vm;
    private final Supplier<Offer> offer;
    private final Consumer<String> log;

    private ControlServer(Path path, ServerSocketChannel server, Supplier<Offer> offer, Consumer<String> log) {
        this.path = path;
        this.server = server;
        this.offer = offer;
        this.log = log;
        this.thread = Thread.ofPlatform().daemon().name("vm-control").start(this::serve);
    }

    /**
     * Listens on {@code path} (a stale socket file left by a dead VMM is replaced; any other file is
     * refused); {@code offer} makes the offer of a migration (called on the control thread).
     */
    public static ControlServer open(Path path, Supplier<Offer> offer, Consumer<String> log) throws IOException {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!isSocket(path)) {
                throw new IllegalArgumentException("--control " + path + ": exists and is not a socket; give a new path");
            }
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(UnixDomainSocketAddress.of(path));
                throw new IllegalArgumentException("--control " + path + ": another VMM listens on it; give another path");
            } catch (IOException stale) {
                Files.delete(path); // nobody listens: left behind by a VMM that died
            }
        }
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        return new ControlServer(path, s, offer, log);
    }

    private static boolean isSocket(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & 0170000) == 0140000;
    }

    /** The guest is running: commands may act on it. */
    public void attach(RunningVm running) {
        this.vm = running;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept();
                 BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Channels.newOutputStream(c), true, StandardCharsets.UTF_8)) {
                String line = r.readLine();
                handle(line, w);
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                log.accept("vm: control: " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void handle(String line, PrintWriter w) throws InterruptedException {
        ControlCommand cmd;
        try {
            cmd = ControlCommand.parse(line);
        } catch (IllegalArgumentException e) {
            w.println("result BAD_COMMAND " + e.getMessage());
            return;
        }
        RunningVm running = vm;
        if (running == null || running.ended()) {
            w.println("result NOT_RUNNING the guest is not running (yet, or any more)");
            return;
        }
        if (cmd instanceof ControlCommand.Status) {
            w.println("result RUNNING the guest runs");
            return;
        }
        ControlCommand.Migrate m = (ControlCommand.Migrate) cmd;
        Consumer<String> both = l -> {
            log.accept(l);
            w.println("log " + l);
        };
        Offer o;
        try {
            o = offer.get();
        } catch (RuntimeException e) {
            w.println("result FAILED_SOURCE_RUNS cannot make the offer: " + e.getMessage());
            return;
        }
        MigrationReport r = new MigrationSource(running, both).migrate(o, new MigrationSource.Options(m.host(), m.port(),
                new PrecopyPolicy(m.downtimeMs() * 1_000_000L, m.maxIterations()), m.linkTimeoutMs()));
        w.println("result " + r.outcome() + " " + (r.outcome() == MigrationReport.Outcome.MIGRATED ? r.summary() : r.detail() + " (" + r.summary() + ")"));
        w.flush();
        MigrationSource.end(running, r); // after the answer: the VMM may exit as soon as the guest stops
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort
        }
    }
}
