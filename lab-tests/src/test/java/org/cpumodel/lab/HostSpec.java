package org.cpumodel.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link LabHost#start} boots: the lab/run.sh options of one lab host.
 *
 * @param cpu            QEMU's -cpu model (neoverse-n1, cortex-a76, max, ...)
 * @param kernel         6.1, 6.12 or 7.3
 * @param smp            vCPUs of the lab host
 * @param memMb          memory of the lab host, MiB
 * @param append         extra kernel arguments ("" for none)
 * @param timeoutSeconds the host's whole lifetime: lab/run.sh kills it after this, whatever happens
 * @param link           the network link to another lab host, or null
 * @param payload        a directory packed into the host's initramfs under /opt/payload, or null
 */
public record HostSpec(String cpu, String kernel, int smp, int memMb, String append, int timeoutSeconds, Link link, Path payload) {

    /**
     * One end of a link between two lab hosts (lab/run.sh --link unix:SOCKET,server|client --ip IP --mtu MTU).
     *
     * @param socket the Unix socket both ends name (under 108 bytes; its directory must exist)
     * @param server true for the end that listens (QEMU server=on)
     * @param ip     this host's address with prefix, e.g. 10.0.0.1/24
     * @param mtu    the link's MTU (65000 is lab/run.sh's default)
     */
    public record Link(Path socket, boolean server, String ip, int mtu) {

        /** The address without the prefix. */
        public String address() {
            return ip.substring(0, ip.indexOf('/'));
        }
    }

    /** 2 vCPUs and 2048 MiB (lab/run.sh's defaults), a 15-minute lifetime, no link, no payload. */
    public static HostSpec of(String cpu, String kernel) {
        return new HostSpec(cpu, kernel, 2, 2048, "", 900, null, null);
    }

    public HostSpec withSmp(int n) {
        return new HostSpec(cpu, kernel, n, memMb, append, timeoutSeconds, link, payload);
    }

    public HostSpec withMemMb(int mb) {
        return new HostSpec(cpu, kernel, smp, mb, append, timeoutSeconds, link, payload);
    }

    public HostSpec withAppend(String args) {
        return new HostSpec(cpu, kernel, smp, memMb, args, timeoutSeconds, link, payload);
    }

    public HostSpec withTimeoutSeconds(int seconds) {
        return new HostSpec(cpu, kernel, smp, memMb, append, seconds, link, payload);
    }

    public HostSpec withLink(Link l) {
        return new HostSpec(cpu, kernel, smp, memMb, append, timeoutSeconds, l, payload);
    }

    public HostSpec withPayload(Path dir) {
        return new HostSpec(cpu, kernel, smp, memMb, append, timeoutSeconds, link, dir);
    }

    /** A short name for logs and directories, e.g. {@code neoverse-n1_7.3}. */
    public String name() {
        return cpu + "_" + kernel;
    }

    /** lab/run.sh's options for this host (without --share, --agent and --die-with-parent). */
    List<String> runOptions() {
        List<String> o = new ArrayList<>(List.of("--cpu", cpu, "--kernel", kernel, "--smp", Integer.toString(smp),
                "--mem", Integer.toString(memMb), "--timeout", Integer.toString(timeoutSeconds)));
        if (!append.isEmpty()) {
            o.addAll(List.of("--append", append));
        }
        if (link != null) {
            o.addAll(List.of("--link", "unix:" + link.socket() + "," + (link.server() ? "server" : "client"),
                    "--ip", link.ip(), "--mtu", Integer.toString(link.mtu())));
        }
        if (payload != null) {
            o.addAll(List.of("--payload", payload.toString()));
        }
        return o;
    }
}
