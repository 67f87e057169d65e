package org.cpumodel.labagent.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.FtrPolicy;
import org.cpumodel.kb.FtrType;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.CLIDR_EL1;
import org.cpumodel.kb.Sysregs.ICC_CTLR_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.MIDR_EL1;
import org.cpumodel.kb.Sysregs.MPIDR_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.kernel.rules.FeatureCheck;
import org.cpumodel.labagent.differential.TrialPlan.Scenario;
import org.cpumodel.labagent.differential.TrialPlan.Step;
import org.cpumodel.labagent.differential.TrialPlan.Target;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;
import org.cpumodel.uapi.VgicV3;

/**
 * Randomised KVM_SET_ONE_REG / ICC_CTLR_EL1 trials for one host, from its profile and a seed. The
 * generator knows limits (the profile), writable masks and field rules only to aim: it never
 * predicts an answer. Same profile and seed, same plan (SplittableRandom, sorted inputs only).
 */
public final class TrialGenerator {

    private final HostProfile profile;
    private final KernelVersion kernel;
    private final KernelAbi abi;
    private final KnowledgeBase kb;
    private final boolean aarch32;
    private final SplittableRandom rnd;
    private int trial;
    private int scenarioId;

    private TrialGenerator(HostProfile profile, long seed) {
        this.profile = profile;
        this.kernel = profile.kernel();
        this.abi = KernelAbi.of(kernel);
        this.kb = KnowledgeBase.load();
        this.aarch32 = profile.defaultView().hasAArch32El0();
        this.rnd = new SplittableRandom(seed);
    }

    /** A plan of at least {@code minTrials} trials for this host. */
    public static TrialPlan generate(HostProfile profile, long seed, int minTrials) {
        TrialGenerator g = new TrialGenerator(profile, seed);
        List<Scenario> out = new ArrayList<>();
        while (g.trial < minTrials) {
            out.add(g.scenario());
        }
        return new TrialPlan(profile.host().name(), profile.host().kernelRelease(), profile.id() == null ? "-" : profile.id(), seed, out);
    }

    /** The writable mask of a register as KVM reports it for this host (measured when the profile has it). */
    public static long writableMask(HostProfile profile, Register reg) {
        var pm = profile.masks();
        if (pm != null && pm.provenance() == Provenance.MEASURED && reg.inFeatureIdRange()) {
            return pm.of(reg.name());
        }
        boolean aa32 = profile.defaultView().hasAArch32El0();
        return KernelAbi.of(profile.kernel()).reportedMask(reg, aa32);
    }

    // ------------------------------------------------------------------ scenarios

    private Scenario scenario() {
        int id = scenarioId++;
        int r = rnd.nextInt(110);
        if (r >= 105) {
            return sveVls(id);
        }
        if (r >= 100) {
            return hidden(id);
        }
        if (r < 48) {
            return plain(id, FeatureSet.DEFAULT);
        }
        if (r < 60) {
            return plain(id, variant().orElse(FeatureSet.DEFAULT));
        }
        if (r < 68) {
            return chained(id, rnd.nextInt(100) < 35 ? variant().orElse(FeatureSet.DEFAULT) : FeatureSet.DEFAULT);
        }
        if (r < 80) {
            FeatureSet fs = rnd.nextInt(100) < 40 ? variant().orElse(FeatureSet.DEFAULT) : FeatureSet.DEFAULT;
            return rnd.nextInt(100) < 20 ? afterRunSweep(id, fs) : afterRun(id, fs);
        }
        if (r < 90) {
            return impIdCap(id);
        }
        return profile.gic() != null ? icc(id) : plain(id, FeatureSet.DEFAULT);
    }

    /**
     * One of the host's non-default vCPU feature sets (pmu, sve, ptrauth, el2 and their combinations, as
     * the profile recorded them: collect creates each vCPU, finalises SVE), sampled uniformly; empty when
     * the host offers none.
     */
    private Optional<FeatureSet> variant() {
        List<FeatureSet> others = variants();
        return others.isEmpty() ? Optional.empty() : Optional.of(others.get(rnd.nextInt(others.size())));
    }

    private List<FeatureSet> variantCache;

    private List<FeatureSet> variants() {
        if (variantCache == null) {
            variantCache = profile.featureSets().keySet().stream().sorted().map(FeatureSet::parse)
                    .filter(fs -> !fs.equals(FeatureSet.DEFAULT)).toList();
        }
        return variantCache;
    }

    private FeatureSetView view(FeatureSet fs) {
        return profile.featureSet(fs).orElseThrow();
    }

    private boolean vgicAllowed() {
        return profile.gic() != null;
    }

    private Scenario plain(int id, FeatureSet fs) {
        FeatureSetView v = view(fs);
        boolean vgic = vgicAllowed() && rnd.nextInt(100) < 30;
        List<Step> probes = new ArrayList<>();
        int n = 8 + rnd.nextInt(7);
        for (int i = 0; i < n; i++) {
            probes.add(mixed(v, true));
        }
        return new Scenario(id, fs.name(), false, vgic, false, List.of(), probes);
    }

