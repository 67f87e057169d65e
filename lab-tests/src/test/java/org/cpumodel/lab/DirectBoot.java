package org.cpumodel.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One QEMU boot on this machine, without a lab host around it: {@code qemu-system-aarch64 ARGS},
 * serial console to a file, under {@code timeout(1)} so that QEMU dies even if this JVM does, and
 * killed from here too when the deadline passes.
 */
final class DirectBoot {

    /** The exit status (124 on timeout), the console log and the host-side wall time. */
    record Result(int exitCode, boolean timedOut, String console, double seconds) {
    }

    private DirectBoot() {
    }

    static Result run(List<String> qemuArgs, Path consoleFile, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("timeout", "-k", "5", Integer.toString(timeoutSeconds), "qemu-system-aarch64"));
        cmd.addAll(qemuArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(consoleFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean timedOut = false;
        try {
            if (!p.waitFor(timeoutSeconds + 15L, TimeUnit.SECONDS)) {
                timedOut = true;
            }
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        int code = timedOut ? 124 : p.exitValue();
        return new Result(code, timedOut || code == 124, new String(Files.readAllBytes(consoleFile), StandardCharsets.UTF_8).replace("\r", ""),
                (System.nanoTime() - t0) / 1e9);
    }
}
