package org.cpumodel.uapi;

import java.util.HexFormat;

/**
 * Pure arithmetic on arm64 ONE_REG register ids ({@code KVM_GET_ONE_REG} / {@code KVM_SET_ONE_REG}
 * / {@code KVM_GET_REG_LIST}), following {@code include/uapi/linux/kvm.h} and
 * {@code arch/arm64/include/uapi/asm/kvm.h}. No register names beyond the ABI's own.
 *
 * <p>Id layout: arch in bits 56..63 ({@code 0x60} = arm64), size in bits 52..55 (the register is
 * {@code 1 << field} bytes), coprocessor group in bits 16..27, group-specific index below.
 */
public final class KvmRegId {

    private KvmRegId() {
    }

    public static final long ARM64 = 0x6000_0000_0000_0000L;
    public static final long ARCH_MASK = 0xFF00_0000_0000_0000L;

    public static final int SIZE_SHIFT = 52;
    public static final long SIZE_MASK = 0x00F0_0000_0000_0000L;
    public static final long SIZE_U8 = 0x0000_0000_0000_0000L;
    public static final long SIZE_U16 = 0x0010_0000_0000_0000L;
    public static final long SIZE_U32 = 0x0020_0000_0000_0000L;
    public static final long SIZE_U64 = 0x0030_0000_0000_0000L;
    public static final long SIZE_U128 = 0x0040_0000_0000_0000L;
    public static final long SIZE_U256 = 0x0050_0000_0000_0000L;
    public static final long SIZE_U512 = 0x0060_0000_0000_0000L;
    public static final long SIZE_U1024 = 0x0070_0000_0000_0000L;
    public static final long SIZE_U2048 = 0x0080_0000_0000_0000L;

    public static final int COPROC_SHIFT = 16;
    public static final long COPROC_MASK = 0x0000_0000_0FFF_0000L;
    /** KVM_REG_ARM_CORE: fields of struct kvm_regs, index = offset in 32-bit words. */
    public static final long COPROC_CORE = 0x0010L << COPROC_SHIFT;
    /** KVM_REG_ARM_DEMUX: multiplexed registers (CCSIDR_EL1 per CSSELR value). */
    public static final long COPROC_DEMUX = 0x0011L << COPROC_SHIFT;
    /** KVM_REG_ARM64_SYSREG: system registers by (op0, op1, CRn, CRm, op2). */
    public static final long COPROC_SYSREG = 0x0013L << COPROC_SHIFT;
    /** KVM_REG_ARM_FW: firmware pseudo-registers (PSCI version, SMCCC workarounds). */
    public static final long COPROC_FW = 0x0014L << COPROC_SHIFT;
    /** KVM_REG_ARM64_SVE. */
    public static final long COPROC_SVE = 0x0015L << COPROC_SHIFT;
    /** KVM_REG_ARM_FW_FEAT_BMAP: hypercall service bitmaps. */
    public static final long COPROC_FW_FEAT_BMAP = 0x0016L << COPROC_SHIFT;

    /** The id bits above a sysreg's 16-bit encoding: KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG. */
    public static final long SYSREG_BASE = ARM64 | SIZE_U64 | COPROC_SYSREG;
    /** The 16 encoding bits of a sysreg id ({@code KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK} has the same value). */
    public static final long SYSREG_ENCODING_MASK = 0xFFFFL;

    public static final long DEMUX_ID_MASK = 0xFF00L;
    public static final long DEMUX_ID_CCSIDR = 0x00L << 8;
    public static final long DEMUX_VAL_MASK = 0xFFL;

    /** Number of entries of KVM_ARM_FEATURE_ID_RANGE (KVM_ARM_FEATURE_ID_RANGE_SIZE = 3 * 8 * 8). */
    public static final int FEATURE_ID_RANGE_SIZE = 192;
    /** KVM_ARM_FEATURE_ID_RANGE: the only range of KVM_ARM_GET_REG_WRITABLE_MASKS so far. */
    public static final int FEATURE_ID_RANGE = 0;

