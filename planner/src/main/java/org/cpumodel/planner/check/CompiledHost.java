package org.cpumodel.planner.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.KernelTooOldException;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.abi.RegisterAbi;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.kernel.rules.PrecheckRule;
import org.cpumodel.planner.rules.FieldTable;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.uapi.KvmCap;

/**
 * A host's KVM for one vCPU feature set, compiled once for fast model checks ({@link FastCheck}):
 * per register of the knowledge base (by index) what KVM_SET_ONE_REG does with a value on a fresh VM:
 * its kind, limit, writable mask, pre-checks and the compiled field rules of its kernel. Mirrors
 * {@link org.cpumodel.kernel.reference.ReferenceVcpu#setOneReg}; tests prove equality with
 * {@link ModelCheck} on the real and on simulated fleets.
 */
public final class CompiledHost {

    static final byte MISSING = 0;
    static final byte IGNORED = 1;
    static final byte FREE = 2;
    static final byte INVARIANT = 3;
    static final byte PFR0 = 4;
    static final byte IMPID = 5;
    static final byte CLIDR = 6;
    static final byte GENERIC = 7;
    static final byte RAZ = 8;

    private static final class Index {
        static final KnowledgeBase KB = KnowledgeBase.load();
        static final List<Register> REGS = KB.registers();
        static final Map<String, Integer> BY_NAME = new HashMap<>();

        static {
            for (int i = 0; i < REGS.size(); i++) {
                BY_NAME.put(REGS.get(i).name(), i);
            }
        }
    }

    final String profileId;
    /** Why the host refuses every model (kernel too old, feature set not offered), or null. */
    final String unusable;
    final FeatureSet features;
    /** The feature set has EL2 (nested virtualisation: the pre-checks' nested rules apply). */
    final boolean nested;
    /** The feature set as a bit set of {@link VcpuFeature} ordinals, compared without iterating. */
    final int featureBits;
    final boolean impIdCap;
    final GicCpuInterface gic;
    final byte[] kind;
    final long[] limit;
    final long[] abiMask;
    final FieldTable[] tables;
    final Precheck[][] prechecks;
    final Map<String, Long> sanitised;
    final String name;
    final long ctrIdc;
    /**
     * Per register with a "-ignore" pre-check: the host's hidden value of the ignored field when
     * the profile measured it ({@code hiddenKnown}), else the key a model's conditions use for it
     * ({@code assumeKey}: host name, NUL, fact), built once so a check allocates nothing.
     */
    final boolean[] hiddenKnown;
    final long[] hidden;
    final String[] assumeKey;
    /**
     * Whether the register's own limit is accepted, whatever the model (not for a register whose
     * pre-check depends on a hidden host value the model may assume): the common case of a model
     * value equal to the host's costs one compare.
     */
    final boolean[] limitAccepted;

    private CompiledHost(HostProfile p, FeatureSet fs) {
        this.profileId = p.id();
        this.name = p.host().name();
        this.features = fs;
        this.nested = fs.has(VcpuFeature.EL2);
        this.featureBits = featureBits(fs);
        this.gic = p.gic();
        int n = Index.REGS.size();
        kind = new byte[n];
        limit = new long[n];
        abiMask = new long[n];
        tables = new FieldTable[n];
        prechecks = new Precheck[n][];
        hiddenKnown = new boolean[n];
        hidden = new long[n];
        assumeKey = new String[n];
        limitAccepted = new boolean[n];
        sanitised = new HashMap<>();
        p.host().facts().forEach((k, v) -> {
            if (k.startsWith("sanitised.")) {
                sanitised.put(k, Long.decode(v));
            }
        });
        KernelAbi abi;
        try {
            abi = KernelAbi.of(p.kernel());
        } catch (KernelTooOldException e) {
            unusable = e.getMessage();
            impIdCap = false;
            ctrIdc = 0;
            return;
        }
        ReferenceKvm kvm = new ReferenceKvm(p);
        impIdCap = kvm.checkExtension(KvmCap.ARM_WRITABLE_IMP_ID_REGS) != 0 && abi.hasImpIdCap();
        FeatureSetView view = p.featureSet(fs).orElse(null);
        if (view == null) {
            unusable = "does not offer vCPU features '" + fs + "'";
            ctrIdc = 0;
            return;
        }
        unusable = null;
        ctrIdc = CTR_EL0.IDC.get(view.value(CTR_EL0.NAME).orElse(0));
        boolean aa32 = kvm.aarch32El0();
        var pm = p.masks();
        for (int i = 0; i < n; i++) {
            Register r = Index.REGS.get(i);
            if (!view.recorded(r.name()) || view.absent(r.name())) {
                kind[i] = MISSING;
                continue;
            }
            limit[i] = view.value(r.name()).orElse(0);
            if (org.cpumodel.kernel.rules.Aarch32IdRule.writeIgnored(r, aa32)) {
                kind[i] = IGNORED;
                continue;
            }
            RegisterAbi ra = abi.register(r).orElse(new RegisterAbi(r.name(), RegisterKind.LEGACY_INVARIANT, 0, List.of(), "fail closed"));
            abiMask[i] = ra.mask();
            prechecks[i] = ra.prechecks().toArray(new Precheck[0]);
            for (Precheck pc : prechecks[i]) {
                SysregField ignored = PrecheckRule.ignoredField(pc);
                if (ignored != null) {
                    String fact = Precheck.hiddenFact(ignored.register(), ignored.name());
                    Long known = sanitised.get(fact);
                    hiddenKnown[i] = known != null;
                    hidden[i] = known == null ? 0 : known;
                    assumeKey[i] = name + "\0" + fact;
                }
            }
            kind[i] = switch (ra.kind()) {
                case FREE -> FREE;
                case LEGACY_INVARIANT -> INVARIANT;
                case LEGACY_PFR0 -> PFR0;
                case IMPID -> IMPID;
                case CLIDR -> CLIDR;
                case ID, AA32, RAZ, CTR -> ra.kind() == RegisterKind.RAZ || (r.name().equals("ID_AA64ZFR0_EL1") && !fs.has(VcpuFeature.SVE))
                        ? RAZ : GENERIC;
            };
            if (kind[i] == GENERIC) {
                long mask = pm != null && pm.provenance() == Provenance.MEASURED && r.inFeatureIdRange() ? pm.of(r.name()) : abi.reportedMask(r, aa32);
                tables[i] = FieldTable.of(r, p.kernel(), f -> (f.mask() & mask) == f.mask());
            }
        }
        for (int i = 0; i < n; i++) {
            limitAccepted[i] = kind[i] != MISSING && assumeKey[i] == null && FastCheck.set(this, false, Map.of(), i, limit[i]);
        }
    }

    /** Compiles a host for a feature set (a host that cannot run it compiles to one that refuses every model). */
    public static CompiledHost of(HostProfile p, FeatureSet fs) {
        return new CompiledHost(p, fs);
    }

    static int featureBits(FeatureSet fs) {
        int bits = 0;
        for (VcpuFeature f : fs.features()) {
            bits |= 1 << f.ordinal();
        }
        return bits;
    }

    public String profileId() {
        return profileId;
    }

    static int index(String register) {
        Integer i = Index.BY_NAME.get(register);
        if (i == null) {
            throw new IllegalArgumentException("unknown register " + register);
        }
        return i;
    }

    static Register register(int index) {
        return Index.REGS.get(index);
    }
}
