package org.cpumodel.kernel.rules;

import java.util.List;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kb.Sysregs.ID_AA64DFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64MMFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64MMFR2_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR1_EL1;
import org.cpumodel.kb.Sysregs.ID_DFR0_EL1;
import org.cpumodel.kernel.abi.Precheck;

/**
 * What each register-specific pre-check of the kernel does (kvm-arm64-semantics.md 2.5; the
 * set_id_aa64pfr0_el1, set_id_aa64pfr1_el1, set_id_aa64dfr0_el1, set_id_dfr0_el1,
 * set_id_aa64mmfr0_el1, set_id_aa64mmfr2_el1 and set_ctr_el0 handlers of arch/arm64/kvm/sys_regs.c),
 * written once: the reference KVM explains with it, the planner's fast check and its baselines use
 * the same rewrites and field conditions. A pre-check first rewrites the value
 * ({@link #rewrite}), then may refuse the rewritten value because of one field ({@link #refusal}).
 */
public final class PrecheckRule {

    /** A pre-check's refusal: the deciding field and the reason. */
    public record Refusal(SysregField field, String why) {
    }

    private static final List<SysregField> EL_FIELDS = List.of(ID_AA64PFR0_EL1.EL0, ID_AA64PFR0_EL1.EL1);
    private static final List<SysregField> EL_FIELDS_NESTED = List.of(ID_AA64PFR0_EL1.EL0, ID_AA64PFR0_EL1.EL1, ID_AA64PFR0_EL1.EL2);
    private static final List<SysregField> TGRAN2 = List.of(ID_AA64MMFR0_EL1.TGran4_2, ID_AA64MMFR0_EL1.TGran16_2, ID_AA64MMFR0_EL1.TGran64_2);
    private static final List<SysregField> PMUVER = List.of(ID_AA64DFR0_EL1.PMUVer);
    private static final List<SysregField> DEBUGVER = List.of(ID_AA64DFR0_EL1.DebugVer);
    private static final List<SysregField> PERFMON_COPDBG = List.of(ID_DFR0_EL1.PerfMon, ID_DFR0_EL1.CopDbg);
    private static final List<SysregField> L1IP = List.of(CTR_EL0.L1Ip);

    private PrecheckRule() {
    }

    /**
     * The field a "-ignore" pre-check compares with the host's sanitised value (the host fact
     * {@code sanitised.<REGISTER>.<Field>}), null for the other pre-checks.
     */
    public static SysregField ignoredField(Precheck p) {
        return switch (p) {
            case PFR0_MPAM_IGNORE -> ID_AA64PFR0_EL1.MPAM;
            case PFR1_MPAM_FRAC_IGNORE -> ID_AA64PFR1_EL1.MPAM_frac;
            case MMFR2_NV_IGNORE -> ID_AA64MMFR2_EL1.NV;
            default -> null;
        };
    }

    /**
     * The value the pre-check passes on: an ignored field equal to the host's sanitised value
     * ({@code hostIgnored}, see {@link #ignoredField}) cleared, IMPLEMENTATION DEFINED PMU versions
     * read as none, MTE_frac 0 on an MTE2 host with MTE_frac NI taken as the host's.
     */
    public static long rewrite(Precheck p, long v, long limit, long hostIgnored) {
        return switch (p) {
            case PFR0_MPAM_IGNORE, PFR1_MPAM_FRAC_IGNORE, MMFR2_NV_IGNORE -> {
                SysregField f = ignoredField(p);
                yield f.get(v) == hostIgnored ? f.set(v, 0) : v;
            }
            case PFR1_MTE_FRAC -> ID_AA64PFR1_EL1.MTE.get(limit) == ID_AA64PFR1_EL1.MTE_MTE2
                    && ID_AA64PFR1_EL1.MTE_frac.get(limit) == ID_AA64PFR1_EL1.MTE_frac_NI
                    && ID_AA64PFR1_EL1.MTE_frac.get(v) == 0 ? ID_AA64PFR1_EL1.MTE_frac.set(v, ID_AA64PFR1_EL1.MTE_frac_NI) : v;
            case DFR0_PMUVER_IMPDEF -> ID_AA64DFR0_EL1.PMUVer.get(v) == ID_AA64DFR0_EL1.PMUVer_IMP_DEF ? ID_AA64DFR0_EL1.PMUVer.set(v, 0) : v;
            case IDDFR0_PERFMON -> ID_DFR0_EL1.PerfMon.get(v) == ID_DFR0_EL1.PerfMon_IMPDEF ? ID_DFR0_EL1.PerfMon.set(v, 0) : v;
            default -> v;
        };
    }