    // ---- struct kvm_regs (arm64): byte offsets of the members core register ids are made from ----

    /** {@code offsetof(struct kvm_regs, regs.regs[0])}: x0; x1..x30 follow, 8 bytes each. */
    static final int KVM_REGS_X0 = 0;
    /** {@code regs.sp} (SP_EL0), {@code regs.pc}, {@code regs.pstate}: after the 31 x registers. */
    static final int KVM_REGS_SP = 248;
    static final int KVM_REGS_PC = 256;
    static final int KVM_REGS_PSTATE = 264;
    /** {@code sp_el1}, {@code elr_el1}, then {@code spsr[5]}. */
    static final int KVM_REGS_SP_EL1 = 272;
    static final int KVM_REGS_ELR_EL1 = 280;
    /** {@code fp_regs.vregs[0]}: 16-byte aligned after spsr[5] (288 + 40 = 328, rounded up); 32 x 16 bytes. */
    static final int KVM_REGS_VREGS = 336;
    /** {@code fp_regs.fpsr} and {@code fp_regs.fpcr} (u32 each) after the 32 V registers. */
    static final int KVM_REGS_FPSR = 848;
    static final int KVM_REGS_FPCR = 852;

    /** General-purpose registers, PC, PSTATE, SP_EL0, SP_EL1, ELR_EL1 as ONE_REG ids. */
    public static final long CORE_SP = core(KVM_REGS_SP, SIZE_U64);
    /** PC ({@code regs.pc}) = 0x6030000000100040. */
    public static final long CORE_PC = core(KVM_REGS_PC, SIZE_U64);
    public static final long CORE_PSTATE = core(KVM_REGS_PSTATE, SIZE_U64);
    public static final long CORE_SP_EL1 = core(KVM_REGS_SP_EL1, SIZE_U64);
    public static final long CORE_ELR_EL1 = core(KVM_REGS_ELR_EL1, SIZE_U64);
    /** FPSR and FPCR ({@code fp_regs.fpsr}, {@code fp_regs.fpcr}), 32-bit. */
    public static final long CORE_FPSR = core(KVM_REGS_FPSR, SIZE_U32);
    public static final long CORE_FPCR = core(KVM_REGS_FPCR, SIZE_U32);

    // ---- firmware pseudo-registers ----

    /** KVM_REG_ARM_PSCI_VERSION = KVM_REG_ARM_FW_REG(0). */
    public static final long FW_PSCI_VERSION = fw(0);
    /** KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1..3 = KVM_REG_ARM_FW_REG(1..3). */
    public static final long FW_SMCCC_ARCH_WORKAROUND_1 = fw(1);
    public static final long FW_SMCCC_ARCH_WORKAROUND_2 = fw(2);
    public static final long FW_SMCCC_ARCH_WORKAROUND_3 = fw(3);
    /** KVM_REG_ARM_STD_BMAP = KVM_REG_ARM_FW_FEAT_BMAP_REG(0). */
    public static final long STD_BMAP = firmwareBitmap(0);
    /** KVM_REG_ARM_STD_HYP_BMAP = KVM_REG_ARM_FW_FEAT_BMAP_REG(1). */
    public static final long STD_HYP_BMAP = firmwareBitmap(1);
    /** KVM_REG_ARM_VENDOR_HYP_BMAP = KVM_REG_ARM_FW_FEAT_BMAP_REG(2): vendor hypercalls 0..63. */
    public static final long VENDOR_HYP_BMAP = firmwareBitmap(2);
    /**
     * KVM_REG_ARM_VENDOR_HYP_BMAP_2 = KVM_REG_ARM_FW_FEAT_BMAP_REG(3) = 0x6030000000160003
     * (Linux 6.15+): vendor hypercalls 64..127, all clear by default.
     */
    public static final long VENDOR_HYP_BMAP_2 = firmwareBitmap(3);
    /** KVM_REG_ARM_VENDOR_HYP_BIT_DISCOVER_IMPL_VER (bit 0 of VENDOR_HYP_BMAP_2). */
    public static final long VENDOR_HYP_BMAP_2_DISCOVER_IMPL_VER = 1L << 0;
    /** KVM_REG_ARM_VENDOR_HYP_BIT_DISCOVER_IMPL_CPUS (bit 1 of VENDOR_HYP_BMAP_2). */
    public static final long VENDOR_HYP_BMAP_2_DISCOVER_IMPL_CPUS = 1L << 1;

