package org.cpumodel.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A command running (or finished) in a lab host, started by {@link LabHost#start(String)}. Its stdout,
 * stderr and exit status are files on the host's share, written by the lab host's command agent while
 * the command runs, so they can be read at any time.
 */
public final class LabCommand {

    /** The outcome of a finished command: exit status (128+N when killed by signal N), output, host-side wall time. */
    public record Result(int status, String stdout, String stderr, double seconds) {
    }

    private final LabHost host;
    private final String id;
    private final String script;
    private final long startNanos = System.nanoTime();

    LabCommand(LabHost host, String id, String script) {
        this.host = host;
        this.id = id;
        this.script = script;
    }

    /** The agent's name of this command (cNNNN). */
    public String id() {
        return id;
    }

    public String script() {
        return script;
    }

    public LabHost host() {
        return host;
    }

    /** Everything the command wrote to stdout so far. */
    public String stdout() {
        return read(host.agentDir().resolve("out/" + id + ".out"));
    }

    /** Everything the command wrote to stderr so far. */
    public String stderr() {
        return read(host.agentDir().resolve("out/" + id + ".err"));
    }

    /** The exit status once the command has finished. */
    public OptionalInt status() {
        String s = read(host.agentDir().resolve("out/" + id + ".status")).strip();
        return s.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(s));
    }

    public boolean finished() {
        return status().isPresent();
    }

    /** Whether the agent has picked the command up (it is running or finished). */
    public boolean started() {
        return Files.exists(host.agentDir().resolve("run/" + id + ".pid"));
    }

    /**
     * Waits until the command finishes. Throws {@link TimeoutException} when it is still running after
     * {@code timeout}, and {@link IllegalStateException} (with the console's tail) when the lab host dies first.
     */
    public Result await(Duration timeout) throws TimeoutException, InterruptedException {
        awaitCondition(LabCommand::finished, timeout, "finish");
        return new Result(status().getAsInt(), stdout(), stderr(), (System.nanoTime() - startNanos) / 1e9);
    }

    /** Waits until the command's stdout so far satisfies {@code test} (e.g. {@code s -> s.contains("tick=3")}); returns that stdout. */
    public String awaitStdout(Predicate<String> test, Duration timeout) throws TimeoutException, InterruptedException {
        awaitCondition(c -> test.test(c.stdout()) || c.finished(), timeout, "print what was awaited");
        String out = stdout();
        if (!test.test(out)) {
            // finished without printing it: fail now rather than wait out the timeout
            throw new IllegalStateException("command " + id + " on " + host.spec().name() + " ended without printing what was awaited: " + script
                    + "\nstdout:\n" + out + "\nstderr:\n" + stderr());
        }
        return out;
    }

    /** Sends {@code signal} (a name such as TERM, KILL, INT) to the command's whole process group. */
    public void signal(String signal) {
        if (!signal.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("signal name expected (TERM, KILL, ...): " + signal);
        }
        host.writeAgentFile("cmd/" + id + ".kill", signal + "\n");
    }

    private void awaitCondition(Predicate<LabCommand> done, Duration timeout, String what) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (!host.isAlive()) {
                if (done.test(this)) {
                    return;
                }
                throw new IllegalStateException("lab host " + host.spec().name() + " ended while waiting for command " + id + " to " + what
                        + "; stdout:\n" + stdout() + "\nstderr:\n" + stderr() + "\nconsole tail:\n" + host.consoleTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("command " + id + " on " + host.spec().name() + " did not " + what + " within "
                        + timeout + ": " + script + "\nstdout so far:\n" + stdout() + "\nstderr so far:\n" + stderr());
            }
            Thread.sleep(100);
        }
    }

    static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return host.spec().name() + ":" + id + " " + script;
    }
}
