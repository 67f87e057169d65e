package org.cpumodel.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The nested guest's image ({@code guest/initrd.cpio} of the lab cache, built by lab/build.sh) and the
 * lab's own kernel, booted directly under QEMU TCG on this machine (no lab host, no VMM): the image a
 * VMM boots inside a lab host must reach userspace, run the workload with the wl.* parameters of the
 * kernel command line, tick, keep its memory right, print the CPU it sees, and power off by itself.
 */
@Tag("lab")
class NestedGuestLabTest {

    static final String KERNEL = "6.12";
    static final String NEWEST_KERNEL = "7.3";
    /** QEMU 10's neoverse-n1 (r4p1): the MIDR the guest must read live through Linux's MRS emulation. */
    static final long NEOVERSE_N1_MIDR = 0x414fd0c1L;
    static final List<String> REGISTERS = List.of("MIDR_EL1", "ID_AA64PFR0_EL1", "ID_AA64PFR1_EL1", "ID_AA64PFR2_EL1", "ID_AA64ZFR0_EL1",
            "ID_AA64SMFR0_EL1", "ID_AA64DFR0_EL1", "ID_AA64ISAR0_EL1", "ID_AA64ISAR1_EL1", "ID_AA64ISAR2_EL1", "ID_AA64ISAR3_EL1",
            "ID_AA64MMFR0_EL1", "ID_AA64MMFR1_EL1", "ID_AA64MMFR2_EL1", "ID_AA64MMFR3_EL1", "CTR_EL0", "DCZID_EL0", "CNTFRQ_EL0");

    static Lab lab;

    @TempDir
    Path work;

    @BeforeAll
    static void lab() {
        lab = Lab.fromProperties();
        String why = Stream.of(KERNEL, NEWEST_KERNEL).map(lab::unavailableGuest).filter(Objects::nonNull).findFirst().orElse(null);
        assumeTrue(why == null, () -> "lab not available: " + why);
    }

    DirectBoot.Result boot(String kernel, String name, String workloadArgs, int timeoutSeconds) throws Exception {
        List<String> args = List.of("-M", "virt", "-cpu", "neoverse-n1", "-smp", "1", "-m", "512", "-nographic", "-no-reboot", "-nic", "none",
                "-kernel", lab.kernelImage(kernel).toString(), "-initrd", lab.guestInitrd().toString(),
                "-append", "console=ttyAMA0 panic=-1 " + workloadArgs);
        DirectBoot.Result r = DirectBoot.run(args, work.resolve(name + ".console"), timeoutSeconds);
        System.out.println(String.format(Locale.ROOT, "lab: nested guest image (%s) booted directly on neoverse-n1 %s: exit %d in %.1f s",
                workloadArgs, kernel, r.exitCode(), r.seconds()));
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {KERNEL, NEWEST_KERNEL})
    void bootsRunsTheWorkloadAndPowersOff(String kernel) throws Exception {
        DirectBoot.Result r = boot(kernel, "run-" + kernel, "wl.mib=16 wl.seconds=7 wl.idevery=3", 240);
        assertThat(r.timedOut()).as("the guest powers off by itself (PSCI SYSTEM_OFF); console:%n%s", r.console()).isFalse();
        assertThat(r.exitCode()).as("QEMU's exit status").isZero();
        WorkloadLog log = WorkloadLog.parse(r.console());
        assertThat(log.userspaceUp()).as("marker").isTrue();
        assertThat(r.console()).contains("=== guest: workload mib=16 seconds=7 idevery=3", "=== guest: workload exit status 0");

        assertThat(log.ticks()).as("about one tick per second for 7 s").hasSizeBetween(7, 8);
        assertThat(log.ticksContinuous()).isTrue();
        assertThat(log.ticks().getFirst().tick()).isEqualTo(1);
        for (WorkloadLog.Tick t : log.ticks()) {
            assertThat(t.seconds()).as("tick %d comes at its second of CLOCK_MONOTONIC, not before", t.tick()).isGreaterThanOrEqualTo(t.tick());
        }
        assertThat(log.lastTick().seconds()).as("and not much later").isLessThan(log.lastTick().tick() + 2.0);
        for (int i = 1; i < log.ticks().size(); i++) {
            assertThat(log.ticks().get(i).pass()).as("the buffer keeps being rewritten").isGreaterThan(log.ticks().get(i - 1).pass());
        }
        assertThat(log.ticks()).allMatch(WorkloadLog.Tick::sumOk);
        assertThat(log.badLines()).isEmpty();
        assertThat(log.done()).isNotNull();
        assertThat(log.done().sumOk()).isTrue();

        // the CPU block at start and every 3 ticks; the hash on every tick line is the same and is the hash of the printed values
        assertThat(log.cpuBlocks()).extracting(WorkloadLog.CpuBlock::tick).startsWith(0L, 3L, 6L);
        WorkloadLog.CpuBlock first = log.cpuBlocks().getFirst();
        assertThat(first.registers().keySet()).containsExactlyElementsOf(REGISTERS);
        assertThat(first.recomputedHash()).isEqualTo(first.hash());
        assertThat(first.registers().get("MIDR_EL1")).as("MIDR_EL1, read live through the MRS emulation").isEqualTo(NEOVERSE_N1_MIDR);
        assertThat(first.registers().get("ID_AA64PFR0_EL1") & 0xf).as("PFR0.EL0 (AArch64 at EL0)").isNotZero();
        assertThat(first.registers().get("CNTFRQ_EL0")).as("QEMU's counter for a pre-v8.6 CPU model: 62.5 MHz").isEqualTo(62_500_000L);
        assertThat(first.features().split(" ")).contains("fp", "asimd", "cpuid", "atomics");
        for (WorkloadLog.CpuBlock b : log.cpuBlocks()) {
            assertThat(b.registers()).isEqualTo(first.registers());
            assertThat(b.features()).isEqualTo(first.features());
            assertThat(b.hash()).isEqualTo(first.hash());
        }
        assertThat(log.ticks()).allMatch(t -> t.cpuHash().equals(first.hash()));
        assertThat(log.done().cpuHash()).isEqualTo(first.hash());
    }

    /** The checker can fail: a page put back to an older pass's content is found, named and makes the guest exit 1. */
    @Test
    void findsAStalePage() throws Exception {
        DirectBoot.Result r = boot(KERNEL, "corrupt", "wl.mib=4 wl.seconds=3 wl.corrupt=3", 240);
        assertThat(r.timedOut()).as("console:%n%s", r.console()).isFalse();
        WorkloadLog log = WorkloadLog.parse(r.console());
        assertThat(log.badLines()).hasSize(1);
        assertThat(log.badLines().getFirst()).startsWith("WL BAD pass=2 first-bad-offset=0x100000 bad-words=512 ").endsWith(" got-is-pass=1");
        assertThat(log.ticks()).isNotEmpty().noneMatch(WorkloadLog.Tick::sumOk);
        assertThat(log.done().sumOk()).isFalse();
        assertThat(r.console()).contains("=== guest: workload exit status 1");
        assertThat(Files.exists(work.resolve("corrupt.console"))).isTrue();
    }
}
