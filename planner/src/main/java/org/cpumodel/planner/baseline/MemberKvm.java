package org.cpumodel.planner.baseline;

import java.util.List;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.RegisterAbi;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.planner.rules.FieldRule;
import org.cpumodel.planner.rules.KernelTables;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.uapi.KvmCap;

/**
 * One member host as the planner sees it for one feature set: its limits (what a fresh vCPU reads),
 * its kernel's ABI, and per field whether userspace may change it and under which rule. Mirrors the
 * reference KVM's decisions (masks measured on the host win over the kernel table).
 */
public final class MemberKvm {

    final HostProfile profile;
    final KernelVersion kernel;
    final KernelAbi abi;
    final FeatureSetView view;
    final boolean aarch32El0;
    final FeatureSet features;
    private final KernelTables tables;
    /**
     * Per register of the knowledge base (by {@link Register#index}), what this member's KVM does with
     * it and the register it was computed for (computed when the member is built and never changed: a
     * member is shared by the pool search's parallel tasks); a register of another knowledge base
     * instance is computed on each use.
     */
    private final Reg[] regs;

    private record Reg(Register register, RegisterKind kind, RegisterAbi abi, long mask, boolean raz, boolean ignoresWrites, long limit, boolean present) {
    }

    MemberKvm(HostProfile profile, FeatureSet fs) {
        this.features = fs;
        this.profile = profile;
        this.kernel = profile.kernel();
        this.tables = KernelTables.of(kernel);
        this.abi = tables.abi;
        this.view = profile.featureSet(fs).orElse(null);
        this.aarch32El0 = profile.defaultView().hasAArch32El0();
        List<Register> all = org.cpumodel.kb.KnowledgeBase.load().registers();
        this.regs = new Reg[all.size()];
        for (Register r : all) {
            if (r.index() >= 0 && r.index() < regs.length) {
                regs[r.index()] = compute(r);
            }
        }
        this.regListSet = view != null && view.regList() != null ? java.util.Set.copyOf(view.regList()) : null;
    }

    String name() {
        return profile.host().name();
    }

    /** The register's limit (cached per register object). */
    long limit(Register r) {
        return reg(r).limit();
    }

    /** KVM_GET_REG_LIST ids as a set, for membership tests (null when not recorded). */
    java.util.Set<Long> regListSet() {
        return regListSet;
    }

    private final java.util.Set<Long> regListSet;

    long limit(String register) {
        return view.value(register).orElse(0);
    }

    boolean present(String register) {
        return view != null && view.recorded(register) && !view.absent(register);
    }

    /** {@link #present(String)} of a register (cached per register object). */
    boolean present(Register r) {
        return reg(r).present();
    }

    private Reg reg(Register r) {
        int i = r.index();
        if (i >= 0 && i < regs.length) {
            Reg x = regs[i];
            if (x != null && x.register() == r) {
                return x;
            }
        }
        return compute(r);
    }

    private Reg compute(Register r) {
        RegisterAbi ra = tables.register(r).orElse(new RegisterAbi(r.name(), RegisterKind.LEGACY_INVARIANT, 0, List.of(), "no model: fail closed"));
        RegisterKind k = tables.register(r).map(RegisterAbi::kind).orElse(RegisterKind.LEGACY_INVARIANT);
        boolean raz = k == RegisterKind.RAZ || (r.name().equals(Sysregs.ID_AA64ZFR0_EL1.NAME) && !features.has(VcpuFeature.SVE) && k.generic());
        boolean ignores = org.cpumodel.kernel.rules.Aarch32IdRule.writeIgnored(r, aarch32El0);
        return new Reg(r, k, ra, computeMask(r), raz, ignores, view == null ? 0 : view.value(r.name()).orElse(0), present(r.name()));
    }

    RegisterKind kind(Register r) {
        return reg(r).kind();
    }

    RegisterAbi registerAbi(Register r) {
        return reg(r).abi();
    }

    /** The writable mask the reference KVM uses for this register. */
    long mask(Register r) {
        return reg(r).mask();
    }

    private long computeMask(Register r) {
        var pm = profile.masks();
        if (pm != null && pm.provenance() == Provenance.MEASURED && r.inFeatureIdRange()) {
            return pm.of(r.name());
        }
        return abi.reportedMask(r, aarch32El0);
    }

    /** AArch32 ID registers on a host without AArch32 EL0: RAZ, and userspace writes are ignored. */
    boolean ignoresWrites(Register r) {
        return reg(r).ignoresWrites();
    }

    /** Whether the register reads as zero for this vCPU (only 0 may be written). */
    boolean raz(Register r) {
        return reg(r).raz();
    }