    // ---- timers: sysreg ids, with the ABI's swap of CVAL and CNT for the virtual timer ----

    /** KVM_REG_ARM_TIMER_CTL = ARM64_SYS_REG(3, 3, 14, 3, 1) (CNTV_CTL_EL0). */
    public static final long TIMER_CTL = sysreg(3, 3, 14, 3, 1);
    /** KVM_REG_ARM_TIMER_CVAL = ARM64_SYS_REG(3, 3, 14, 0, 2): the encoding of CNTVCT_EL0 (kept swapped for ABI). */
    public static final long TIMER_CVAL = sysreg(3, 3, 14, 0, 2);
    /** KVM_REG_ARM_TIMER_CNT = ARM64_SYS_REG(3, 3, 14, 3, 2): the encoding of CNTV_CVAL_EL0 (kept swapped for ABI). */
    public static final long TIMER_CNT = sysreg(3, 3, 14, 3, 2);
    /** KVM_REG_ARM_PTIMER_CTL = ARM64_SYS_REG(3, 3, 14, 2, 1) (CNTP_CTL_EL0). */
    public static final long PTIMER_CTL = sysreg(3, 3, 14, 2, 1);
    /** KVM_REG_ARM_PTIMER_CVAL = ARM64_SYS_REG(3, 3, 14, 2, 2) (CNTP_CVAL_EL0). */
    public static final long PTIMER_CVAL = sysreg(3, 3, 14, 2, 2);
    /** KVM_REG_ARM_PTIMER_CNT = ARM64_SYS_REG(3, 3, 14, 0, 1) (CNTPCT_EL0). */
    public static final long PTIMER_CNT = sysreg(3, 3, 14, 0, 1);

    // ---- SVE ----

    /** KVM_REG_ARM64_SVE_ZREG_BASE, _PREG_BASE, _FFR_BASE: blocks within the SVE group. */
    public static final long SVE_ZREG_BASE = 0;
    public static final long SVE_PREG_BASE = 0x400;
    public static final long SVE_FFR_BASE = 0x600;
    /** KVM_ARM64_SVE_MAX_SLICES. */
    public static final int SVE_MAX_SLICES = 32;
    /**
     * KVM_REG_ARM64_SVE_VLS = 0x606000000015ffff: 512-bit bitmap, bit vq-1 set when a vector length
     * of vq*128 bits is offered; written before KVM_ARM_VCPU_FINALIZE to choose the lengths.
     */
    public static final long SVE_VLS = ARM64 | COPROC_SVE | SIZE_U512 | 0xFFFF;

    /** Size field (bits 52..55) of an id. */
    public static int sizeField(long id) {
        return (int) ((id & SIZE_MASK) >>> SIZE_SHIFT);
    }

    /** Size of the register in bytes ({@code KVM_REG_SIZE(id)}). */
    public static int sizeBytes(long id) {
        return 1 << sizeField(id);
    }

    /** The coprocessor group bits (already shifted in place), e.g. {@link #COPROC_SYSREG}. */
    public static long coproc(long id) {
        return id & COPROC_MASK;
    }

    /** True if the arch bits say arm64. */
    public static boolean isArm64(long id) {
        return (id & ARCH_MASK) == ARM64;
    }