    private Scenario chained(int id, FeatureSet features) {
        FeatureSetView v = view(features);
        List<Step> steps = new ArrayList<>();
        List<Register> regs = new ArrayList<>();
        for (Register r : idRegisters(v)) {
            if (lowerable(r, v, true).size() >= 2) {
                regs.add(r);
            }
        }
        if (regs.isEmpty()) {
            return plain(id, features);
        }
        Register reg = regs.get(rnd.nextInt(regs.size()));
        long limit = limit(v, reg);
        List<Field> fs = lowerable(reg, v, true);
        Field a = fs.get(rnd.nextInt(fs.size()));
        Field b = fs.get(rnd.nextInt(fs.size()));
        long va = lowerValue(reg, a, limit);
        long vab = lowerValue(reg, b, va);
        steps.add(step(TrialCategory.CHAINED, reg, a.name(), va, false));
        steps.add(step(TrialCategory.CHAINED, reg, a.name() + "," + b.name(), vab, false));
        steps.add(step(TrialCategory.CHAINED, reg, "limit", limit, false));
        steps.add(step(TrialCategory.CHAINED, reg, b.name(), lowerValue(reg, b, limit), false));
        Optional<Long> up = raiseValue(reg, a, limit);
        if (up.isPresent()) {
            steps.add(step(TrialCategory.CHAINED, reg, a.name(), up.get(), false));
        }
        steps.add(step(TrialCategory.CHAINED, reg, a.name(), va, false));
        steps.add(step(TrialCategory.CHAINED, reg, "limit", limit, false));
        return new Scenario(id, features.name(), false, false, false, List.of(), steps);
    }

