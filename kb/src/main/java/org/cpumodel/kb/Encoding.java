package org.cpumodel.kb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AArch64 system register encoding (op0, op1, CRn, CRm, op2) and the ids KVM derives from it.
 *
 * <p>Sources: arch/arm64/include/uapi/asm/kvm.h (ONE_REG id layout and
 * {@code KVM_ARM_FEATURE_ID_RANGE_IDX}), Documentation/virt/kvm/api.rst section 4.139.
 */
public record Encoding(int op0, int op1, int crn, int crm, int op2) implements Comparable<Encoding> {

    /** KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG. */
    public static final long ONE_REG_SYSREG_BASE = 0x6030_0000_0013_0000L;
    /** Number of entries of KVM_ARM_FEATURE_ID_RANGE (op1 in {0,1,3}, CRm 0..7, op2 0..7). */
    public static final int FEATURE_ID_RANGE_SIZE = 192;

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
        return ONE_REG_SYSREG_BASE | sysregInstr();
    }

    /** {@code op0<<14 | op1<<11 | CRn<<7 | CRm<<3 | op2}: the low 16 bits of the ONE_REG id and the vGIC attr. */
    public int sysregInstr() {
        return op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
    }

    /** Decodes a ONE_REG sysreg id; null when the id is not a 64-bit arm64 sysreg id. */
    public static Encoding fromOneRegId(long id) {
        if ((id & ~0xFFFFL) != ONE_REG_SYSREG_BASE) {
            return null;
        }
        int v = (int) (id & 0xFFFF);
        return new Encoding(v >> 14 & 3, v >> 11 & 7, v >> 7 & 15, v >> 3 & 15, v & 7);
    }

    /** True for op0=3, op1 in {0,1,3}, CRn=0, CRm 0..7: the range KVM_ARM_GET_REG_WRITABLE_MASKS describes. */
    public boolean inFeatureIdRange() {
        return op0 == 3 && (op1 == 0 || op1 == 1 || op1 == 3) && crn == 0 && crm <= 7;
    }

    /** KVM_ARM_FEATURE_ID_RANGE_IDX(op0, op1, CRn, CRm, op2). */
    public int featureIdRangeIndex() {
        if (!inFeatureIdRange()) {
            throw new IllegalStateException(this + " is outside the feature-ID range");
        }
        int o = op1 & 3;
        if (o == 3) {
            o = 2;
        }
        return o << 6 | (crm & 7) << 3 | op2;
    }

    public static Encoding fromFeatureIdRangeIndex(int index) {
        if (index < 0 || index >= FEATURE_ID_RANGE_SIZE) {
            throw new IllegalArgumentException("feature-ID range index out of range 0..191: " + index);
        }
        int o = index >> 6;
        return new Encoding(3, o == 2 ? 3 : o, 0, index >> 3 & 7, index & 7);
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
