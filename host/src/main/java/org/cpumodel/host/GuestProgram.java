package org.cpumodel.host;

/**
 * A tiny AArch64 guest, as instruction words, that reads system registers the way a guest kernel
 * does (MRS at EL1) and reports each value with an 8-byte store to an unbacked (MMIO) address:
 * {@code movz x1, #base; (mrs x0, REG_i; str x0, [x1, #8*i])...; str xzr, [x1, #DONE]; b .}.
 * It runs from {@link #CODE_BASE}; the report window at {@link #MMIO_BASE} is not guest memory, so
 * every store exits to userspace as KVM_EXIT_MMIO.
 */
public final class GuestProgram {

    /** Guest-physical address of the program (a 64 KiB region of guest memory, {@link GuestCode}). */
    public static final long CODE_BASE = 0x10000;
    /** Guest-physical base of the report window (not backed by memory: every store exits as MMIO). */
    public static final long MMIO_BASE = 0x1000;
    /** Offset of the final store that says the program is done. */
    public static final int DONE_OFFSET = 0xFF8;
    public static final int MAX_REGISTERS = DONE_OFFSET / 8;

    private GuestProgram() {
    }

    /** {@code MRS Xt, S<op0>_<op1>_C<n>_C<m>_<op2>} for a 16-bit sysreg encoding ({@code op0<<14 | ... | op2}). */
    public static int mrs(int sysregEncoding, int rt) {
        int op0 = sysregEncoding >>> 14 & 3, op1 = sysregEncoding >>> 11 & 7, crn = sysregEncoding >>> 7 & 15,
                crm = sysregEncoding >>> 3 & 15, op2 = sysregEncoding & 7;
        if (op0 < 2 || (sysregEncoding & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("MRS needs a 16-bit encoding with op0 2 or 3: 0x" + Integer.toHexString(sysregEncoding));
        }
        return 0xD530_0000 | (op0 - 2) << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
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

    /** The program for these registers (16-bit encodings), in order: register i is reported at MMIO_BASE + 8*i. */
    public static int[] reading(int... sysregEncodings) {
        if (sysregEncodings.length > MAX_REGISTERS) {
            throw new IllegalArgumentException("at most " + MAX_REGISTERS + " registers");
        }
        int[] code = new int[3 + 2 * sysregEncodings.length];
        int n = 0;
        code[n++] = movz(1, (int) MMIO_BASE);
        for (int i = 0; i < sysregEncodings.length; i++) {
            code[n++] = mrs(sysregEncodings[i], 0);
            code[n++] = str(0, 1, 8 * i);
        }
        code[n++] = str(31, 1, DONE_OFFSET);
        code[n] = BRANCH_SELF;
        return code;
    }
}
