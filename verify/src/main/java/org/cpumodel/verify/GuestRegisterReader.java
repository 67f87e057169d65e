package org.cpumodel.verify;


import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.host.GuestCode;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.host.KvmRun;
import org.cpumodel.kb.Encoding;

/**
 * What a guest sees: follows the plan on a scratch VM of this host, then runs {@link GuestProgram}
 * under KVM_RUN and collects the value of every system register the plan sets, as the guest's MRS
 * reads it (through KVM's traps), from the MMIO exits.
 */
public final class GuestRegisterReader {

    /** Guest-physical address of the program. */
    public static final long CODE_BASE = 0x10000;
    private static final int MAX_EXITS = 1000;

    /** The plan's verdicts on this host and the guest's view (register name to value). */
    public record GuestView(VerifyReport verify, Map<String, Long> registers) {
    }

    private GuestRegisterReader() {
    }

    public static GuestView read(KvmPlan plan) {
        List<String> names = new ArrayList<>();
        List<Encoding> encodings = new ArrayList<>();
        for (KvmPlan.Step s : plan.steps()) {
            if (s instanceof KvmPlan.SetOneReg r) {
                Encoding e = Encoding.fromOneRegId(r.id());
                if (e != null) {
                    names.add(r.register());
                    encodings.add(e);
                }
            }
        }
        try (FfmTarget t = new FfmTarget(); Arena arena = Arena.ofConfined()) {
            VerifyReport report = PlanExecutor.execute(plan, t, null);
            if (t.vcpu() == null) {
                throw new IllegalStateException("the plan did not create a vCPU: " + report.failures());
            }
            int[] code = GuestProgram.reading(encodings);
            GuestCode.load(t.vm(), t.vcpu(), arena, CODE_BASE, code);
            Map<String, Long> seen = new LinkedHashMap<>();
            for (int i = 0; i < MAX_EXITS; i++) {
                int exit = t.vcpu().run();
                KvmRun run = t.vcpu().kvmRun();
                if (exit != KvmExit.MMIO || !run.mmioIsWrite()) {
                    throw new IllegalStateException("guest stopped with " + run + " after " + seen.size() + " registers");
                }
                long off = run.mmioPhysAddr() - GuestProgram.MMIO_BASE;
                if (off == GuestProgram.DONE_OFFSET) {
                    return new GuestView(report, seen);
                }
                seen.put(names.get((int) (off / 8)), run.mmioValue());
            }
            throw new IllegalStateException("guest did not finish after " + MAX_EXITS + " exits");
        }
    }
}
