package org.cpumodel.planner.check;

import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.rules.PrecheckRule;
import org.cpumodel.planner.gic.GicRules;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/**
 * The yes/no answer of {@link ModelCheck#run} ({@code accepted()}) on compiled inputs: a model
 * compiled once to register indices and values, a host compiled once ({@link CompiledHost}). No
 * reference KVM objects, no maps, no explanations; for inner loops (compatibility matrices, pool
 * search). Use {@link ModelCheck} to say why a host refuses.
 */
public final class FastCheck {

    /** A guest CPU model as the check needs it: writes in plan order (identity first when written), GIC value. */
    public static final class CompiledModel {
        final boolean possible;
        final FeatureSet features;
        final int featureBits;
        final boolean writesIdentity;
        final int[] index;
        final long[] value;
        final Long iccCtlr;
        final boolean whatIf;
        final String id;
        /** The model's conditions: host name and hidden-value fact to the value assumed. */
        final java.util.Map<String, Long> assumed = new java.util.HashMap<>();

        private CompiledModel(GuestCpuModel m) {
            this.id = m.id();
            for (GuestCpuModel.Condition c : m.conditions()) {
                assumed.put(c.host() + "\0" + Precheck.hiddenFact(c.register(), c.field()), c.assumed());
            }
            this.possible = m.possible();
            this.features = m.featureSet();
            this.featureBits = CompiledHost.featureBits(features);
            GuestCpuModel.Identity ident = m.identity();
            this.writesIdentity = ident != null && ident.writesIdentity();
            java.util.List<int[]> idx = new java.util.ArrayList<>();
            java.util.List<Long> vals = new java.util.ArrayList<>();
            if (writesIdentity) {
                add(idx, vals, "MIDR_EL1", ident.midr());
                add(idx, vals, "REVIDR_EL1", ident.revidr());
                add(idx, vals, "AIDR_EL1", ident.aidr());
            }
            for (GuestCpuModel.RegisterSetting s : m.registers()) {
                add(idx, vals, s.register(), s.value());
            }
            this.index = idx.stream().mapToInt(a -> a[0]).toArray();
            this.value = vals.stream().mapToLong(Long::longValue).toArray();
            this.iccCtlr = m.gic() == null ? null : m.gic().iccCtlr();
            this.whatIf = m.gic() != null && m.gic().whatIfRange();
        }

        private static void add(java.util.List<int[]> idx, java.util.List<Long> vals, String reg, Long v) {
            if (v != null) {
                idx.add(new int[] {CompiledHost.index(reg)});
                vals.add(v);
            }
        }

        public String id() {
            return id;
        }
    }

    private FastCheck() {
    }

    public static CompiledModel compile(GuestCpuModel m) {
        return new CompiledModel(m);
    }

    /** Same as {@code ModelCheck.run(model, host).accepted()}. */
    public static boolean accepts(GuestCpuModel model, HostProfile host) {
        return accepts(compile(model), CompiledHost.of(host, model.featureSet()));
    }

    /** Same as {@code ModelCheck.run(model, host).accepted()} for the host's profile compiled with the model's feature set. */
    public static boolean accepts(CompiledModel m, CompiledHost h) {
        if (!m.possible || h.unusable != null || h.featureBits != m.featureBits) {
            return false;
        }
        if (m.writesIdentity && !h.impIdCap) {
            return false;
        }
        int[] index = m.index;
        long[] value = m.value;
        for (int k = 0; k < index.length; k++) {
            int i = index[k];
            long v = value[k];
            if ((v != h.limit[i] || !h.limitAccepted[i]) && !set(h, m.writesIdentity, m.assumed, i, v)) {
                return false;
            }
        }
        if (m.iccCtlr != null) {
            if (h.gic == null) {
                return false;
            }
            long v = m.iccCtlr;
            return m.whatIf ? GicRules.whatIf(h.gic, v).isAccepted() : GicRules.currentAccepts(h.gic, v);
        }
        return true;
    }

    /**
     * What KVM_SET_ONE_REG does with {@code v} for register {@code i} on a fresh VM of the host;
     * {@code writesIdentity}: the plan enabled writable MIDR/REVIDR/AIDR, {@code assumed}: the
     * model's conditions (hidden host values it assumes, by {@link CompiledHost#assumeKey}).
     */
    static boolean set(CompiledHost h, boolean writesIdentity, java.util.Map<String, Long> assumed, int i, long v) {
        long limit = h.limit[i];
        return switch (h.kind[i]) {
            case CompiledHost.MISSING -> false;
            case CompiledHost.IGNORED, CompiledHost.FREE -> true;
            case CompiledHost.INVARIANT -> v == limit;
            case CompiledHost.PFR0 -> pfr0(i, v, limit);
            case CompiledHost.IMPID -> v == limit || (writesIdentity && (v & ~h.abiMask[i]) == 0);
            case CompiledHost.CLIDR -> (v & ~h.abiMask[i]) == 0 && (h.ctrIdc == 1 || !RegisterFacts.clidrImpliesIdc(v));
            default -> generic(h, assumed, i, v, limit);
        };
    }

    /** The legacy PFR0 rule: CSV2 and CSV3 may be 0, or 1 where the host has them; every other bit equal. */
    private static boolean pfr0(int i, long v, long limit) {
        return csv(ID_AA64PFR0_EL1.CSV2, v, limit) && csv(ID_AA64PFR0_EL1.CSV3, v, limit)
                && ((v ^ limit) & ~(ID_AA64PFR0_EL1.CSV2.mask() | ID_AA64PFR0_EL1.CSV3.mask())) == 0;
    }

    private static boolean csv(SysregField f, long v, long limit) {
        long x = f.get(v);
        return x <= 1 && (x == 0 || f.get(limit) != 0);
    }

    private static boolean generic(CompiledHost h, java.util.Map<String, Long> assumed, int i, long value, long limit) {
        long v = value;
        Precheck[] pre = h.prechecks[i];
        for (int k = 0; k < pre.length; k++) {
            Precheck p = pre[k];
            SysregField ignored = PrecheckRule.ignoredField(p);
            if (ignored != null) {
                // ReferenceVcpu.precheck: the host's hidden value, else the one the model assumes for
                // this host; unknown and assumed nowhere, only 0 or the limit's value is decidable
                long host;
                Long a;
                if (h.hiddenKnown[i]) {
                    host = h.hidden[i];
                } else if (!assumed.isEmpty() && (a = assumed.get(h.assumeKey[i])) != null) {
                    host = a;
                } else {
                    long fv = ignored.get(v);
                    if (fv != 0 && fv != ignored.get(limit)) {
                        return false;
                    }
                    continue;
                }
                v = PrecheckRule.rewrite(p, v, limit, host);
            } else {
                v = PrecheckRule.rewrite(p, v, limit, 0);
                if (!PrecheckRule.accepts(p, v, limit, h.nested)) {
                    return false;
                }
            }
        }
        if (h.kind[i] == CompiledHost.RAZ) {
            return v == 0;
        }
        return h.tables[i].accepts(v, limit);
    }
}
