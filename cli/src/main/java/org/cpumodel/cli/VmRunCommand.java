package org.cpumodel.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cpumodel.emit.EmitException;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.host.KvmUnavailableException;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.vmm.VirtualMachine;
import org.cpumodel.vmm.VmConfig;
import org.cpumodel.vmm.VmOutcome;
import org.cpumodel.vmm.cpu.CpuModel;
import org.cpumodel.vmm.cpu.ModelRefusedException;
import org.cpumodel.vmm.layout.MemoryMap;
import org.cpumodel.migration.ControlServer;
import org.cpumodel.migration.SourceOffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", header = "Boot an arm64 Linux Image under a guest CPU model (or the host's CPU) until the guest powers off.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Creates a KVM guest on this arm64 host: RAM at 2 GiB, an in-kernel GICv3, the architected timer, PSCI 0.2",
                "(secondary vCPUs start powered off and are brought up by the guest), and an ns16550a UART as the console.",
                "With --model, the model's KVM plan ('cpumodel emit MODEL --format kvm') is applied before the first KVM_RUN:",
                "capability 239 for MIDR/REVIDR/AIDR where the kernel has it, the errata hypercalls answered by the VMM, the",
                "vCPU features, every ID register on every vCPU (read back), ICC_CTLR_EL1 after the vGIC. Without --model",
                "the guest sees this host's own CPU. The console's input is stdin when it is a terminal or a pipe."},
        footer = {"", "Exit codes: 0 the guest powered off, 1 the guest reset or crashed, or this host's KVM refused the model",
                "(the register is named; 'cpumodel verify MODEL' explains the field), 2 bad input, 3 no usable /dev/kvm.", "",
                "Examples:", "  cpumodel vm run --kernel Image --initrd initrd.cpio --append 'console=ttyS0 panic=-1'",
                "  cpumodel vm run --kernel Image --initrd initrd.cpio --model pool.json --cpus 2 --mem 512M --console guest.log"})
public final class VmRunCommand implements Callable<Integer> {

    @Option(names = "--kernel", paramLabel = "IMAGE", description = "An arm64 Linux Image (uncompressed, e.g. arch/arm64/boot/Image); not with --incoming.")
    Path kernel;

    @Option(names = "--initrd", paramLabel = "FILE", description = "An initramfs (cpio, optionally compressed as the kernel supports).")
    Path initrd;

    @Option(names = "--append", paramLabel = "ARGS", description = "The kernel command line (default: '" + VmConfig.DEFAULT_BOOTARGS + "').")
    String append;

