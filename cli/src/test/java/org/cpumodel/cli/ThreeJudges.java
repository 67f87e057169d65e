package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.ModelConditions;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.kernel.rules.PrecheckRule;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.planner.pools.Partition;
import org.cpumodel.planner.pools.Pool;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.verify.PlanExecutor;
import org.cpumodel.verify.VerifyReport;
import org.cpumodel.verify.VerifyReports;

/**
 * The three judges of a model on a host (issue 10 item 7), collecting their disagreements: check
 * (ModelCheck), verify --dry-run (the model's KVM plan on the host's reference KVM, every register read
 * back) and the proof (after the plan, the registers a guest reads under KVM_RUN, which must equal the
 * model's, and be the same on every member of the pool, modulo the fields KVM finalises at the first run
 * and what a guest of the model cannot tell apart, see {@link #visible}), all on the terms the model
 * states for the host (its conditions on hidden host values).
 */
final class ThreeJudges {

    /** The fields KVM finalises at the first run (the lab proof masks them: ProofLabTest.RUN_MASK). */
    static final Map<String, Long> RUN_MASK = Map.of("ID_AA64PFR0_EL1", 0x0F00_0000L, "ID_PFR1_EL1", 0xF000_0000L);

    private static final KnowledgeBase KB = KnowledgeBase.load();


    int models;
    int judged;
    int accepted;
    int membersProved;
    int mixed;
    final java.util.SortedSet<String> aarch32Differences = new java.util.TreeSet<>();
    final List<String> disagreements = new ArrayList<>();
    /** Judgements whose guest view differs from the model only in fields the host's kernel hides (see {@link #hiddenMask}). */
    final java.util.SortedSet<String> hiddenOnly = new java.util.TreeSet<>();
    Map<String, Map<String, Long>> lastViews = new TreeMap<>();

    void judgePools(Partition r, List<HostProfile> fleet) {
        for (Pool p : r.pools()) {
            if (p.baseline().possible()) {
                judgeAll(p.members(), p.baseline(), fleet);
            }
        }
    }

    void judgeAll(List<HostProfile> members, GuestCpuModel model, List<HostProfile> fleet) {
        models++;
        lastViews = new TreeMap<>();
        KvmPlan plan = KvmPlanEmitter.plan(ModelDelta.of(model, null));
        for (HostProfile host : fleet) {
            boolean member = members.contains(host);
            boolean checked = ModelCheck.run(model, host).accepted();
            VerifyReport verified = PlanExecutor.dryRun(plan, ModelConditions.apply(model, host));
            List<HostProfile> kernels = new ArrayList<>(members);
            kernels.add(host);
            Proof proof = prove(plan, model, host, hiddenMask(kernels));
            judged++;
            if (checked) {
                accepted++;
            }
            String who = "model of " + members.stream().map(h -> h.host().name()).toList() + " on " + host.host().name();
            if (checked != verified.holds() || checked != proof.holds()) {
                disagreements.add(who + ": check " + (checked ? "accepts" : "refuses") + ", verify --dry-run " + (verified.holds() ? "holds" : "does not hold")
                        + ", proof " + (proof.holds() ? "holds" : "fails: " + proof.why()) + "\n" + VerifyReports.text(verified));
            }
            if (member) {
                if (!checked) {
                    disagreements.add(who + ": a member refuses its own pool's model: " + ModelCheck.run(model, host).firstRefusal().orElseThrow());
                }
                if (proof.view() != null) {
                    lastViews.put(host.host().name(), proof.view());
                }
            }
        }
        if (lastViews.size() > 1) {
            Map<String, Long> hidden = hiddenMask(members);
            Map<String, Long> first = visible(model, lastViews.values().iterator().next(), hidden);
            for (var v : lastViews.entrySet()) {
                if (!visible(model, v.getValue(), hidden).equals(first)) {
                    disagreements.add("model of " + lastViews.keySet() + ": guest view on " + v.getKey() + " differs: "
                            + diff(first, visible(model, v.getValue(), hidden)));
                }
            }
            membersProved += lastViews.size();
        }
    }

    void assertAgreement() {
        assertThat(disagreements).as("check, verify --dry-run and the proof disagree").isEmpty();
        assertThat(judged).isPositive();
    }


    /** The proof on one host: holds when the plan is followed and the guest reads the model's values; the guest view. */
    record Proof(boolean holds, String why, Map<String, Long> view) {
    }


