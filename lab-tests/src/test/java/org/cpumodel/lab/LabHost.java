package org.cpumodel.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running lab host that a test drives step by step: {@code lab/run.sh --agent} boots it and its /init
 * runs the command agent, which polls {@code SHARE/agent/cmd/} on the 9p share (mounted with cache=none,
 * so files written here are seen there). Commands run in the background in the host, each in its own
 * process group; their output and status come back as files on the share, readable while they run.
 *
 * <p>Why this channel: it needs nothing but the share every lab host already mounts (no extra device,
 * no network, so it works on an unlinked host and keeps working when the link or the peer dies);
 * commands and results change hands by rename, so neither side ever reads a half-written file; and a
 * command is isolated in its own session so it can be signalled with its children. Latency is the
 * agent's 0.2 s poll plus a shell start.
 *
 * <p>No QEMU outlives its test: {@link #close()} asks the agent to power the host off and kills QEMU if
 * that does not happen in time; a JVM shutdown hook kills every host still running; run.sh runs with
 * {@code --die-with-parent} (it kills QEMU when this JVM is gone, even after a SIGKILL) and with the
 * spec's timeout (it kills QEMU after that, whatever happens).
 */
public final class LabHost implements AutoCloseable {

    private static final Set<LabHost> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(LabHost::kill), "lab-host-reaper"));
    }

    private final HostSpec spec;
    private final Path dir;
    private final Path share;
    private final Process process;
    private final long startNanos;
    private final AtomicInteger commands = new AtomicInteger();
    private volatile double readySeconds = -1;

    private LabHost(HostSpec spec, Path dir, Path share, Process process, long startNanos) {
        this.spec = spec;
        this.dir = dir;
        this.share = share;
        this.process = process;
        this.startNanos = startNanos;
    }

    /**
     * Boots a lab host in the background: {@code dir} gets the share ({@code dir/share}, the guest's
     * /mnt/share) and run.sh's own output ({@code run.stdout}, {@code run.stderr}). Returns at once;
     * call {@link #awaitReady} before sending commands (commands sent earlier wait in the share).
     */
    public static LabHost start(Lab lab, HostSpec spec, Path dir) throws IOException {
        String why = lab.unavailable(spec.kernel());
        if (why != null) {
            throw new IllegalStateException("lab not available: " + why);
        }
        if (spec.link() != null && spec.link().socket().toString().getBytes(StandardCharsets.UTF_8).length >= 108) {
            throw new IllegalArgumentException("link socket path too long for a Unix socket (108 bytes): " + spec.link().socket());
        }
        Path share = Files.createDirectories(dir.resolve("share"));
        List<String> cmd = new ArrayList<>(List.of(lab.root().resolve("lab/run.sh").toString(), "--agent", "--die-with-parent",
                "--share", share.toString()));
        cmd.addAll(spec.runOptions());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(lab.root().toFile())
                .redirectOutput(dir.resolve("run.stdout").toFile()).redirectError(dir.resolve("run.stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        long t0 = System.nanoTime();
        LabHost h = new LabHost(spec, dir, share, pb.start(), t0);
        LIVE.add(h);
        return h;
    }

    /** Waits until the agent runs in the host; fails with the console when the host dies or the time runs out. */
    public LabHost awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path ready = agentDir().resolve("ready");
        while (!Files.exists(ready)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("lab host " + spec.name() + " ended before its agent started (run.sh exit "
                        + process.exitValue() + "): " + LabCommand.read(dir.resolve("run.stderr")) + "\nconsole tail:\n" + consoleTail(60));
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("lab host " + spec.name() + " not ready within " + timeout + "; console tail:\n" + consoleTail(60));
            }
            Thread.sleep(100);
        }
        readySeconds = (System.nanoTime() - startNanos) / 1e9;
        return this;
    }

    /** Host-side wall time from start to the agent's ready file, or -1 before {@link #awaitReady}. */
    public double readySeconds() {
        return readySeconds;
    }

    /** The guest's uptime when its agent started (seconds). */
    public double guestReadyUptime() {
        return Double.parseDouble(LabCommand.read(agentDir().resolve("ready")).strip());
    }

    /** Starts {@code script} (sh) in the host, in the background, in /mnt/share; returns at once. */
    public LabCommand run(String script) {
        String id = String.format(Locale.ROOT, "c%04d", commands.incrementAndGet());
        writeAgentFile("cmd/" + id + ".sh", script.endsWith("\n") ? script : script + "\n");
        return new LabCommand(this, id, script);
    }

    /** Runs {@code script} and waits for it to finish. */
    public LabCommand.Result exec(String script, Duration timeout) throws TimeoutException, InterruptedException {
        return run(script).await(timeout);
    }

    /** The serial console so far. */
    public String console() {
        return LabCommand.read(share.resolve("lab.console")).replace("\r", "");
    }

    /** The last {@code lines} lines of the console. */
    public String consoleTail(int lines) {
        List<String> all = console().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** run.sh's exit status once the host has ended (0 after a clean {@link #shutdown}), else null. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    public HostSpec spec() {
        return spec;
    }

    /** The directory on this machine the guest sees as /mnt/share. */
    public Path share() {
        return share;
    }

    Path agentDir() {
        return share.resolve("agent");
    }

    /**
     * Powers the host off through the agent and waits for QEMU to exit; kills it when that takes longer
     * than {@code timeout}. Returns run.sh's exit status (0 for a clean power-off).
     */
    public int shutdown(Duration timeout) throws InterruptedException {
        requestShutdown();
        if (process.isAlive()) {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
        LIVE.remove(this);
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Asks the agent to power the host off, without waiting (see {@link #shutdown}). */
    void requestShutdown() {
        if (process.isAlive() && Files.isDirectory(agentDir())) {
            writeAgentFile("shutdown", "");
        }
    }

    /**
     * Kills the host at once, as a crash would: SIGKILL to its QEMU; run.sh then notices and cleans up
     * (exit 125: the host never finished). If run.sh does not end within 10 s it is terminated too.
     */
    public void kill() {
        ProcessHandle ph = process.toHandle();
        ph.descendants().filter(LabHost::isQemu).forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                ph.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            ph.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    /** Shuts the host down (30 s for a clean power-off, then kill); never leaves QEMU running. */
    @Override
    public void close() {
        try {
            shutdown(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive() || process.toHandle().descendants().anyMatch(LabHost::isQemu)) {
                kill();
            }
            LIVE.remove(this);
        }
    }

    private static boolean isQemu(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("qemu-system-aarch64")).orElse(false);
    }

    /** Writes a file of the agent's directory atomically (temp file, then rename), as the agent expects. */
    void writeAgentFile(String relative, String content) {
        Path target = agentDir().resolve(relative);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
    }

    @Override
    public String toString() {
        return "lab host " + spec.name() + (process.isAlive() ? " (running)" : " (ended, exit " + process.exitValue() + ")");
    }
}
