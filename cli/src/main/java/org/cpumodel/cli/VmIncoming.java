package org.cpumodel.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.function.Consumer;
import org.cpumodel.collect.CollectException;
import org.cpumodel.emit.EmitException;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.host.KvmUnavailableException;
import org.cpumodel.migration.Arrival;
import org.cpumodel.migration.ControlServer;
import org.cpumodel.migration.DestinationCheck;
import org.cpumodel.migration.Offer;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.vmm.VirtualMachine;
import org.cpumodel.vmm.VmConfig;
import org.cpumodel.vmm.VmOutcome;
import org.cpumodel.vmm.cpu.CpuModel;
import org.cpumodel.vmm.cpu.ModelRefusedException;
import org.cpumodel.vmm.layout.MemoryMap;
import org.cpumodel.vmm.snapshot.StateRefusedException;

/**
 * {@code cpumodel vm run --incoming ADDR:PORT}: read this host's live profile and counter frequency,
 * wait for one source, decide on its offer, receive and restore the guest, run it until it ends or
 * moves on.
 */
final class VmIncoming {

    private VmIncoming() {
    }

    static int run(VmRunCommand c, Consumer<String> log) throws IOException, InterruptedException {
        if (c.kernel != null || c.initrd != null || c.append != null || c.model != null) {
            throw CliException.usage("--incoming: the kernel, initramfs, command line and model come from the source; drop --kernel, --initrd, --append"
                    + " and --model");
        }
        InetSocketAddress listen = address("--incoming", c.incoming);
        PrintWriter err = c.spec.commandLine().getErr();
        long linkMs = c.linkTimeout * 1000L;
        log.accept("vm: incoming: reading this host's live profile and counter frequency for the check");
        DestinationCheck.Live live;
        try {
            live = DestinationCheck.collect(line -> {
            });
        } catch (RuntimeException e) {
            throw environment(e);
        }
        log.accept(String.format(java.util.Locale.ROOT, "vm: incoming: this host is %s, Linux %s, counter %s", live.profile().host().name(),
                live.profile().host().kernelRelease(), org.cpumodel.collect.CounterFrequency.describe(live.counterHz())));
        Arrival arrival;
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(listen);
            log.accept("vm: incoming: waiting for a guest on " + c.incoming);
            arrival = Arrival.accept(server, offer -> DestinationCheck.decide(offer, live), linkMs, log);
        } catch (Arrival.RefusedException e) {
            throw new CliException(ExitCodes.NEGATIVE, "vm: incoming guest " + e.verdict().describe());
        } catch (java.net.BindException e) {
            throw CliException.environment("--incoming " + c.incoming + ": cannot listen (" + e.getMessage() + ")");
        }
        Offer offer = arrival.offer();
        OutputStream out = System.out;
        ControlServer control = null;
        try {
            CpuModel cpu = CpuModel.of(KvmPlanEmitter.plan(ModelDelta.of(ModelJson.parse("the source's model", offer.modelJson()), null)));
            MemoryMap map = new MemoryMap(offer.cpus(), offer.ramBytes());
            out = c.console == null ? System.out : new java.io.FileOutputStream(c.console.toFile());
            VmConfig config = new VmConfig(null, null, "", map, cpu, out, VmRunCommand.stdinIfInteractive(), log, c.verbose);
            control = c.control == null ? null : VmRunCommand.openControl(c.control, offer.bootedWithModel() ? offer.modelJson() : null, map, log);
            ControlServer server = control;
            VmOutcome o = VirtualMachine.incoming(config, arrival, running -> {
                if (server != null) {
                    server.attach(running);
                }
            });
            return VmRunCommand.report(err, o);
        } catch (EmitException | IllegalArgumentException e) {
            arrival.abort("the destination cannot use the offer: " + e.getMessage());
            throw new CliException(ExitCodes.NEGATIVE, "vm: incoming: " + e.getMessage());
        } catch (ModelRefusedException | StateRefusedException e) {
            arrival.abort("the destination's KVM refused the guest: " + e.getMessage());
            throw new CliException(ExitCodes.NEGATIVE, "vm: incoming guest not restored, nothing ran here: " + e.getMessage());
        } catch (KvmUnavailableException | KvmIoctlException e) {
            arrival.abort("the destination's KVM failed: " + e.getMessage());
            throw CliException.environment("vm: incoming: " + e.getMessage());
        } catch (IOException e) {
            arrival.abort(e.getMessage());
            throw new CliException(ExitCodes.NEGATIVE, "vm: incoming guest dropped, nothing ran here: " + e.getMessage());
        } finally {
            if (control != null) {
                control.close();
            }
            if (c.console != null && out != System.out) {
                out.close();
            }
            arrival.close();
        }
    }

    private static CliException environment(Throwable t) {
        if (t instanceof KvmUnavailableException || t instanceof CollectException || t instanceof KvmIoctlException) {
            return CliException.environment("vm: incoming: this host cannot be checked: " + t.getMessage());
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        return CliException.environment("vm: incoming: " + t);
    }

    /** "ADDR:PORT" (an IPv6 address in brackets) to a socket address; bad input is a usage error. */
    static InetSocketAddress address(String option, String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw CliException.usage(option + " " + s + ": give ADDR:PORT, e.g. 10.0.0.2:4444");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw CliException.usage(option + " " + s + ": the port must be 1..65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (java.net.UnknownHostException e) {
            throw CliException.usage(option + " " + s + ": unknown host " + host);
        }
    }
}