    /** The fields a pre-check may refuse, in the order the kernel tests them. */
    public static List<SysregField> checkedFields(Precheck p, boolean nested) {
        return switch (p) {
            case PFR0_EL_NONZERO -> nested ? EL_FIELDS_NESTED : EL_FIELDS;
            case DFR0_PMUVER_RESERVED -> PMUVER;
            case DFR0_DEBUGVER_MIN -> DEBUGVER;
            case IDDFR0_PERFMON -> PERFMON_COPDBG;
            case MMFR0_TGRAN2_NV -> nested ? TGRAN2 : List.of();
            case CTR_L1IP -> L1IP;
            default -> List.of();
        };
    }

    /**
     * Whether the pre-check lets field {@code f} hold {@code raw} (the field of the limit is
     * {@code limitRaw}); true for a field the pre-check does not test.
     */
    public static boolean fieldAllowed(Precheck p, SysregField f, long raw, long limitRaw, boolean nested) {
        for (SysregField c : checkedFields(p, nested)) {
            if (same(c, f)) {
                return allowed(p, c, raw, limitRaw);
            }
        }
        return true;
    }

    private static boolean allowed(Precheck p, SysregField f, long raw, long limitRaw) {
        return switch (p) {
            case PFR0_EL_NONZERO -> raw != 0;
            case DFR0_PMUVER_RESERVED -> raw != 2 && raw != 3;
            case DFR0_DEBUGVER_MIN -> raw >= 6;
            case IDDFR0_PERFMON -> f == ID_DFR0_EL1.CopDbg ? raw >= 6 : raw != 1 && raw != 2;
            case MMFR0_TGRAN2_NV -> raw == limitRaw || raw == 1;
            case CTR_L1IP -> raw >= 2;
            default -> true;
        };
    }

    /** The refusal of a value the pre-check has rewritten, null when the pre-check accepts it. */
    public static Refusal refusal(Precheck p, long rewritten, long limit, boolean nested) {
        for (SysregField f : checkedFields(p, nested)) {
            if (!allowed(p, f, f.get(rewritten), f.get(limit))) {
                return new Refusal(f, why(p, f));
            }
        }
        return null;
    }

    /** Whether the pre-check accepts the value (no allocation: for the planner's fast paths). */
    public static boolean accepts(Precheck p, long rewritten, long limit, boolean nested) {
        List<SysregField> fields = checkedFields(p, nested);
        for (int k = 0; k < fields.size(); k++) { // indexed: no iterator on the fast paths
            SysregField f = fields.get(k);
            if (!allowed(p, f, f.get(rewritten), f.get(limit))) {
                return false;
            }
        }
        return true;
    }

    /** One field of one register (whatever the sign flag of the description at hand). */
    private static boolean same(SysregField a, SysregField b) {
        return a.lsb() == b.lsb() && a.name().equals(b.name()) && a.register().equals(b.register());
    }

    private static String why(Precheck p, SysregField f) {
        return switch (p) {
            case PFR0_EL_NONZERO -> f.name() + " must be implemented (non-zero)";
            case DFR0_PMUVER_RESERVED -> "PMUVer 2 and 3 are reserved encodings";
            case DFR0_DEBUGVER_MIN -> "DebugVer below 6 (Armv8.0 debug) is rejected";
            case IDDFR0_PERFMON -> f == ID_DFR0_EL1.PerfMon ? "PerfMon 1 and 2 (not PMUv3) are rejected" : "CopDbg below 6 (Armv8 debug) is rejected";
            case MMFR0_TGRAN2_NV -> f.name() + " of a nested vCPU must equal the limit or be NI (1)";
            case CTR_L1IP -> "L1Ip VPIPT (0) and AIVIVT (1) are rejected";
            default -> throw new IllegalStateException("pre-check " + p + " refuses nothing");
        };
    }
}