    /** Whether userspace may give this field a value other than the host's. */
    boolean writable(Register r, Field f) {
        if (f.kind() != FieldKind.FIELD) {
            return false;
        }
        Reg x = reg(r);
        RegisterKind k = x.kind();
        if (k == RegisterKind.LEGACY_PFR0) {
            return f.name().equals(ID_AA64PFR0_EL1.CSV2.name()) || f.name().equals(ID_AA64PFR0_EL1.CSV3.name());
        }
        if (!k.generic() || k == RegisterKind.RAZ || x.raz()) {
            return false;
        }
        return tables.hasFtr(r, f) && (f.mask() & x.mask()) == f.mask();
    }

    /** The rule this member's kernel applies to a writable field. */
    FieldRule rule(Register r, Field f) {
        if (kind(r) == RegisterKind.LEGACY_PFR0) {
            // Linux 6.1 set_id_aa64pfr0_el1: CSV2/CSV3 may be 0, or 1 when the host is unaffected (limit 1)
            return new FieldRule(org.cpumodel.kb.FtrType.LOWER_SAFE, false, 0);
        }
        return tables.rule(r, f);
    }

    /** Register.field names some kernel hides while accepting the host's value (the "-ignore" pre-checks' fields). */
    private static final java.util.Set<String> HIDEABLE = java.util.Arrays.stream(org.cpumodel.kernel.abi.Precheck.values())
            .map(org.cpumodel.kernel.rules.PrecheckRule::ignoredField).filter(java.util.Objects::nonNull)
            .map(x -> x.register() + "." + x.name()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Whether any kernel hides this field (a cheap test before asking each member). */
    static boolean hideable(Register r, Field f) {
        return HIDEABLE_FIELDS.contains(f.name()) && HIDEABLE.contains(r.name() + "." + f.name());
    }

    private static final java.util.Set<String> HIDEABLE_FIELDS = HIDEABLE.stream().map(k -> k.substring(k.indexOf('.') + 1))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Whether this member's kernel accepts the host's hidden value of the field (and ignores it): MPAM, MPAM_frac, NV. */
    boolean hides(Register r, Field f) {
        for (org.cpumodel.kernel.abi.Precheck p : registerAbi(r).prechecks()) {
            org.cpumodel.kb.SysregField ignored = org.cpumodel.kernel.rules.PrecheckRule.ignoredField(p);
            if (ignored != null && ignored.name().equals(f.name())) {
                return true;
            }
        }
        return false;
    }

    /** The host's hidden value of the field when measured (profile fact {@code sanitised.REG.FIELD}), else empty: unknown. */
    java.util.OptionalLong hiddenHostValue(Register r, Field f) {
        String v = profile.host().facts().get(org.cpumodel.kernel.abi.Precheck.hiddenFact(r.name(), f.name()));
        return v == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(Long.decode(v));
    }

    /**
     * The kernel rule that keeps a field at the host's value on this member, in words that do not name
     * the field, the register or the host, so blockers can be grouped by it.
     */
    String fixedRule(Register r, Field f) {
        RegisterKind k = kind(r);
        if (!abi.writableIdRegisters() || k == RegisterKind.LEGACY_INVARIANT || k == RegisterKind.LEGACY_PFR0) {
            return "Linux " + kernel + " cannot write ID registers (writable from Linux 6.7): a guest sees the host's own values";
        }
        if (k == RegisterKind.RAZ || raz(r)) {
            return "the register reads as zero under Linux " + kernel + ": only 0 is accepted";
        }
        if (f.ftr(kernel).isEmpty()) {
            return "Linux " + kernel + " has no cpufeature rule for the field: it must equal the host's value";
        }
        return "outside the writable mask of Linux " + kernel + ": the field must equal the host's value";
    }

    /** Whether the kernel table row this member uses for the register is verified (its source does not say "unverified"). */
    boolean verified(Register r) {
        return tables.register(r).map(a -> !a.source().contains("unverified")).orElse(false);
    }

    /** "Linux 6.12, Linux 7.3": the kernels of these members, sorted, each once. */
    static String kernels(List<MemberKvm> ruledBy) {
        return String.join(", ", ruledBy.stream().map(m -> "Linux " + m.kernel).distinct().sorted().toList());
    }

    /** Whether every member's kernel-abi.txt row for {@code r} is verified; null for no member. */
    static Boolean verified(Register r, List<MemberKvm> ruledBy) {
        return ruledBy.isEmpty() ? null : ruledBy.stream().allMatch(m -> m.verified(r));
    }

    boolean hasImpIdCap() {
        return new ReferenceKvm(profile).checkExtension(KvmCap.ARM_WRITABLE_IMP_ID_REGS) != 0 && abi.hasImpIdCap();
    }
}
