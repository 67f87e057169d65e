package org.cpumodel.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Boots one emulated arm64 KVM host with {@code lab/run.sh} and runs a command in it; the share
 * directory is mounted at {@code /mnt/share} in the guest.
 */
public final class Lab {

    /** What a boot gave back: the command's exit status (124 timeout, 125 lab failure), its output, the host-side wall time. */
    public record Result(int exitCode, String stdout, String stderr, double seconds) {

        /** A guest-side "key value" line of stdout, e.g. {@code guest-seconds 12.3}. */
        public String value(String key) {
            for (String l : stdout.split("\n")) {
                if (l.startsWith(key + " ")) {
                    return l.substring(key.length() + 1).strip();
                }
            }
            return null;
        }
    }

    public static final String CACHE = System.getenv().getOrDefault("CPUMODEL_LAB_CACHE", "/var/cache/cpumodel-lab");

    private final Path root;

    public Lab(Path root) {
        this.root = root;
    }

    /** The project root the tests run in (the surefire property cpumodel.root, else the parent directory). */
    public static Lab fromProperties() {
        return new Lab(Path.of(System.getProperty("cpumodel.root", "..")).toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    /** Why the lab cannot boot {@code kernel} here, or null when it can. */
    public String unavailable(String kernel) {
        if (!Files.isExecutable(root.resolve("lab/run.sh"))) {
            return "no lab/run.sh under " + root;
        }
        for (String f : new String[] {"rootfs.cpio", "init.cpio", "kernels/" + kernel + "/vmlinuz", "kernels/" + kernel + "/modules.cpio"}) {
            if (!Files.isRegularFile(Path.of(CACHE, f))) {
                return Path.of(CACHE, f) + " missing: run lab/build.sh";
            }
        }
        return null;
    }

    /** Why the lab cannot boot the nested guest image under {@code kernel} here, or null when it can. */
    public String unavailableGuest(String kernel) {
        for (Path f : List.of(kernelImage(kernel), guestInitrd())) {
            if (!Files.isRegularFile(f)) {
                return f + " missing: run lab/build.sh";
            }
        }
        return null;
    }

    /** The lab's arm64 Image of {@code kernel} (6.1, 6.12, 7.3): the lab hosts' kernel and the nested guest's. */
    public Path kernelImage(String kernel) {
        return Path.of(CACHE, "kernels", kernel, "vmlinuz");
    }

    /** The nested guest's initramfs (busybox, /init, the workload of lab/guest/workload.c). */
    public Path guestInitrd() {
        return Path.of(CACHE, "guest", "initrd.cpio");
    }

    /**
     * A payload directory for {@link HostSpec#withPayload} holding what a VMM needs in a lab host to boot
     * the nested guest: {@code vmlinuz} (the lab's Image of {@code kernel}), {@code initrd.cpio} (the
     * nested guest's initramfs) and, when built, {@code cpumodel.jar}. Files are hard links where the
     * file system allows, else copies. In the lab host they are /opt/payload/vmlinuz and so on.
     */
    public Path nestedGuestPayload(Path dir, String kernel) throws IOException {
        Files.createDirectories(dir);
        link(kernelImage(kernel), dir.resolve("vmlinuz"));
        link(guestInitrd(), dir.resolve("initrd.cpio"));
        if (Files.isRegularFile(jar())) {
            link(jar(), dir.resolve("cpumodel.jar"));
        }
        return dir;
    }

    private static void link(Path from, Path to) throws IOException {
        Files.deleteIfExists(to);
        try {
            Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from, to);
        }
    }

    /** The released command-line jar (the product only) the guests run. */
    public Path jar() {
        return root.resolve("cli/target/cpumodel.jar");
    }

    /** The lab agent's jar (the differential runner and the lab's commands, with the product). */
    public Path agentJar() {
        return root.resolve("lab-agent/target/cpumodel-lab-agent.jar");
    }

    /** A fresh share directory holding a copy of the product jar as {@code cpumodel.jar}. */
    public Path shareWithJar(Path parent, String name) throws IOException {
        Path share = Files.createDirectories(parent.resolve(name));
        Files.copy(jar(), share.resolve("cpumodel.jar"), StandardCopyOption.REPLACE_EXISTING);
        return share;
    }

    /** A fresh share directory holding a copy of the lab agent's jar as {@code cpumodel-lab-agent.jar}. */
    public Path shareWithAgent(Path parent, String name) throws IOException {
        Path share = Files.createDirectories(parent.resolve(name));
        Files.copy(agentJar(), share.resolve("cpumodel-lab-agent.jar"), StandardCopyOption.REPLACE_EXISTING);
        return share;
    }

    /**
     * Runs {@code sh -c script} on a fresh {@code cpu} host under {@code kernel}, killing the boot
     * after {@code timeoutSeconds} (lab/run.sh's own timeout, plus a margin here).
     */
    public Result run(String cpu, String kernel, Path share, int timeoutSeconds, String script) throws IOException, InterruptedException {
        return run(cpu, kernel, share, timeoutSeconds, List.of(), script);
    }

    /** As {@link #run(String, String, Path, int, String)}, with more lab/run.sh options (e.g. {@code --payload DIR}). */
    public Result run(String cpu, String kernel, Path share, int timeoutSeconds, List<String> runOptions, String script)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("lab/run.sh").toString(), "--cpu", cpu, "--kernel", kernel,
                "--timeout", Integer.toString(timeoutSeconds), "--share", share.toString()));
        cmd.addAll(runOptions);
        cmd.addAll(List.of("--", "sh", "-c", script));
        Path out = Files.createTempFile(share.getParent(), cpu + "-" + kernel, ".stdout");
        Path err = Files.createTempFile(share.getParent(), cpu + "-" + kernel, ".stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        int code;
        if (p.waitFor(timeoutSeconds + 60L, TimeUnit.SECONDS)) {
            code = p.exitValue();
        } else {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
            code = 124;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), seconds);
    }

    /** {@code LABEL N.NN} on stdout: the guest-side wall time of {@code command}, from /proc/uptime; {@code LABEL-rc} its status. */
    public static String timed(String label, String command) {
        return String.format(Locale.ROOT, "read a _ </proc/uptime; %s; rc=$?; read b _ </proc/uptime; "
                + "echo \"%s $(awk -v a=$a -v b=$b 'BEGIN{printf \"%%.2f\", b-a}')\"; echo \"%s-rc $rc\"; (exit $rc)", command, label, label);
    }

    /** The java command line for the product jar in the share. */
    public static final String CPUMODEL = "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /mnt/share/cpumodel.jar";
    /** The java command line for the lab agent's jar in the share. */
    public static final String CPUMODEL_LAB = "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /mnt/share/cpumodel-lab-agent.jar";
}