    @Option(names = "--model", paramLabel = "MODEL", description = "A guest CPU model (cpumodel baseline --out); default: the host's own CPU.")
    Path model;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "1", description = "vCPUs (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--mem", paramLabel = "SIZE", defaultValue = "256M",
            description = "Guest RAM: MiB, or with a suffix M, MiB, G or GiB; a multiple of 2 MiB (default: ${DEFAULT-VALUE}).")
    String mem;

    @Option(names = "--console", paramLabel = "FILE", description = "Write the guest's console to this file (written as it comes) instead of stdout.")
    Path console;

    @Option(names = "--incoming", paramLabel = "ADDR:PORT",
            description = {"Receive a running guest from 'cpumodel vm migrate' on this address instead of booting one. This host's live profile",
                    "(as 'cpumodel collect') and counter frequency are read first; an offered model the planner's check refuses here is",
                    "refused before anything moves (exit 1). Model, vCPUs and RAM come from the source."})
    String incoming;

    @Option(names = "--control", paramLabel = "SOCKET",
            description = "Listen on this Unix socket for 'cpumodel vm migrate' while the guest runs.")
    Path control;

    @Option(names = "--link-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "With --incoming: give up when the source sends nothing for this long (default: ${DEFAULT-VALUE}).")
    int linkTimeout;

    @Option(names = {"-v", "--verbose"}, description = "Also print every model register as each vCPU reads it back.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        MemoryMap map;
        try {
            map = new MemoryMap(cpus, parseSize(mem));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--cpus/--mem: " + e.getMessage());
        }
        if (linkTimeout < 1) {
            throw CliException.usage("--link-timeout: at least 1 second");
        }
        java.util.function.Consumer<String> log = line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        };
        if (incoming != null) {
            return VmIncoming.run(this, log);
        }
        if (kernel == null) {
            throw CliException.usage("--kernel IMAGE is required (or --incoming ADDR:PORT to receive a running guest)");
        }
        requireFile("--kernel", kernel);
        if (initrd != null) {
            requireFile("--initrd", initrd);
        }
        CpuModel cpu = model == null ? CpuModel.host() : modelOf(model);
        String modelJson = model == null ? null : readModelText(model);
        OutputStream out = console == null ? System.out : openConsole(console);
        VmConfig config = new VmConfig(kernel, initrd, append == null ? VmConfig.DEFAULT_BOOTARGS : append, map, cpu, out, stdinIfInteractive(),
                log, verbose);
        ControlServer server = control == null ? null : openControl(control, modelJson, map, log);
        VmOutcome o;
        try {
            o = VirtualMachine.run(config, running -> {
                if (server != null) {
                    server.attach(running);
                }
            });
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        } catch (KvmUnavailableException e) {
            throw CliException.environment(e.getMessage());
        } catch (ModelRefusedException e) {
            throw new CliException(ExitCodes.NEGATIVE, e.getMessage());
        } catch (KvmIoctlException e) {
            throw CliException.environment("this host's KVM refused to set up the guest: " + e.getMessage());
        } catch (IOException e) {
            throw CliException.environment("reading the boot files: " + e.getMessage());
        } finally {
            if (server != null) {
                server.close();
            }
            if (console != null) {
                out.close();
            }
        }
        return report(err, o);
    }

    /** The control socket, offering {@code modelJson} (null: the host's own CPU) on a migration. */
    static ControlServer openControl(Path socket, String modelJson, MemoryMap map, java.util.function.Consumer<String> log) {
        try {
            return ControlServer.open(socket, () -> SourceOffer.make(modelJson, map, line -> {
            }), log);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        } catch (IOException e) {
            throw CliException.environment("--control " + socket + ": cannot listen (" + e.getMessage() + ")");
        }
    }

    private static String readModelText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw CliException.usage("--model " + file + ": " + e.getMessage());
        }
    }

    /** The end-of-run line on stderr; the exit status. */
    static int report(PrintWriter err, VmOutcome o) {
        err.println(String.format(Locale.ROOT,
                "vm: %s (vCPU %d); start-up %.2f s (%.2f s since the JVM started), run %.2f s, %d MMIO exits, %d hypercalls,"
                        + " %.1f us userspace per exit, %d console bytes%s",
                o.stop().detail(), o.stop().vcpu(), o.startupNanos() / 1e9, o.sinceJvmStartNanos() / 1e9, o.runNanos() / 1e9, o.mmioExits(),
                o.hypercalls(),
                o.userNanosPerExit() / 1e3, o.consoleBytes(),
                o.unclaimedMmio() == 0 ? "" : ", " + o.unclaimedMmio() + " MMIO accesses to no device (first: " + o.firstUnclaimedMmio() + ")"));
        err.flush();
        return o.stop().clean() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }

    static CpuModel modelOf(Path file) {
        try {
            return CpuModel.of(KvmPlanEmitter.plan(ModelDelta.of(ModelJson.read(file), null)));
        } catch (EmitException e) {
            throw CliException.usage(file + ": " + e.getMessage());
        }
    }

    private static void requireFile(String option, Path p) {
        if (!Files.exists(p)) {
            throw CliException.usage(option + " " + p + ": no such file");
        }
        if (!Files.isRegularFile(p)) {
            throw CliException.usage(option + " " + p + ": not a regular file (a directory, FIFO or device); give the file itself");
        }
        if (!Files.isReadable(p)) {
            throw CliException.usage(option + " " + p + ": not readable");
        }
    }

    /**
     * The console file, opened for writing as the guest writes (a log to follow while the guest
     * runs, so not written to a temporary file and renamed); a special file such as a FIFO or a
     * terminal is written to, never replaced.
     */
    private static OutputStream openConsole(Path p) {
        try {
            return new FileOutputStream(p.toFile());
        } catch (IOException e) {
            throw CliException.usage("--console " + p + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** stdin when it is a terminal or a pipe (read through /proc/self/fd/0), else null: no input from a file or /dev/null. */
    static InputStream stdinIfInteractive() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("pipe:") || target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") ? System.in : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** "256", "256M", "256MiB", "1G", "1GiB" to bytes; plain numbers are MiB. */
    static long parseSize(String s) {
        String t = s.strip();
        long unit = MemoryMap.MIB;
        String digits = t;
        String lower = t.toLowerCase(Locale.ROOT);
        for (String[] suffix : new String[][] {{"mib", "m"}, {"m", "m"}, {"gib", "g"}, {"g", "g"}}) {
            if (lower.endsWith(suffix[0])) {
                digits = t.substring(0, t.length() - suffix[0].length());
                unit = suffix[1].equals("g") ? 1024 * MemoryMap.MIB : MemoryMap.MIB;
                break;
            }
        }
        try {
            long n = Long.parseLong(digits.strip());
            if (n <= 0 || n > Long.MAX_VALUE / unit) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a size (e.g. 256M, 1G)");
        }
    }
}