    private Scenario afterRun(int id, FeatureSet features) {
        FeatureSetView v = view(features);
        boolean vgic = vgicAllowed() && rnd.nextBoolean();
        List<Step> setup = new ArrayList<>();
        List<Step> probes = new ArrayList<>();
        List<Register> regs = new ArrayList<>(idRegisters(v).stream().filter(r -> !lowerable(r, v, true).isEmpty()).toList());
        int n = regs.isEmpty() ? 0 : 1 + rnd.nextInt(3);
        List<Step> written = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Register reg = regs.remove(rnd.nextInt(regs.size()));
            List<Field> fs = lowerable(reg, v, true);
            Field f = fs.get(rnd.nextInt(fs.size()));
            Step s = step(TrialCategory.AFTER_RUN, reg, f.name(), lowerValue(reg, f, limit(v, reg)), false);
            setup.add(s);
            written.add(s);
            if (regs.isEmpty()) {
                break;
            }
        }
        for (Step s : written) {
            Register reg = kb.require(s.register());
            probes.add(step(TrialCategory.AFTER_RUN, reg, "same", s.value(), true));
            probes.add(step(TrialCategory.AFTER_RUN, reg, "limit", limit(v, reg), true));
        }
        for (Register reg : pick(idRegisters(v), 2)) {
            probes.add(step(TrialCategory.AFTER_RUN, reg, "limit", limit(v, reg), true));
            List<Field> fs = lowerable(reg, v, true);
            if (!fs.isEmpty()) {
                Field f = fs.get(rnd.nextInt(fs.size()));
                probes.add(step(TrialCategory.AFTER_RUN, reg, f.name(), lowerValue(reg, f, limit(v, reg)), true));
            }
        }
        Register gicReg = kb.require(Sysregs.ID_AA64PFR0_EL1.NAME);
        probes.add(step(TrialCategory.AFTER_RUN, gicReg, "limit", limit(v, gicReg), true));
        long pfr0 = limit(v, gicReg);
        SysregField gicField = ID_AA64PFR0_EL1.GIC;
        probes.add(step(TrialCategory.AFTER_RUN, gicReg, gicField.name(), gicField.set(pfr0, gicField.get(pfr0) == 0 ? 1 : 0), true));
        Register midr = kb.require(Sysregs.MIDR_EL1.NAME);
        probes.add(step(TrialCategory.AFTER_RUN, midr, "same", limit(v, midr), true));
        probes.add(step(TrialCategory.AFTER_RUN, midr, "Revision", limit(v, midr) ^ 1, true));
        probes.add(clidr(v, TrialCategory.AFTER_RUN));
        probes.add(mpidr(TrialCategory.AFTER_RUN));
        for (int i = 0; i < 3; i++) {
            probes.add(mixed(v, true));
        }
        probes.addAll(dfr2(v));
        if (vgic) {
            probes.add(iccStep(profile.gic().iccCtlr(), TrialCategory.AFTER_RUN));
            probes.add(iccStep(randomIcc(), TrialCategory.AFTER_RUN));
        }
        return new Scenario(id, features.name(), false, vgic, true, setup, probes);
    }

    /**
     * After one KVM_RUN, a write to every ID register of the feature-ID space (op1=0, CRm 1..7, any
     * kernel kind, with or without a table row): the value read before the run (accepted when still
     * equal) and the same value with one field changed (EBUSY on the generic set_id_reg path).
     */
    private Scenario afterRunSweep(int id, FeatureSet features) {
        FeatureSetView v = view(features);
        boolean vgic = vgicAllowed() && rnd.nextBoolean();
        List<Step> probes = new ArrayList<>();
        for (Register reg : kb.featureIdRange()) {
            if (reg.registerClass() != RegisterClass.FEATURE_ID || reg.encoding().op1() != 0 || reg.encoding().crm() < 1 || !v.recorded(reg.name())) {
                continue;
            }
            long limit = limit(v, reg);
            probes.add(step(TrialCategory.AFTER_RUN, reg, "limit", limit, true));
            List<Field> fs = reg.namedFields();
            if (!fs.isEmpty()) {
                Field f = fs.get(rnd.nextInt(fs.size()));
                long nv = f.set(limit, f.get(limit) ^ (1L + rnd.nextLong((1L << Math.min(f.width(), 62)) - 1 | 1)));
                probes.add(step(TrialCategory.AFTER_RUN, reg, f.name(), nv == limit ? limit ^ f.mask() : nv, true));
            }
        }
        return new Scenario(id, features.name(), false, vgic, true, List.of(), probes);
    }

    /**
     * An SVE vCPU initialised but not finalised: one to four writes of KVM_REG_ARM64_SVE_VLS (the host's
     * lengths, the host's up to one of them, one length missing below the largest, a length above the
     * host's, none, random bits) and an ID register write, then KVM_ARM_VCPU_FINALIZE; after it (and in
     * a quarter of the VMs one KVM_RUN) the lengths written again (EPERM) and ID register writes.
     * Without an SVE feature set on the host, a plain VM.
     */
    private Scenario sveVls(int id) {
        List<FeatureSet> sve = variants().stream().filter(fs -> fs.has(org.cpumodel.profile.VcpuFeature.SVE)).toList();
        if (sve.isEmpty()) {
            return plain(id, FeatureSet.DEFAULT);
        }
        FeatureSet fs = sve.get(rnd.nextInt(sve.size()));
        FeatureSetView v = view(fs);
        List<Integer> vqs = v.sveVectorLengths().stream().map(b -> b / 128).toList();
        if (vqs.isEmpty()) {
            return plain(id, fs);
        }
        Register zfr0 = kb.require(Sysregs.ID_AA64ZFR0_EL1.NAME);
        List<Step> setup = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            setup.add(vlsStep(vqs, false));
        }
        setup.add(rnd.nextBoolean() ? step(TrialCategory.SVE_VLS, zfr0, "-", limit(v, zfr0), false) : mixed(v, true));
        if (rnd.nextInt(100) < 60) {
            setup.add(vlsStep(vqs, false));
        }
        boolean run = rnd.nextInt(100) < 25;
        List<Step> probes = new ArrayList<>();
        probes.add(vlsStep(vqs, true));
        probes.add(step(TrialCategory.SVE_VLS, zfr0, "-", limit(v, zfr0), true));
        for (int i = 0; i < 2; i++) {
            probes.add(mixed(v, true));
        }
        return new Scenario(id, fs.name(), false, vgicAllowed() && run && rnd.nextBoolean(), run, true, setup, probes);
    }

    private Step vlsStep(List<Integer> hostVqs, boolean restore) {
        int hostMax = hostVqs.getLast();
        long host = vqBits(hostVqs, hostMax);
        long value;
        String field;
        switch (rnd.nextInt(7)) {
            case 0, 1 -> {
                value = host;
                field = "host";
            }
            case 2, 3 -> {
                int upTo = hostVqs.get(rnd.nextInt(hostVqs.size()));
                value = vqBits(hostVqs, upTo);
                field = "host up to " + upTo * 128;
            }
            case 4 -> {
                if (hostVqs.size() >= 2) {
                    int drop = hostVqs.get(rnd.nextInt(hostVqs.size() - 1));
                    value = host & ~(1L << (drop - 1));
                    field = "host without " + drop * 128;
                } else {
                    value = host | 1L << hostMax;
                    field = "above host";
                }
            }
            case 5 -> {
                int vq = hostMax + 1 + rnd.nextInt(64 - hostMax);
                value = vqBits(hostVqs, hostMax) | 1L << (vq - 1);
                field = "above host " + vq * 128;
            }
            default -> {
                value = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong() & 0xFFFF;
                field = value == 0 ? "none" : "random";
            }
        }
        return new Step(trial++, TrialCategory.SVE_VLS, Target.SVE_VLS, org.cpumodel.uapi.KvmRegId.SVE_VLS, "KVM_REG_ARM64_SVE_VLS", field, value, restore);
    }

    /** The bitmap of the host's vector lengths up to {@code maxVq}. */
    private static long vqBits(List<Integer> hostVqs, int maxVq) {
        long b = 0;
        for (int vq : hostVqs) {
            if (vq <= maxVq && vq <= 64) {
                b |= 1L << (vq - 1);
            }
        }
        return b;
    }

    /**
     * Writes of each field the host kernel hides but accepts back when it equals the host's sanitised value
     * (the "-ignore" pre-checks of this kernel whose host value the profile records): the host's value, 0,
     * another value, and the host's value beside a lowered field; before the run, or in a quarter of the
     * VMs after one KVM_RUN. Without such a field, a plain VM.
     */
    private Scenario hidden(int id) {
        FeatureSet fs = rnd.nextInt(100) < 30 ? variant().orElse(FeatureSet.DEFAULT) : FeatureSet.DEFAULT;
        FeatureSetView v = view(fs);
        List<Step> probes = new ArrayList<>();
        for (org.cpumodel.kernel.abi.Precheck p : org.cpumodel.kernel.abi.Precheck.values()) {
            SysregField f = org.cpumodel.kernel.rules.PrecheckRule.ignoredField(p);
            if (f == null) {
                continue;
            }
            Register reg = kb.require(f.register());
            String fact = profile.host().facts().get(org.cpumodel.kernel.abi.Precheck.hiddenFact(f.register(), f.name()));
            if (fact == null || !present(v, reg) || !abi.register(reg).map(a -> a.prechecks().contains(p)).orElse(false)) {
                continue;
            }
            long host = Long.decode(fact);
            long limit = limit(v, reg);
            long max = (1L << f.width()) - 1;
            probes.add(step(TrialCategory.HIDDEN_FIELD, reg, f.name() + "=host", f.set(limit, host), true));
            probes.add(step(TrialCategory.HIDDEN_FIELD, reg, f.name() + "=0", f.set(limit, 0), true));
            long other = host;
            while (other == host || other == f.get(limit)) {
                other = 1 + rnd.nextLong(max);
            }
            probes.add(step(TrialCategory.HIDDEN_FIELD, reg, f.name() + "=other", f.set(limit, other), true));
            List<Field> low = lowerable(reg, v, true);
            if (!low.isEmpty()) {
                Field g = low.get(rnd.nextInt(low.size()));
                probes.add(step(TrialCategory.HIDDEN_FIELD, reg, f.name() + "=host," + g.name(), f.set(lowerValue(reg, g, limit), host), true));
            }
        }
        if (probes.isEmpty()) {
            return plain(id, fs);
        }
        boolean run = rnd.nextInt(100) < 25;
        return new Scenario(id, fs.name(), false, vgicAllowed() && run && rnd.nextBoolean(), run, List.of(), probes);
    }

    /** ID_AA64DFR2_EL1 (CRm 5, op2 2): its current value and a changed one. */
    private List<Step> dfr2(FeatureSetView v) {
        Optional<Register> reg = kb.find(Sysregs.ID_AA64DFR2_EL1.NAME);
        if (reg.isEmpty()) {
            return List.of();
        }
        long limit = limit(v, reg.get());
        List<Field> fs = reg.get().namedFields();
        long changed = fs.isEmpty() ? limit ^ 1 : fs.get(rnd.nextInt(fs.size())).set(limit, 1);
        return List.of(step(TrialCategory.AFTER_RUN, reg.get(), "same", limit, true),
                step(TrialCategory.AFTER_RUN, reg.get(), "changed", changed == limit ? limit ^ 0xF : changed, true));
    }

    private Scenario impIdCap(int id) {
        FeatureSetView v = view(FeatureSet.DEFAULT);
        boolean run = rnd.nextInt(100) < 35;
        List<Step> setup = new ArrayList<>();
        List<Step> probes = new ArrayList<>();
        Register midr = kb.require(Sysregs.MIDR_EL1.NAME);
        Register revidr = kb.require(Sysregs.REVIDR_EL1.NAME);
        Register aidr = kb.require(Sysregs.AIDR_EL1.NAME);
        long m = limit(v, midr);
        if (run) {
            long nm = newMidr(m);
            setup.add(step(TrialCategory.IMPID_CAP, midr, "MIDR", nm, false));
            long rv = rnd.nextLong();
            setup.add(step(TrialCategory.IMPID_CAP, revidr, "IMPDEF", rv, false));
            probes.add(step(TrialCategory.IMPID_CAP, midr, "same", nm, true));
            probes.add(step(TrialCategory.IMPID_CAP, midr, "limit", m, true));
            probes.add(step(TrialCategory.IMPID_CAP, revidr, "same", rv, true));
            probes.add(step(TrialCategory.IMPID_CAP, aidr, "IMPDEF", rnd.nextLong(), true));
            probes.add(step(TrialCategory.IMPID_CAP, midr, "Variant", nm ^ 0x0010_0000L, true));
        } else {
            int n = 4 + rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                probes.add(impId(v, TrialCategory.IMPID_CAP));
            }
            long nm = newMidr(m);
            probes.add(step(TrialCategory.IMPID_CAP, midr, "MIDR", nm, false));
            probes.add(step(TrialCategory.IMPID_CAP, midr, "MIDR", newMidr(m), false));
            probes.add(step(TrialCategory.IMPID_CAP, midr, "limit", m, false));
        }
        return new Scenario(id, FeatureSet.DEFAULT.name(), true, false, run, setup, probes);
    }

    private Scenario icc(int id) {
        List<Step> probes = new ArrayList<>();
        int n = 3 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            probes.add(iccStep(randomIcc(), TrialCategory.ICC_CTLR));
        }
        probes.add(iccStep(profile.gic().iccCtlr(), TrialCategory.ICC_CTLR));
        return new Scenario(id, FeatureSet.DEFAULT.name(), false, true, false, List.of(), probes);
    }

    // ------------------------------------------------------------------ one probe of a random category

    private Step mixed(FeatureSetView v, boolean restore) {
        int r = rnd.nextInt(103);
        if (r < 28) {
            return lower(v, restore);
        }
        if (r < 40) {
            return multi(v, restore);
        }
        if (r < 48) {
            return equal(v, restore);
        }
        if (r < 56) {
            return raise(v, restore);
        }
        if (r < 62) {
            return signedCorner(v, restore);
        }
        if (r < 69) {
            return nonWritable(v, restore);
        }
        if (r < 74) {
            return res0(v, restore);
        }
        if (r < 80) {
            return raz(v, restore);
        }
        if (r < 85) {
            return aarch32(v, restore);
        }
        if (r < 90) {
            return precheck(v, restore);
        }
        if (r < 95) {
            return ctr(v, restore);
        }
        if (r < 99) {
            return clidr(v, TrialCategory.CLIDR);
        }
        if (r < 101) {
            return impId(v, TrialCategory.IMPID_NO_CAP);
        }
        if (r < 102) {
            return mpidr(TrialCategory.MPIDR);
        }
        return badId();
    }

    private Step lower(FeatureSetView v, boolean restore) {
        List<Register> regs = idRegisters(v).stream().filter(r -> !lowerable(r, v, true).isEmpty()).toList();
        boolean writable = !regs.isEmpty();
        if (!writable) {
            regs = idRegisters(v).stream().filter(r -> !lowerable(r, v, false).isEmpty()).toList();
        }
        if (regs.isEmpty()) {
            return equal(v, restore);
        }
        Register reg = regs.get(rnd.nextInt(regs.size()));
        List<Field> fs = lowerable(reg, v, writable);
        Field f = fs.get(rnd.nextInt(fs.size()));
        return step(TrialCategory.LOWER_FIELD, reg, f.name(), lowerValue(reg, f, limit(v, reg)), restore);
    }

    private Step multi(FeatureSetView v, boolean restore) {
        List<Register> regs = idRegisters(v).stream().filter(r -> lowerable(r, v, true).size() >= 2).toList();
        if (regs.isEmpty()) {
            return lower(v, restore);
        }
        Register reg = regs.get(rnd.nextInt(regs.size()));
        List<Field> fs = new ArrayList<>(lowerable(reg, v, true));
        long value = limit(v, reg);
        int n = 2 + rnd.nextInt(Math.min(3, fs.size() - 1));
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < n && !fs.isEmpty(); i++) {
            Field f = fs.remove(rnd.nextInt(fs.size()));
            if (rnd.nextInt(100) < 80) {
                value = lowerValue(reg, f, value);
            } else {
                value = raiseValue(reg, f, value).orElse(value);
            }
            names.append(names.isEmpty() ? "" : ",").append(f.name());
        }
        return step(TrialCategory.MULTI_FIELD, reg, names.toString(), value, restore);
    }

    private Step equal(FeatureSetView v, boolean restore) {
        List<Register> regs = new ArrayList<>(idRegisters(v));
        kb.find(Sysregs.CTR_EL0.NAME).ifPresent(regs::add);
        Register reg = regs.get(rnd.nextInt(regs.size()));
        return step(TrialCategory.EQUAL_VALUE, reg, "-", limit(v, reg), restore);
    }

    private Step raise(FeatureSetView v, boolean restore) {
        List<Register> regs = idRegisters(v);
        for (int attempt = 0; attempt < 20; attempt++) {
            Register reg = regs.get(rnd.nextInt(regs.size()));
            List<Field> fs = checkedFields(reg, true);
            if (fs.isEmpty()) {
                fs = reg.namedFields().stream().filter(f -> f.ftr(kernel).isPresent()).toList();
            }
            if (fs.isEmpty()) {
                continue;
            }
            Field f = fs.get(rnd.nextInt(fs.size()));
            Optional<Long> up = raiseValue(reg, f, limit(v, reg));
            if (up.isPresent()) {
                return step(TrialCategory.RAISE_FIELD, reg, f.name(), up.get(), restore);
            }
        }
        return lower(v, restore);
    }

    private Step signedCorner(FeatureSetView v, boolean restore) {
        List<Register> regs = new ArrayList<>();
        for (Register r : idRegisters(v)) {
            if (r.namedFields().stream().anyMatch(f -> isSigned(f) && f.width() == 4)) {
                regs.add(r);
            }
        }
        if (regs.isEmpty()) {
            return lower(v, restore);
        }
        Register reg = regs.get(rnd.nextInt(regs.size()));
        List<Field> fs = reg.namedFields().stream().filter(f -> isSigned(f) && f.width() == 4).toList();
        Field f = fs.get(rnd.nextInt(fs.size()));
        return step(TrialCategory.SIGNED_CORNER, reg, f.name(), f.set(limit(v, reg), 8 + rnd.nextInt(8)), restore);
    }

    private Step nonWritable(FeatureSetView v, boolean restore) {
        List<Register> regs = idRegisters(v);
        for (int attempt = 0; attempt < 20; attempt++) {
            Register reg = regs.get(rnd.nextInt(regs.size()));
            long checked = FeatureCheck.checkedMask(reg, kernel, writableMask(profile, reg));
            List<Field> fs = reg.namedFields().stream().filter(f -> (f.mask() & checked) == 0).toList();
            if (fs.isEmpty()) {
                continue;
            }
            Field f = fs.get(rnd.nextInt(fs.size()));
            long limit = limit(v, reg);
            long cur = f.get(limit);
            long max = f.width() >= 63 ? Long.MAX_VALUE : (1L << f.width()) - 1;
            long nv = cur;
            while (nv == cur) {
                nv = rnd.nextInt(3) == 0 ? cur ^ 1 : (max == Long.MAX_VALUE ? rnd.nextLong() : rnd.nextLong(max + 1));
            }
            return step(TrialCategory.NON_WRITABLE, reg, f.name(), f.set(limit, nv), restore);
        }
        return res0(v, restore);
    }

    private Step res0(FeatureSetView v, boolean restore) {
        List<Register> regs = idRegisters(v).stream().filter(r -> r.res0Mask() != 0).toList();
        Register reg = regs.get(rnd.nextInt(regs.size()));
        long m = reg.res0Mask();
        List<Integer> bits = new ArrayList<>();
        for (int b = 0; b < 64; b++) {
            if ((m >>> b & 1) != 0) {
                bits.add(b);
            }
        }
        int bit = bits.get(rnd.nextInt(bits.size()));
        return step(TrialCategory.RES0_BITS, reg, "RES0[" + bit + "]", limit(v, reg) | 1L << bit, restore);
    }

    private Step raz(FeatureSetView v, boolean restore) {
        List<Register> regs = new ArrayList<>();
        for (Register r : kb.featureIdRange()) {
            boolean absent = !v.recorded(r.name()) || v.absent(r.name());
            boolean razKind = abi.register(r).map(a -> a.kind() == RegisterKind.RAZ).orElse(false);
            if (absent || razKind || r.isUnallocated() || (r.name().equals(Sysregs.ID_AA64ZFR0_EL1.NAME) && limit(v, r) == 0)) {
                regs.add(r);
            }
        }
        Register reg = regs.get(rnd.nextInt(regs.size()));
        long value = switch (rnd.nextInt(4)) {
            case 0, 1 -> 0;
            case 2 -> 1L << rnd.nextInt(64);
            default -> rnd.nextLong();
        };
        return step(TrialCategory.RAZ_UNALLOCATED, reg, "-", value, restore);
    }

    private Step aarch32(FeatureSetView v, boolean restore) {
        List<Register> regs = idRegisters(v).stream().filter(TrialGenerator::isAarch32).toList();
        if (regs.isEmpty()) {
            return lower(v, restore);
        }
        Register reg = regs.get(rnd.nextInt(regs.size()));
        long limit = limit(v, reg);
        List<Field> fs = lowerable(reg, v, false);
        long value;
        String field;
        if (!fs.isEmpty() && rnd.nextInt(100) < 60) {
            Field f = fs.get(rnd.nextInt(fs.size()));
            value = lowerValue(reg, f, limit);
            field = f.name();
        } else if (rnd.nextBoolean()) {
            List<Field> all = reg.namedFields();
            Field f = all.get(rnd.nextInt(all.size()));
            value = f.set(limit, rnd.nextLong(1L << Math.min(f.width(), 62)));
            field = f.name();
        } else {
            value = limit | 1L << (32 + rnd.nextInt(32));
            field = "RES0[63:32]";
        }
        return step(TrialCategory.AARCH32, reg, field, value, restore);
    }

    private Step precheck(FeatureSetView v, boolean restore) {
        for (int attempt = 0; attempt < 10; attempt++) {
            String[][] cases = {
                {Sysregs.ID_AA64DFR0_EL1.NAME, "DebugVer", "0", "5", "1"}, {Sysregs.ID_AA64DFR0_EL1.NAME, "PMUVer", "15", "2", "3", "1", "4"},
                {Sysregs.ID_AA64PFR0_EL1.NAME, "EL0", "0", "1"}, {Sysregs.ID_AA64PFR0_EL1.NAME, "EL1", "0", "1"}, {Sysregs.ID_AA64PFR0_EL1.NAME, "EL2", "0", "1"},
                {Sysregs.ID_AA64PFR0_EL1.NAME, "MPAM", "0", "1"}, {Sysregs.ID_DFR0_EL1.NAME, "PerfMon", "1", "2", "15", "3", "0"},
                {Sysregs.ID_DFR0_EL1.NAME, "CopDbg", "5", "0", "6"}, {Sysregs.CTR_EL0.NAME, "L1Ip", "0", "1", "2", "3"},
                {Sysregs.ID_AA64MMFR2_EL1.NAME, "NV", "0", "1", "2"}, {Sysregs.ID_AA64PFR1_EL1.NAME, "MPAM_frac", "0", "1"},
                {Sysregs.ID_AA64PFR1_EL1.NAME, "MTE_frac", "0", "15"}, {Sysregs.ID_AA64DFR0_EL1.NAME, "DoubleLock", "0", "15", "1"},
            };
            String[] c = cases[rnd.nextInt(cases.length)];
            Optional<Register> reg = kb.find(c[0]);
            if (reg.isEmpty() || !present(v, reg.get())) {
                continue;
            }
            Optional<Field> f = reg.get().field(c[1]);
            if (f.isEmpty()) {
                continue;
            }
            long fv = Long.parseLong(c[2 + rnd.nextInt(c.length - 2)]);
            return step(TrialCategory.PRECHECK, reg.get(), c[1], f.get().set(limit(v, reg.get()), fv), restore);
        }
        return lower(v, restore);
    }

    private Step ctr(FeatureSetView v, boolean restore) {
        Register reg = kb.require(Sysregs.CTR_EL0.NAME);
        long limit = limit(v, reg);
        List<Field> fs = reg.namedFields();
        Field f = fs.get(rnd.nextInt(fs.size()));
        long cur = f.get(limit);
        long max = (1L << f.width()) - 1;
        long nv;
        int r = rnd.nextInt(100);
        if (r < 50 && cur > 0) {
            nv = rnd.nextLong(cur);
        } else if (r < 85 && cur < max) {
            nv = cur + 1 + rnd.nextLong(max - cur);
        } else {
            nv = rnd.nextLong(max + 1);
        }
        return step(TrialCategory.CTR, reg, f.name(), f.set(limit, nv), restore);
    }

    private Step clidr(FeatureSetView v, TrialCategory cat) {
        Register reg = kb.require(Sysregs.CLIDR_EL1.NAME);
        long limit = limit(v, reg);
        SysregField loc = CLIDR_EL1.LoC;
        SysregField louu = CLIDR_EL1.LoUU;
        SysregField louis = CLIDR_EL1.LoUIS;
        long value;
        String field;
        switch (rnd.nextInt(7)) {
            case 0 -> {
                value = limit;
                field = "-";
            }
            case 1 -> {
                value = limit | 1L << (47 + rnd.nextInt(17));
                field = "RES0";
            }
            case 2 -> {
                value = loc.set(limit, 0);
                field = "LoC";
            }
            case 3 -> {
                value = louis.set(louu.set(limit, 0), 0);
                field = "LoUU,LoUIS";
            }
            case 4 -> {
                value = loc.set(louu.set(limit, 1 + rnd.nextInt(7)), 1 + rnd.nextInt(7));
                field = "LoUU,LoC";
            }
            case 5 -> {
                SysregField ct = new SysregField[] {CLIDR_EL1.Ctype1, CLIDR_EL1.Ctype2, CLIDR_EL1.Ctype3}[rnd.nextInt(3)];
                value = ct.set(limit, rnd.nextInt(8));
                field = ct.name();
            }
            default -> {
                value = rnd.nextLong() & Bits.mask(46, 0);
                field = "random";
            }
        }
        return step(cat, reg, field, value, true);
    }

    private Step impId(FeatureSetView v, TrialCategory cat) {
        Register midr = kb.require(Sysregs.MIDR_EL1.NAME);
        Register revidr = kb.require(Sysregs.REVIDR_EL1.NAME);
        Register aidr = kb.require(Sysregs.AIDR_EL1.NAME);
        long m = limit(v, midr);
        return switch (rnd.nextInt(7)) {
            case 0 -> step(cat, midr, "same", m, true);
            case 1 -> step(cat, midr, "MIDR", newMidr(m), true);
            case 2 -> step(cat, midr, "RES0[63:32]", m | 1L << (32 + rnd.nextInt(32)), true);
            case 3 -> step(cat, revidr, "same", limit(v, revidr), true);
            case 4 -> step(cat, revidr, "IMPDEF", rnd.nextLong(), true);
            case 5 -> step(cat, aidr, "same", limit(v, aidr), true);
            default -> step(cat, aidr, "IMPDEF", rnd.nextLong(), true);
        };
    }

    private long newMidr(long m) {
        return switch (rnd.nextInt(3)) {
            case 0 -> m ^ (1L + rnd.nextInt(15));
            case 1 -> MIDR_EL1.PartNum.set(m, rnd.nextInt(0x1000));
            default -> rnd.nextLong() & 0xFFFF_FFFFL;
        };
    }

    private Step mpidr(TrialCategory cat) {
        Register reg = kb.require(Sysregs.MPIDR_EL1.NAME);
        return step(cat, reg, "Aff", MPIDR_EL1.RES1 | rnd.nextLong() & (MPIDR_EL1.Aff2.mask() | MPIDR_EL1.Aff1.mask() | MPIDR_EL1.Aff0.mask()), true);
    }

    private Step badId() {
        Register reg = kb.require(Sysregs.ID_AA64ISAR0_EL1.NAME);
        long id = reg.encoding().oneRegId() & ~0x00F0_0000_0000_0000L | 0x0020_0000_0000_0000L;
        return new Step(trial++, TrialCategory.BAD_ID, Target.ONE_REG, id, reg.name() + "(U32 id)", "-", 0, false);
    }

    private Step iccStep(long value, TrialCategory cat) {
        return new Step(trial++, cat, Target.ICC_CTLR, VgicV3.ICC_CTLR_EL1, Sysregs.ICC_CTLR_EL1.NAME, iccFields(value), value, false);
    }

    private String iccFields(long value) {
        long host = profile.gic().iccCtlr();
        long d = value ^ host;
        List<String> f = new ArrayList<>();
        for (SysregField x : new SysregField[] {ICC_CTLR_EL1.PRIbits, ICC_CTLR_EL1.IDbits, ICC_CTLR_EL1.SEIS, ICC_CTLR_EL1.A3V}) {
            if (x.isSet(d)) {
                f.add(x.name());
            }
        }
        long vmcr = ICC_CTLR_EL1.CBPR.mask() | ICC_CTLR_EL1.EOImode.mask();
        if ((d & vmcr) != 0) {
            f.add("CBPR/EOImode");
        }
        long known = vmcr | ICC_CTLR_EL1.PRIbits.mask() | ICC_CTLR_EL1.IDbits.mask() | ICC_CTLR_EL1.SEIS.mask() | ICC_CTLR_EL1.A3V.mask();
        if ((d & ~known) != 0) {
            f.add("other");
        }
        return f.isEmpty() ? "-" : String.join(",", f);
    }

    private long randomIcc() {
        long host = profile.gic().iccCtlr();
        long pri = ICC_CTLR_EL1.PRIbits.get(host);
        long idb = ICC_CTLR_EL1.IDbits.get(host);
        long v = host;
        switch (rnd.nextInt(9)) {
            case 0 -> v = ICC_CTLR_EL1.PRIbits.set(v, pri == 0 ? 0 : rnd.nextLong(pri));
            case 1 -> v = ICC_CTLR_EL1.PRIbits.set(v, pri == 7 ? 7 : pri + 1 + rnd.nextLong(7 - pri));
            case 2 -> v = ICC_CTLR_EL1.IDbits.set(v, idb == 0 ? 0 : rnd.nextLong(idb));
            case 3 -> v = ICC_CTLR_EL1.IDbits.set(v, idb == 7 ? 7 : idb + 1 + rnd.nextLong(7 - idb));
            case 4 -> v ^= ICC_CTLR_EL1.SEIS.mask();
            case 5 -> v ^= ICC_CTLR_EL1.A3V.mask();
            case 6 -> v |= rnd.nextInt(4);
            case 7 -> v |= 1L << new int[] {6, 18, 19, 2, 5, 16, 20, 40}[rnd.nextInt(8)];
            default -> v = rnd.nextLong() & 0xFFFFL;
        }
        return v;
    }

    // ------------------------------------------------------------------ helpers

    private Step step(TrialCategory cat, Register reg, String field, long value, boolean restore) {
        return new Step(trial++, cat, Target.ONE_REG, reg.encoding().oneRegId(), reg.name(), field, value, restore);
    }

    private static long limit(FeatureSetView v, Register reg) {
        return v.value(reg.name()).orElse(0);
    }

    private static boolean present(FeatureSetView v, Register r) {
        return v.recorded(r.name()) && !v.absent(r.name());
    }

    private static boolean isAarch32(Register r) {
        return r.encoding().op1() == 0 && r.encoding().crm() >= 1 && r.encoding().crm() <= 3;
    }

    /** Present allocated ID registers (op1=0, CRm 1..7) with a kernel ABI row. */
    private List<Register> idRegisters(FeatureSetView v) {
        return idRegCache.computeIfAbsent(v, this::computeIdRegisters);
    }

    private final java.util.IdentityHashMap<FeatureSetView, List<Register>> idRegCache = new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<FeatureSetView, java.util.Map<String, List<Field>>> lowerCache = new java.util.IdentityHashMap<>();

    private List<Register> computeIdRegisters(FeatureSetView v) {
        List<Register> out = new ArrayList<>();
        for (Register r : kb.featureIdRange()) {
            if (r.registerClass() == RegisterClass.FEATURE_ID && r.encoding().op1() == 0 && r.encoding().crm() >= 1 && present(v, r)
                    && abi.register(r).map(a -> a.kind() != RegisterKind.RAZ).orElse(false)) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    private List<Register> pick(List<Register> from, int n) {
        List<Register> copy = new ArrayList<>(from);
        List<Register> out = new ArrayList<>();
        for (int i = 0; i < n && !copy.isEmpty(); i++) {
            out.add(copy.remove(rnd.nextInt(copy.size())));
        }
        return out;
    }

    private boolean isSigned(Field f) {
        return f.ftr(kernel).map(FtrPolicy::signed).orElse(false);
    }

    /** Fields with a cpufeature rule, wholly inside the writable mask when {@code writableOnly}. */
    private List<Field> checkedFields(Register reg, boolean writableOnly) {
        long mask = writableMask(profile, reg);
        return reg.namedFields().stream()
                .filter(f -> f.ftr(kernel).isPresent() && (!writableOnly || (f.mask() & mask) == f.mask()))
                .toList();
    }

    /** Checked fields whose limit value has a lower value under the field's signedness (or an EXACT safe value). */
    private List<Field> lowerable(Register reg, FeatureSetView v, boolean writableOnly) {
        return lowerCache.computeIfAbsent(v, k -> new java.util.HashMap<>())
                .computeIfAbsent(reg.name() + "/" + writableOnly, k -> computeLowerable(reg, v, writableOnly));
    }

    private List<Field> computeLowerable(Register reg, FeatureSetView v, boolean writableOnly) {
        long limit = limit(v, reg);
        List<Field> out = new ArrayList<>();
        for (Field f : checkedFields(reg, writableOnly)) {
            if (f.width() > 8) {
                continue;
            }
            FtrPolicy p = f.ftr(kernel).orElseThrow();
            long raw = f.get(limit);
            if (p.type() == FtrType.EXACT) {
                if (raw != p.safeValue()) {
                    out.add(f);
                }
            } else if (p.signed() ? Bits.signExtend(raw, f.width()) > -(1L << (f.width() - 1)) : raw > 0) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    /** {@code base} with field {@code f} moved below its current value (the EXACT safe value for EXACT fields). */
    private long lowerValue(Register reg, Field f, long base) {
        FtrPolicy p = f.ftr(kernel).orElse(null);
        long raw = f.get(base);
        int w = f.width();
        if (p != null && p.type() == FtrType.EXACT && rnd.nextInt(100) < 70) {
            return f.set(base, p.safeValue());
        }
        boolean signed = p != null && p.signed();
        long cur = signed ? Bits.signExtend(raw, w) : raw;
        long min = signed ? -(1L << (w - 1)) : 0;
        if (cur <= min) {
            return base;
        }
        long nv = rnd.nextInt(100) < 50 ? cur - 1 : min + rnd.nextLong(cur - min);
        return f.set(base, nv & Bits.mask(w - 1, 0));
    }

    private Optional<Long> raiseValue(Register reg, Field f, long base) {
        FtrPolicy p = f.ftr(kernel).orElse(null);
        int w = f.width();
        if (w > 16) {
            return Optional.empty();
        }
        boolean signed = p != null && p.signed();
        long raw = f.get(base);
        long cur = signed ? Bits.signExtend(raw, w) : raw;
        long max = signed ? (1L << (w - 1)) - 1 : (1L << w) - 1;
        if (cur >= max) {
            return Optional.empty();
        }
        long nv = rnd.nextInt(100) < 50 ? cur + 1 : cur + 1 + rnd.nextLong(max - cur);
        return Optional.of(f.set(base, nv & Bits.mask(w - 1, 0)));
    }

    static boolean isField(Field f) {
        return f.kind() == FieldKind.FIELD;
    }
}
