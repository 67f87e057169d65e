package org.cpumodel.planner;

import org.cpumodel.kb.Field;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.VcpuFeature;

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
        if (!m.possible || h.unusable != null || !h.features.equals(m.features)) {
            return false;
        }
        if (m.writesIdentity && !h.impIdCap) {
            return false;
        }
        int[] index = m.index;
        long[] value = m.value;
        for (int k = 0; k < index.length; k++) {
            if (!set(h, m, index[k], value[k])) {
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

    private static boolean set(CompiledHost h, CompiledModel m, int i, long v) {
        long limit = h.limit[i];
        return switch (h.kind[i]) {
            case CompiledHost.MISSING -> false;
            case CompiledHost.IGNORED, CompiledHost.FREE -> true;
            case CompiledHost.INVARIANT -> v == limit;
            case CompiledHost.PFR0 -> pfr0(i, v, limit);
            case CompiledHost.IMPID -> v == limit || (m.writesIdentity && (v & ~h.abiMask[i]) == 0);
            case CompiledHost.CLIDR -> (v & ~h.abiMask[i]) == 0 && (h.ctrIdc == 1 || !impliesIdc(v));
            default -> generic(h, m, i, v, limit);
        };
    }

    static boolean impliesIdc(long v) {
        return (v >>> 24 & 7) == 0 || ((v >>> 21 & 7) == 0 && (v >>> 27 & 7) == 0);
    }

    private static boolean pfr0(int i, long v, long limit) {
        Field csv2 = CompiledHost.field(i, "CSV2");
        Field csv3 = CompiledHost.field(i, "CSV3");
        for (Field f : new Field[] {csv2, csv3}) {
            long x = f.get(v);
            if (x > 1 || (x == 1 && f.get(limit) == 0)) {
                return false;
            }
        }
        return ((v ^ limit) & ~(csv2.mask() | csv3.mask())) == 0;
    }

    private static boolean generic(CompiledHost h, CompiledModel m, int i, long value, long limit) {
        long v = value;
        Precheck[] pre = h.prechecks[i];
        if (pre.length > 0) {
            long[] io = {value};
            for (Precheck p : pre) {
                if (!precheck(h, m, i, p, io, limit)) {
                    return false;
                }
            }
            v = io[0];
        }
        if (h.kind[i] == CompiledHost.RAZ) {
            return v == 0;
        }
        return h.tables[i].accepts(v, limit);
    }

    /** {@code ReferenceVcpu.precheck}: false when it rejects, else {@code io[0]} holds the possibly rewritten value. */
    private static boolean precheck(CompiledHost h, CompiledModel m, int i, Precheck p, long[] io, long limit) {
        long v = io[0];
        long out;
        switch (p) {
            case PFR0_MPAM_IGNORE -> {
                out = clearIfEqualHost(h, m, i, "MPAM", v);
                if (out < 0 && out == REFUSED) {
                    return false;
                }
            }
            case PFR1_MPAM_FRAC_IGNORE -> {
                out = clearIfEqualHost(h, m, i, "MPAM_frac", v);
                if (out < 0 && out == REFUSED) {
                    return false;
                }
            }
            case MMFR2_NV_IGNORE -> {
                out = clearIfEqualHost(h, m, i, "NV", v);
                if (out < 0 && out == REFUSED) {
                    return false;
                }
            }
            case PFR0_EL_NONZERO -> {
                for (String f : h.features.has(VcpuFeature.EL2) ? new String[] {"EL0", "EL1", "EL2"} : new String[] {"EL0", "EL1"}) {
                    if (CompiledHost.field(i, f).get(v) == 0) {
                        return false;
                    }
                }
                out = v;
            }
            case PFR1_MTE_FRAC -> {
                Field mte = CompiledHost.field(i, "MTE");
                Field frac = CompiledHost.field(i, "MTE_frac");
                out = mte.get(limit) == 2 && frac.get(limit) == 0xF && frac.get(v) == 0 ? frac.set(v, 0xF) : v;
            }
            case DFR0_PMUVER_IMPDEF -> {
                Field f = CompiledHost.field(i, "PMUVer");
                out = f.get(v) == 0xF ? f.set(v, 0) : v;
            }
            case DFR0_PMUVER_RESERVED -> {
                long pmu = CompiledHost.field(i, "PMUVer").get(v);
                if (pmu == 2 || pmu == 3) {
                    return false;
                }
                out = v;
            }
            case DFR0_DEBUGVER_MIN -> {
                if (CompiledHost.field(i, "DebugVer").get(v) < 6) {
                    return false;
                }
                out = v;
            }
            case IDDFR0_PERFMON -> {
                Field pm = CompiledHost.field(i, "PerfMon");
                long val = pm.get(v) == 0xF ? pm.set(v, 0) : v;
                long perf = pm.get(val);
                if ((perf != 0 && perf < 3) || CompiledHost.field(i, "CopDbg").get(val) < 6) {
                    return false;
                }
                out = val;
            }
            case MMFR0_TGRAN2_NV -> {
                if (h.features.has(VcpuFeature.EL2)) {
                    for (String f : new String[] {"TGRAN4_2", "TGRAN16_2", "TGRAN64_2"}) {
                        Field fl = CompiledHost.field(i, f);
                        if (fl.get(v) != fl.get(limit) && fl.get(v) != 1) {
                            return false;
                        }
                    }
                }
                out = v;
            }
            case CTR_L1IP -> {
                if (CompiledHost.field(i, "L1Ip").get(v) < 2) {
                    return false;
                }
                out = v;
            }
            default -> throw new IllegalStateException("pre-check " + p + " not modelled");
        }
        io[0] = out;
        return true;
    }

    /** Marks a refusal of {@link #clearIfEqualHost} (no field value is all ones in every bit). */
    private static final long REFUSED = -1L;

    /** {@code ReferenceVcpu.clearIfEqualHost}: the host's hidden value from the profile, else from the model's conditions, else refused unless 0. */
    private static long clearIfEqualHost(CompiledHost h, CompiledModel m, int i, String field, long v) {
        Field f = CompiledHost.field(i, field);
        String fact = Precheck.hiddenFact(CompiledHost.register(i).name(), field);
        Long host = h.sanitised.get(fact);
        if (host == null) {
            host = m.assumed.get(h.name + "\0" + fact);
        }
        if (host == null) {
            return f.get(v) == 0 || f.get(v) == f.get(h.limit[i]) ? v : REFUSED;
        }
        return f.get(v) == host ? f.set(v, 0) : v;
    }
}
