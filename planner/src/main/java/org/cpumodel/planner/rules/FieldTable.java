package org.cpumodel.planner.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.FtrType;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.Register;

/**
 * The rules of one kernel for the fields of one register, compiled for whole-register checks: which
 * bits are checked field by field, nibble masks for the four-bit lower-safe and higher-safe fields
 * (signed or not) that are checked bit-parallel, and the remaining fields (other widths, EXACT,
 * HIGHER_OR_ZERO_SAFE) checked one by one with {@link FieldRule#accepts}. Every other bit must be equal.
 *
 * <p>The bit-parallel test of "u <= l" for all nibbles of a mask puts every other nibble in its own
 * byte lane with bit 4 set: {@code (0x10 + l) - u} keeps bit 4 exactly when {@code l >= u}, and no
 * lane borrows from the next. Signed nibbles are compared after flipping their sign bit.
 */
public final class FieldTable {

    public static final long EVEN = 0x0F0F_0F0F_0F0F_0F0FL;
    public static final long H8 = 0x1010_1010_1010_1010L;
    public static final long SIGN = 0x8888_8888_8888_8888L;

    public final long checked;
    public final long lowU;
    public final long lowS;
    public final long highU;
    public final long highS;
    public final int[] lsb;
    public final int[] width;
    public final FieldRule[] rules;

    private FieldTable(long checked, long lowU, long lowS, long highU, long highS, int[] lsb, int[] width, FieldRule[] rules) {
        this.checked = checked;
        this.lowU = lowU;
        this.lowS = lowS;
        this.highU = highU;
        this.highS = highS;
        this.lsb = lsb;
        this.width = width;
        this.rules = rules;
    }

    /** The table of the fields a predicate selects (cpufeature fields of this kernel; rule-less fields are left to equality). */
    public static FieldTable of(Register r, KernelVersion kernel, Predicate<Field> include) {
        KernelTables t = KernelTables.of(kernel);
        long checked = 0;
        long lowU = 0;
        long lowS = 0;
        long highU = 0;
        long highS = 0;
        List<Field> rest = new ArrayList<>();
        List<FieldRule> restRules = new ArrayList<>();
        for (Field f : r.fields()) {
            if (f.kind() != FieldKind.FIELD || !t.hasFtr(r, f) || !include.test(f)) {
                continue;
            }
            FieldRule rule = t.rule(r, f);
            checked |= f.mask();
            boolean nibble = f.width() == 4 && f.lsb() % 4 == 0;
            if (nibble && rule.type() == FtrType.LOWER_SAFE) {
                if (rule.signed()) {
                    lowS |= f.mask();
                } else {
                    lowU |= f.mask();
                }
            } else if (nibble && rule.type() == FtrType.HIGHER_SAFE) {
                if (rule.signed()) {
                    highS |= f.mask();
                } else {
                    highU |= f.mask();
                }
            } else {
                rest.add(f);
                restRules.add(rule);
            }
        }
        int[] lsb = new int[rest.size()];
        int[] width = new int[rest.size()];
        for (int i = 0; i < lsb.length; i++) {
            lsb[i] = rest.get(i).lsb();
            width[i] = rest.get(i).width();
        }
        return new FieldTable(checked, lowU, lowS, highU, highS, lsb, width, restRules.toArray(new FieldRule[0]));
    }

    /** Whether a user value is accepted against a limit: every selected field safe, every other bit equal. */
    public boolean accepts(long user, long limit) {
        long diff = user ^ limit;
        if (diff == 0) {
            return true;
        }
        if ((diff & ~checked) != 0) {
            return false;
        }
        if ((diff & lowU) != 0 && !le(user & lowU, limit & lowU)) {
            return false;
        }
        if ((diff & lowS) != 0 && !le((user & lowS) ^ (lowS & SIGN), (limit & lowS) ^ (lowS & SIGN))) {
            return false;
        }
        if ((diff & highU) != 0 && !le(limit & highU, user & highU)) {
            return false;
        }
        if ((diff & highS) != 0 && !le((limit & highS) ^ (highS & SIGN), (user & highS) ^ (highS & SIGN))) {
            return false;
        }
        for (int i = 0; i < lsb.length; i++) {
            long m = width[i] == 64 ? -1L : (1L << width[i]) - 1;
            long u = user >>> lsb[i] & m;
            long l = limit >>> lsb[i] & m;
            if (u != l && !rules[i].accepts(width[i], u, l)) {
                return false;
            }
        }
        return true;
    }

    /** Every nibble of {@code a} is at most the same nibble of {@code b} (unsigned). */
    public static boolean le(long a, long b) {
        long ae = a & EVEN;
        long be = b & EVEN;
        if ((((be | H8) - ae) & H8) != H8) {
            return false;
        }
        long ao = a >>> 4 & EVEN;
        long bo = b >>> 4 & EVEN;
        return (((bo | H8) - ao) & H8) == H8;
    }
}