    private Proof prove(KvmPlan plan, GuestCpuModel model, HostProfile host, Map<String, Long> hidden) {
        ReferenceKvm kvm = new ReferenceKvm(ModelConditions.apply(model, host));
        Map<String, Long> want = new TreeMap<>();
        model.registers().forEach(r -> want.put(r.register(), masked(r.register(), r.value())));
        if (model.identity().writesIdentity()) {
            want.put("MIDR_EL1", model.identity().midr());
            want.put("REVIDR_EL1", model.identity().revidr());
            want.put("AIDR_EL1", model.identity().aidr());
        }
        List<String> names = new ArrayList<>(want.keySet());
        int[] enc = names.stream().mapToInt(n -> (int) (KB.require(n).encoding().oneRegId() & KvmRegId.SYSREG_ENCODING_MASK)).toArray();
        try (KvmVm vm = kvm.createVm(); PlanExecutor.Applied applied = PlanExecutor.apply(plan, vm, kvm.describe(), null)) {
            if (!applied.report().holds() || applied.vcpu() == null) {
                return new Proof(false, "the plan is not followed", null);
            }
            long[] got = applied.vcpu().readSysregsAsGuest(enc);
            Map<String, Long> view = new TreeMap<>();
            for (int i = 0; i < names.size(); i++) {
                view.put(names.get(i), masked(names.get(i), got[i]));
            }
            Map<String, Long> seen = visible(model, view, hidden);
            Map<String, Long> wanted = visible(model, want, hidden);
            if (seen.equals(wanted) && !visible(model, view, Map.of()).equals(visible(model, want, Map.of()))) {
                hiddenOnly.add(model.shortId() + " on " + host.host().name() + ": the guest reads " + diff(visible(model, want, Map.of()), visible(model, view, Map.of())));
            }
            return seen.equals(wanted) ? new Proof(true, null, view) : new Proof(false, "the guest reads " + diff(wanted, seen), view);
        } catch (RuntimeException e) {
            return new Proof(false, e.toString(), null);
        }
    }

    /**
     * What a guest of the model can tell apart: without AArch32 at EL0 and EL1 (the model's ID_AA64PFR0_EL1.EL0
     * and EL1 are 1, AArch64 only) it never reads the AArch32 ID registers meaningfully, so they are left out.
     */
    static Map<String, Long> visible(GuestCpuModel model, Map<String, Long> view, Map<String, Long> hiddenMask) {
        Map<String, Long> out = new TreeMap<>(view);
        if (aarch64Only(model)) {
            out.keySet().removeIf(ThreeJudges::isAarch32Id);
        }
        out.replaceAll((reg, v) -> v & ~hiddenMask.getOrDefault(reg, 0L));
        return out;
    }

    /**
     * The fields some of these kernels hide from guests and accept back only as the host's own value, then
     * ignore (their "-ignore" pre-checks: MPAM, MPAM_frac, NV): a guest there reads 0, a guest under a kernel
     * that shows them reads the host's value. The kernel does this on purpose so that VMs migrate from kernels
     * that exposed these fields (the features were never usable by a guest: no MPAM, no EL2 for an EL1 vCPU);
     * the proof leaves them out, and the test counts the judgements where that made a difference.
     */
    static Map<String, Long> hiddenMask(List<HostProfile> hosts) {
        Map<String, Long> mask = new TreeMap<>();
        for (HostProfile h : hosts) {
            KernelAbi abi = KernelAbi.of(h.kernel());
            for (Precheck p : Precheck.values()) {
                SysregField f = PrecheckRule.ignoredField(p);
                if (f != null && abi.register(KB.require(f.register())).map(a -> a.prechecks().contains(p)).orElse(false)) {
                    mask.merge(f.register(), f.mask(), (x, y) -> x | y);
                }
            }
        }
        return mask;
    }

    static boolean aarch64Only(GuestCpuModel m) {
        long pfr0 = m.value("ID_AA64PFR0_EL1").orElse(-1);
        return pfr0 != -1 && org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1.EL0.get(pfr0) == 1 && org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1.EL1.get(pfr0) == 1;
    }

    /** An AArch32 ID register (op0 3, op1 0, CRn 0, CRm 1..3). */
    static boolean isAarch32Id(String name) {
        return org.cpumodel.kb.RegisterFacts.inAarch32IdSpace(KB.require(name));
    }

    private static long masked(String reg, long v) {
        return v & ~RUN_MASK.getOrDefault(reg, 0L);
    }

    static String diff(Map<String, Long> want, Map<String, Long> got) {
        List<String> d = new ArrayList<>();
        for (var e : want.entrySet()) {
            Long g = got.get(e.getKey());
            if (!e.getValue().equals(g)) {
                d.add(e.getKey() + " " + Bits.hex64(e.getValue()) + " vs " + (g == null ? "-" : Bits.hex64(g)));
            }
        }
        return String.join(", ", d);
    }
}
