package org.cpumodel.kb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpumodel.uapi.KvmRegId;

/**
 * An AArch64 system register encoding (op0, op1, CRn, CRm, op2) and the ids KVM derives from it
 * (the arithmetic is uapi's {@link KvmRegId}: ONE_REG ids and {@code KVM_ARM_FEATURE_ID_RANGE_IDX}).
 */
public record Encoding(int op0, int op1, int crn, int crm, int op2) implements Comparable<Encoding> {

    private static final Pattern GENERIC = Pattern.compile("S(\\d)_(\\d)_C(\\d{1,2})_C(\\d{1,2})_(\\d)");
    private static final Pattern TUPLE = Pattern.compile("\\(?\\s*(\\d)\\s*,\\s*(\\d)\\s*,\\s*(\\d{1,2})\\s*,\\s*(\\d{1,2})\\s*,\\s*(\\d)\\s*\\)?");

    public Encoding {
        check("op0", op0, 3);
        check("op1", op1, 7);
        check("CRn", crn, 15);
        check("CRm", crm, 15);
        check("op2", op2, 7);
    }

    private static void check(String what, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " out of range 0.." + max + ": " + v);
        }
    }

    /** Parses {@code S3_0_C0_C4_0} or {@code 3,0,0,4,0}; returns null when the text is neither. */
    public static Encoding parseOrNull(String text) {
        Matcher m = GENERIC.matcher(text.trim());
        if (!m.matches()) {
            m = TUPLE.matcher(text.trim());
            if (!m.matches()) {
                return null;
            }
        }
        try {
            return new Encoding(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The id used with KVM_GET_ONE_REG / KVM_SET_ONE_REG. */
    public long oneRegId() {
        return KvmRegId.sysreg(sysregInstr());
    }

    /** {@code op0<<14 | op1<<11 | CRn<<7 | CRm<<3 | op2}: the low 16 bits of the ONE_REG id and the vGIC attr. */
    public int sysregInstr() {
        return KvmRegId.sysregEncoding(op0, op1, crn, crm, op2);
    }

    /** The encoding of a 16-bit {@code op0:op1:CRn:CRm:op2} value. */
    public static Encoding of(int sysregInstr) {
        int v = sysregInstr;
        return new Encoding(v >> 14 & 3, v >> 11 & 7, v >> 7 & 15, v >> 3 & 15, v & 7);
    }

    /** Decodes a ONE_REG sysreg id; null when the id is not a 64-bit arm64 sysreg id. */
    public static Encoding fromOneRegId(long id) {
        return KvmRegId.isSysreg(id) ? of(KvmRegId.sysregEncoding(id)) : null;
    }

    /** True for op0=3, op1 in {0,1,3}, CRn=0, CRm 0..7: the range KVM_ARM_GET_REG_WRITABLE_MASKS describes. */
    public boolean inFeatureIdRange() {
        return KvmRegId.inFeatureIdRange(op0, op1, crn, crm);
    }

    /** KVM_ARM_FEATURE_ID_RANGE_IDX(op0, op1, CRn, CRm, op2). */
    public int featureIdRangeIndex() {
        if (!inFeatureIdRange()) {
            throw new IllegalStateException(this + " is outside the feature-ID range");
        }
        return KvmRegId.featureIdRangeIndex(op0, op1, crn, crm, op2);
    }

    /** The encoding at a KVM_ARM_FEATURE_ID_RANGE index (0..191). */
    public static Encoding fromFeatureIdRangeIndex(int index) {
        return fromOneRegId(KvmRegId.fromFeatureIdRangeIndex(index));
    }

    /** The assembler's generic name, e.g. {@code S3_0_C0_C4_0}. */
    public String genericName() {
        return "S" + op0 + "_" + op1 + "_C" + crn + "_C" + crm + "_" + op2;
    }

    @Override
    public String toString() {
        return "(" + op0 + "," + op1 + "," + crn + "," + crm + "," + op2 + ")";
    }

    @Override
    public int compareTo(Encoding o) {
        return Integer.compare(sysregInstr(), o.sysregInstr());
    }
}