    /** {@code ARM64_SYS_REG(op0, op1, crn, crm, op2)}: a 64-bit system register id. */
    public static long sysreg(int op0, int op1, int crn, int crm, int op2) {
        return SYSREG_BASE | sysregEncoding(op0, op1, crn, crm, op2);
    }

    /** The 16-bit {@code op0<<14 | op1<<11 | CRn<<7 | CRm<<3 | op2} encoding, checking each part's range. */
    public static int sysregEncoding(int op0, int op1, int crn, int crm, int op2) {
        check("op0", op0, 3);
        check("op1", op1, 7);
        check("CRn", crn, 15);
        check("CRm", crm, 15);
        check("op2", op2, 7);
        return op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
    }

    /** The sysreg id of a 16-bit encoding ({@link #sysregEncoding(int, int, int, int, int)}). */
    public static long sysreg(int encoding) {
        if ((encoding & ~SYSREG_ENCODING_MASK) != 0) {
            throw new IllegalArgumentException("not a 16-bit sysreg encoding: 0x" + Integer.toHexString(encoding));
        }
        return SYSREG_BASE | encoding;
    }

    /** True for a 64-bit arm64 sysreg id (nothing set outside {@link #SYSREG_BASE} and the encoding). */
    public static boolean isSysreg(long id) {
        return (id & ~SYSREG_ENCODING_MASK) == SYSREG_BASE;
    }

    /** The 16-bit {@code op0:op1:CRn:CRm:op2} encoding of a sysreg id (its low 16 bits). */
    public static int sysregEncoding(long sysregId) {
        if (coproc(sysregId) != COPROC_SYSREG) {
            throw new IllegalArgumentException("not a sysreg id: " + hex(sysregId));
        }
        return (int) (sysregId & SYSREG_ENCODING_MASK);
    }

    /**
     * {@code KVM_ARM_FEATURE_ID_RANGE_IDX(op0, op1, crn, crm, op2)}: index into the array of
     * KVM_ARM_GET_REG_WRITABLE_MASKS. Only meaningful for op0=3, op1 in {0,1,3}, CRn=0, CRm 0..7;
     * like the macro, op0 and CRn are ignored.
     */
    public static int featureIdRangeIndex(int op0, int op1, int crn, int crm, int op2) {
        int o1 = op1 & 3;
        if (o1 == 3) {
            o1 = 2;
        }
        return o1 << 6 | (crm & 7) << 3 | (op2 & 7);
    }

    /** True for op0=3, op1 in {0,1,3}, CRn=0, CRm 0..7: the range KVM_ARM_GET_REG_WRITABLE_MASKS describes. */
    public static boolean inFeatureIdRange(int op0, int op1, int crn, int crm) {
        return op0 == 3 && (op1 == 0 || op1 == 1 || op1 == 3) && crn == 0 && crm <= 7;
    }

    /** {@link #featureIdRangeIndex(int, int, int, int, int)} for a sysreg id; -1 if outside the range. */
    public static int featureIdRangeIndex(long sysregId) {
        int e = sysregEncoding(sysregId);
        int op0 = e >>> 14 & 3, op1 = e >>> 11 & 7, crn = e >>> 7 & 15, crm = e >>> 3 & 15, op2 = e & 7;
        if (!inFeatureIdRange(op0, op1, crn, crm)) {
            return -1;
        }
        return featureIdRangeIndex(op0, op1, crn, crm, op2);
    }

    /** The sysreg id at a KVM_ARM_FEATURE_ID_RANGE index (0..191): the inverse of {@link #featureIdRangeIndex(long)}. */
    public static long fromFeatureIdRangeIndex(int index) {
        if (index < 0 || index >= FEATURE_ID_RANGE_SIZE) {
            throw new IllegalArgumentException("feature-ID range index out of range 0.." + (FEATURE_ID_RANGE_SIZE - 1) + ": " + index);
        }
        int o = index >> 6;
        return sysreg(3, o == 2 ? 3 : o, 0, index >> 3 & 7, index & 7);
    }

