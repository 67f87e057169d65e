package org.cpumodel.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Two running lab hosts of different CPU models, linked, driven command by command from here (the
 * machinery a live-migration test needs): commands with output and status, output read while a command
 * runs, a 64 MiB TCP transfer from A to B, then B killed in the middle of a transfer while A keeps
 * answering, and no QEMU left behind. {@link Isolated}: these are two boots, the most this 2-core
 * machine takes at once.
 */
@Tag("lab")
@Isolated
class LabPairLabTest {

    static final String KERNEL = "7.3";
    static final Duration BOOT = Duration.ofSeconds(300);
    static final Duration CMD = Duration.ofSeconds(60);
    static final long MIB_64 = 64L << 20;

    static Lab lab;

    @TempDir
    Path work;

    @BeforeAll
    static void lab() {
        lab = Lab.fromProperties();
        String why = lab.unavailable(KERNEL);
        assumeTrue(why == null, () -> "lab not available: " + why);
    }

    /** A sender that retries until B's listener is up; nc execs dd, so dd writes 1 MiB blocks straight to the socket. */
    static String send(String peer, int port, long mib) {
        return String.format(Locale.ROOT, "i=0; until nc %s %d -e dd if=/dev/zero bs=1M count=%d 2>/dev/null; do i=$((i+1)); "
                + "[ $i -lt 100 ] || exit 99; sleep 0.2; done", peer, port, mib);
    }

    static long txBytes(LabHost h) throws Exception {
        return Long.parseLong(h.exec("cat /sys/class/net/eth0/statistics/tx_bytes", CMD).stdout().strip());
    }

    @Test
    void twoLinkedHostsRunCommandsTransferAndSurviveAPeerKill() throws Exception {
        HostSpec a = HostSpec.of("neoverse-n1", KERNEL).withTimeoutSeconds(900);
        HostSpec b = HostSpec.of("cortex-a76", KERNEL).withTimeoutSeconds(900);
        LabHost hostA;
        LabHost hostB;
        try (LabPair pair = LabPair.start(lab, work.resolve("pair"), a, b, 65000)) {
            hostA = pair.a();
            hostB = pair.b();
            pair.awaitReady(BOOT);
            System.out.println(String.format(Locale.ROOT, "lab: pair %s + %s (%s) started together: both agents ready after %.1f s"
                    + " (A %.1f s, B %.1f s of host wall time; guest uptime %.1f s and %.1f s)", a.cpu(), b.cpu(), KERNEL, pair.readySeconds(),
                    hostA.readySeconds(), hostB.readySeconds(), hostA.guestReadyUptime(), hostB.guestReadyUptime()));

            // one command on each: the CPU each host is, and its end of the link
            String info = "grep -m1 'CPU part' /proc/cpuinfo; cat /sys/class/net/eth0/mtu; ip -o -4 addr show eth0";
            LabCommand.Result ra = hostA.exec(info, CMD);
            LabCommand.Result rb = hostB.exec(info, CMD);
            assertThat(ra.status()).isZero();
            assertThat(ra.stdout()).contains("0xd0c", "65000", "10.0.0.1/24");
            assertThat(rb.stdout()).contains("0xd0b", "65000", "10.0.0.2/24");

            // status, stdout and stderr apart; output read while a command runs
            LabCommand.Result r = hostA.exec("echo out; echo err >&2; exit 7", CMD);
            assertThat(r.status()).isEqualTo(7);
            assertThat(r.stdout()).isEqualTo("out\n");
            assertThat(r.stderr()).isEqualTo("err\n");
            LabCommand ticking = hostA.run("for i in 1 2 3 4 5 6; do echo step $i; sleep 1; done");
            ticking.awaitStdout(s -> s.contains("step 2"), CMD);
            assertThat(ticking.finished()).as("still running while its output is read").isFalse();
            assertThat(ticking.await(CMD).stdout()).endsWith("step 6\n");

            // 64 MiB from A to B: B counts what arrives and times it from the connection on
            LabCommand receiver = hostB.run("nc -l -p 5000 -e sh -c 'read a _ </proc/uptime; wc -c >/tmp/n; read b _ </proc/uptime;"
                    + " echo \"$a $b\" >>/tmp/n'; cat /tmp/n");
            LabCommand.Result sent = hostA.exec(send("10.0.0.2", 5000, 64), Duration.ofSeconds(300));
            LabCommand.Result got = receiver.await(CMD);
            assertThat(sent.status()).as("sender; stderr %s", sent.stderr()).isZero();
            List<String> lines = got.stdout().lines().toList();
            assertThat(Long.parseLong(lines.get(0).strip())).as("bytes received by B").isEqualTo(MIB_64);
            String[] t = lines.get(1).split(" ");
            double seconds = Double.parseDouble(t[1]) - Double.parseDouble(t[0]);
            System.out.println(String.format(Locale.ROOT, "lab: 64 MiB from A to B at MTU 65000 (busybox nc -e dd / wc): %.2f s, %.1f MiB/s",
                    seconds, 64 / seconds));

            // B killed in the middle of a transfer: A keeps answering, its sender can be stopped
            hostB.run("nc -l -p 5001 -e sh -c 'cat >/dev/null'");
            LabCommand endless = hostA.run(send("10.0.0.2", 5001, 1 << 20));
            long tx0 = txBytes(hostA);
            long tx1 = tx0;
            for (int i = 0; i < 120 && tx1 - tx0 < (8L << 20); i++) {
                Thread.sleep(500);
                tx1 = txBytes(hostA);
            }
            assertThat(tx1 - tx0).as("the second transfer is under way").isGreaterThanOrEqualTo(8L << 20);
            hostB.kill();
            assertThat(hostB.isAlive()).isFalse();
            assertThat(hostB.exitCode()).as("run.sh's status for a host that never finished").isEqualTo(125);
            LabCommand.Result alive = hostA.exec("echo alive; cat /proc/loadavg", CMD);
            assertThat(alive.stdout()).startsWith("alive\n");
            assertThat(endless.finished()).as("the sender to the dead peer is stuck, not finished").isFalse();
            endless.signal("KILL");
            assertThat(endless.await(CMD).status()).as("killed by SIGKILL").isEqualTo(128 + 9);
            assertThat(hostA.exec("echo still here", CMD).stdout()).isEqualTo("still here\n");
            assertThat(hostA.shutdown(Duration.ofSeconds(60))).as("A powers off cleanly; console:%n%s", hostA.consoleTail(30)).isZero();
        }
        assertThat(hostA.isAlive()).isFalse();
        assertThat(hostB.isAlive()).isFalse();
        String dir = work.toString();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false)).toList())
                .as("no process of this test is left (QEMU, run.sh)").isEmpty();
    }
}
