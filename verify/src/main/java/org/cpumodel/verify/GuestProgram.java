package org.cpumodel.verify;

import java.util.ArrayList;
import java.util.List;
import org.cpumodel.kb.Encoding;

/**
 * A tiny AArch64 guest, as instruction words, that reads system registers the way a guest kernel
 * does (MRS at EL1) and reports each value with an 8-byte store to an unbacked (MMIO) address:
 * {@code movz x1, #base; (mrs x0, REG_i; str x0, [x1, #8*i])...; str xzr, [x1, #DONE]; b .}.
 */
public final class GuestProgram {

    /** Guest-physical base of the report window (not backed by memory: every store exits as MMIO). */
    public static final long MMIO_BASE = 0x1000;
    /** Offset of the final store that says the program is done. */
    public static final int DONE_OFFSET = 0xFF8;
    public static final int MAX_REGISTERS = DONE_OFFSET / 8;

    private GuestProgram() {
    }

    /** {@code MRS Xt, S<op0>_<op1>_C<n>_C<m>_<op2>}. */
    public static int mrs(Encoding e, int rt) {
        if (e.op0() < 2) {
            throw new IllegalArgumentException("MRS needs op0 2 or 3: " + e);
        }
        return 0xD530_0000 | (e.op0() - 2) << 19 | e.op1() << 16 | e.crn() << 12 | e.crm() << 8 | e.op2() << 5 | rt;
    }

    /** {@code STR Xt, [Xn, #offset]} (unsigned offset, a multiple of 8 up to 32760). */
    public static int str(int rt, int rn, int offset) {
        if (offset % 8 != 0 || offset < 0 || offset > 4095 * 8) {
            throw new IllegalArgumentException("bad STR offset " + offset);
        }
        return 0xF900_0000 | (offset / 8) << 10 | rn << 5 | rt;
    }

    /** {@code MOVZ Xd, #imm16}. */
    public static int movz(int rd, int imm16) {
        return 0xD280_0000 | (imm16 & 0xFFFF) << 5 | rd;
    }

    /** {@code B .} */
    public static final int BRANCH_SELF = 0x1400_0000;

    /** The program for these registers, in order: register i is reported at MMIO_BASE + 8*i. */
    public static int[] reading(List<Encoding> registers) {
        if (registers.size() > MAX_REGISTERS) {
            throw new IllegalArgumentException("at most " + MAX_REGISTERS + " registers");
        }
        List<Integer> code = new ArrayList<>();
        code.add(movz(1, (int) MMIO_BASE));
        for (int i = 0; i < registers.size(); i++) {
            code.add(mrs(registers.get(i), 0));
            code.add(str(0, 1, 8 * i));
        }
        code.add(str(31, 1, DONE_OFFSET));
        code.add(BRANCH_SELF);
        return code.stream().mapToInt(Integer::intValue).toArray();
    }
}
