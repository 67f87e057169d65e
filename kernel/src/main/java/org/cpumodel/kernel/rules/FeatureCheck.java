package org.cpumodel.kernel.rules;

import java.util.Optional;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.FtrPolicy;
import org.cpumodel.kb.FtrType;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.Sysregs.ID_AA64DFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_DFR0_EL1;
import org.cpumodel.uapi.Errno;

/**
 * arm64_check_features (arch/arm64/kvm/sys_regs.c, kvm-arm64-semantics.md 2.6): every cpufeature
 * field that lies entirely inside the writable mask must be safe against the limit under the
 * kernel's rule for it; every other bit must equal the limit.
 */
public final class FeatureCheck {

    private FeatureCheck() {
    }

    /** KVM treats these FTR_EXACT host fields as lower-safe (kvm_arm64_ftr_safe_value). */
    public static FtrType kvmType(String register, String field, FtrType hostType) {
        if (register.equals(ID_AA64DFR0_EL1.NAME) && (field.equals(ID_AA64DFR0_EL1.PMUVer.name()) || field.equals(ID_AA64DFR0_EL1.DebugVer.name()))) {
            return FtrType.LOWER_SAFE;
        }
        if (register.equals(ID_DFR0_EL1.NAME) && field.equals(ID_DFR0_EL1.PerfMon.name())) {
            return FtrType.LOWER_SAFE;
        }
        return hostType;
    }

    /** The fields KVM checks for this register, kernel and mask: cpufeature fields wholly inside the mask. */
    public static long checkedMask(Register reg, KernelVersion kernel, long writableMask) {
        long checked = 0;
        for (Field f : reg.fields()) {
            if (f.kind() == FieldKind.FIELD && f.ftr(kernel).isPresent() && (f.mask() & writableMask) == f.mask()) {
                checked |= f.mask();
            }
        }
        return checked;
    }

    public static Verdict check(Register reg, KernelVersion kernel, long writableMask, long limit, long value) {
        long checked = 0;
        for (Field f : reg.fields()) {
            if (f.kind() != FieldKind.FIELD) {
                continue;
            }
            Optional<FtrPolicy> p = f.ftr(kernel);
            if (p.isEmpty() || (f.mask() & writableMask) != f.mask()) {
                continue;
            }
            checked |= f.mask();
            FtrPolicy pol = p.get();
            FtrType type = kvmType(reg.name(), f.name(), pol.type());
            long u = f.get(value);
            long l = f.get(limit);
            if (!FieldRules.acceptsRaw(type, pol.signed(), pol.safeValue(), f.width(), u, l)) {
                return Verdict.rejected(Errno.EINVAL, reg.name(), f.name(), type.name(), value, limit,
                        f.name() + "=" + u + " is not safe against the host limit " + l + " under "
                                + FieldRules.describe(type, pol.signed(), pol.safeValue()));
            }
        }
        long diff = (value ^ limit) & ~checked;
        if (diff != 0) {
            String where = fieldsOf(reg, diff);
            return Verdict.rejected(Errno.EINVAL, reg.name(), where, "equal-to-limit", value, limit,
                    "bits " + Bits.hex64(diff) + " (" + where + ") are not writable on this kernel (outside the writable mask or without a cpufeature rule) and must equal the host limit");
        }
        return Verdict.accepted(reg.name(), value, limit, "every writable field is safe and the rest equals the limit");
    }

    /** Names of the fields (or RES0 ranges) touched by {@code bits}. */
    public static String fieldsOf(Register reg, long bits) {
        StringBuilder sb = new StringBuilder();
        for (Field f : reg.fields()) {
            if ((f.mask() & bits) != 0) {
                if (!sb.isEmpty()) {
                    sb.append(',');
                }
                sb.append(f.kind() == FieldKind.FIELD ? f.name() : f.kind().name() + "[" + f.bits() + "]");
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