    /**
     * The DEMUX id of CCSIDR_EL1 for a CSSELR_EL1 value: {@code 0x6020000000110000 | csselr}
     * (size U32; KVM_GET_ONE_REG returns the 32-bit CCSIDR).
     */
    public static long ccsidr(int csselr) {
        check("CSSELR", csselr, 0xFF);
        return ARM64 | SIZE_U32 | COPROC_DEMUX | DEMUX_ID_CCSIDR | csselr;
    }

    /** True for a DEMUX CCSIDR id; its CSSELR value is {@code id & DEMUX_VAL_MASK}. */
    public static boolean isCcsidr(long id) {
        return (id & ~DEMUX_VAL_MASK) == (ARM64 | SIZE_U32 | COPROC_DEMUX | DEMUX_ID_CCSIDR);
    }

    /**
     * {@code KVM_REG_ARM64 | size | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(field)}: a core register
     * id from the byte offset of its field in struct kvm_regs.
     */
    public static long core(long byteOffset, long size) {
        if (byteOffset < 0 || byteOffset % 4 != 0) {
            throw new IllegalArgumentException("core register offset must be a multiple of 4: " + byteOffset);
        }
        return ARM64 | size | COPROC_CORE | byteOffset / 4;
    }

    /** General-purpose register x0..x30 ({@code regs.regs[n]}). */
    public static long coreX(int n) {
        check("x register", n, 30);
        return core(KVM_REGS_X0 + 8L * n, SIZE_U64);
    }

    /** FP/SIMD register V0..V31 ({@code fp_regs.vregs[n]}, 128-bit). */
    public static long coreV(int n) {
        check("V register", n, 31);
        return core(KVM_REGS_VREGS + 16L * n, SIZE_U128);
    }

    /** {@code KVM_REG_ARM_FW_REG(r)}. */
    public static long fw(int r) {
        check("firmware register", r, 0xFFFF);
        return ARM64 | SIZE_U64 | COPROC_FW | r;
    }

    /** {@code KVM_REG_ARM_FW_FEAT_BMAP_REG(r)}. */
    public static long firmwareBitmap(int r) {
        check("firmware bitmap", r, 0xFFFF);
        return ARM64 | SIZE_U64 | COPROC_FW_FEAT_BMAP | r;
    }

    /** {@code KVM_REG_ARM64_SVE_ZREG(n, i)}: slice i of Z register n (2048-bit). */
    public static long sveZreg(int n, int slice) {
        check("Z register", n, 31);
        check("SVE slice", slice, SVE_MAX_SLICES - 1);
        return ARM64 | COPROC_SVE | SVE_ZREG_BASE | SIZE_U2048 | (long) n << 5 | slice;
    }

    /** {@code KVM_REG_ARM64_SVE_PREG(n, i)}: slice i of predicate register n (256-bit). */
    public static long svePreg(int n, int slice) {
        check("P register", n, 15);
        check("SVE slice", slice, SVE_MAX_SLICES - 1);
        return ARM64 | COPROC_SVE | SVE_PREG_BASE | SIZE_U256 | (long) n << 5 | slice;
    }

    /** {@code KVM_REG_ARM64_SVE_FFR(i)}: slice i of the first-fault register (256-bit). */
    public static long sveFfr(int slice) {
        check("SVE slice", slice, SVE_MAX_SLICES - 1);
        return ARM64 | COPROC_SVE | SVE_FFR_BASE | SIZE_U256 | slice;
    }

    /** {@code 0x603000000013c020}-style lower-case hex with 16 digits. */
    public static String hex(long id) {
        return "0x" + HexFormat.of().toHexDigits(id);
    }

    private static void check(String what, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " out of range 0.." + max + ": " + v);
        }
    }
}
