package org.cpumodel.planner;

import java.util.List;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.RegisterAbi;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;

/**
 * One member host as the planner sees it for one feature set: its limits (what a fresh vCPU reads),
 * its kernel's ABI, and per field whether userspace may change it and under which rule. Mirrors the
 * reference KVM's decisions (masks measured on the host win over the kernel table).
 */
final class MemberKvm {

    final HostProfile profile;
    final KernelVersion kernel;
    final KernelAbi abi;
    final FeatureSetView view;
    final boolean aarch32El0;
    final FeatureSet features;

    MemberKvm(HostProfile profile, FeatureSet fs) {
        this.features = fs;
        this.profile = profile;
        this.kernel = profile.kernel();
        this.abi = KernelAbi.of(kernel);
        this.view = profile.featureSet(fs).orElse(null);
        this.aarch32El0 = (profile.defaultView().value("ID_AA64PFR0_EL1").orElse(1) & 0xF) == 2;
    }

    String name() {
        return profile.host().name();
    }

    long limit(String register) {
        return view.value(register).orElse(0);
    }

    boolean present(String register) {
        return view != null && view.recorded(register) && !view.absent(register);
    }

    RegisterKind kind(Register r) {
        return abi.register(r).map(RegisterAbi::kind).orElse(RegisterKind.LEGACY_INVARIANT);
    }

    RegisterAbi registerAbi(Register r) {
        return abi.register(r).orElse(new RegisterAbi(r.name(), RegisterKind.LEGACY_INVARIANT, 0, List.of(), "no model: fail closed"));
    }

    /** The writable mask the reference KVM uses for this register. */
    long mask(Register r) {
        var pm = profile.masks();
        if (pm != null && pm.provenance() == Provenance.MEASURED && r.inFeatureIdRange()) {
            return pm.of(r.name());
        }
        return abi.reportedMask(r, aarch32El0);
    }

    /** AArch32 ID registers on a host without AArch32 EL0: RAZ, and userspace writes are ignored. */
    boolean ignoresWrites(Register r) {
        var e = r.encoding();
        return !aarch32El0 && e.op0() == 3 && e.op1() == 0 && e.crn() == 0 && e.crm() >= 1 && e.crm() <= 3
                && r.registerClass() == RegisterClass.FEATURE_ID && !r.name().equals("ID_AFR0_EL1") && !r.name().equals("ID_DFR1_EL1");
    }

    /** Whether the register reads as zero for this vCPU (only 0 may be written). */
    boolean raz(Register r) {
        return kind(r) == RegisterKind.RAZ || (r.name().equals("ID_AA64ZFR0_EL1") && !features.has(VcpuFeature.SVE) && kind(r).generic());
    }

    /** Whether userspace may give this field a value other than the host's. */
    boolean writable(Register r, Field f) {
        if (f.kind() != FieldKind.FIELD) {
            return false;
        }
        RegisterKind k = kind(r);
        if (k == RegisterKind.LEGACY_PFR0) {
            return f.name().equals("CSV2") || f.name().equals("CSV3");
        }
        if (!k.generic() || k == RegisterKind.RAZ || raz(r)) {
            return false;
        }
        return f.ftr(kernel).isPresent() && (f.mask() & mask(r)) == f.mask();
    }

    /** The rule this member's kernel applies to a writable field. */
    FieldRule rule(Register r, Field f) {
        if (kind(r) == RegisterKind.LEGACY_PFR0) {
            // Linux 6.1 set_id_aa64pfr0_el1: CSV2/CSV3 may be 0, or 1 when the host is unaffected (limit 1)
            return new FieldRule(org.cpumodel.kb.FtrType.LOWER_SAFE, false, 0);
        }
        return FieldRule.of(r.name(), f, f.ftr(kernel).orElse(null));
    }

    /** Why a field cannot be changed on this member, for people. */
    String whyFixed(Register r, Field f) {
        RegisterKind k = kind(r);
        if (!abi.writableIdRegisters() || k == RegisterKind.LEGACY_INVARIANT || k == RegisterKind.LEGACY_PFR0) {
            return "Linux " + kernel + " on " + name() + " cannot write " + r.name() + " (the kernel only accepts the host's own value"
                    + (k == RegisterKind.LEGACY_PFR0 ? " apart from CSV2/CSV3" : "") + "; writable ID registers need Linux 6.7+)";
        }
        if (k == RegisterKind.RAZ || raz(r)) {
            return r.name() + " reads as zero on " + name() + ": only 0 is accepted";
        }
        if (f.ftr(kernel).isEmpty()) {
            return "Linux " + kernel + " has no cpufeature rule for " + r.name() + "." + f.name() + ": it must equal the host's value";
        }
        return r.name() + "." + f.name() + " is outside the writable mask of " + name() + " (Linux " + kernel + ", mask "
                + String.format("0x%016x", mask(r)) + ")";
    }

    boolean hasImpIdCap() {
        return new ReferenceKvm(profile).checkExtension(ReferenceKvm.CAP_WRITABLE_IMP_ID_REGS) != 0 && abi.hasImpIdCap();
    }
}
