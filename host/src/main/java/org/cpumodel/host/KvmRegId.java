package org.cpumodel.host;


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

    public static final long DEMUX_ID_MASK = 0xFF00L;
    public static final long DEMUX_ID_CCSIDR = 0x00L << 8;
    public static final long DEMUX_VAL_MASK = 0xFFL;

    /** KVM_REG_ARM_PSCI_VERSION = KVM_REG_ARM_FW_REG(0). */
    public static final long FW_PSCI_VERSION = fw(0);
    /** KVM_REG_ARM_STD_BMAP = KVM_REG_ARM_FW_FEAT_BMAP_REG(0). */
    public static final long STD_BMAP = firmwareBitmap(0);
    /** KVM_REG_ARM_STD_HYP_BMAP = KVM_REG_ARM_FW_FEAT_BMAP_REG(1). */
    public static final long STD_HYP_BMAP = firmwareBitmap(1);
    /** KVM_REG_ARM_VENDOR_HYP_BMAP = KVM_REG_ARM_FW_FEAT_BMAP_REG(2): vendor hypercalls 0..63. */
    public static final long VENDOR_HYP_BMAP = firmwareBitmap(2);
    /**
     * KVM_REG_ARM_VENDOR_HYP_BMAP_2 = KVM_REG_ARM_FW_FEAT_BMAP_REG(3) = 0x6030000000160003
     * (Linux 6.15+): vendor hypercalls 64..127; bit 0 DISCOVER_IMPL_VER, bit 1 DISCOVER_IMPL_CPUS.
     */
    public static final long VENDOR_HYP_BMAP_2 = firmwareBitmap(3);

    /** Number of entries of KVM_ARM_FEATURE_ID_RANGE (KVM_ARM_FEATURE_ID_RANGE_SIZE). */
    public static final int FEATURE_ID_RANGE_SIZE = 192;

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
        check("op0", op0, 3);
        check("op1", op1, 7);
        check("CRn", crn, 15);
        check("CRm", crm, 15);
        check("op2", op2, 7);
        return ARM64 | SIZE_U64 | COPROC_SYSREG | (long) op0 << 14 | (long) op1 << 11 | (long) crn << 7 | (long) crm << 3 | op2;
    }

    /** The 16-bit {@code op0:op1:CRn:CRm:op2} encoding of a sysreg id (its low 16 bits). */
    public static int sysregEncoding(long sysregId) {
        if (coproc(sysregId) != COPROC_SYSREG) {
            throw new IllegalArgumentException("not a sysreg id: " + hex(sysregId));
        }
        return (int) (sysregId & 0xFFFF);
    }

    /**
     * {@code KVM_ARM_FEATURE_ID_RANGE_IDX(op0, op1, crn, crm, op2)}: index into the array of
     * KVM_ARM_GET_REG_WRITABLE_MASKS. Only meaningful for op0=3, op1 in {0,1,3}, CRn=0, CRm 0..7.
     */
    public static int featureIdRangeIndex(int op0, int op1, int crn, int crm, int op2) {
        int o1 = op1 & 3;
        if (o1 == 3) {
            o1 = 2;
        }
        return o1 << 6 | (crm & 7) << 3 | (op2 & 7);
    }

    /** {@link #featureIdRangeIndex(int, int, int, int, int)} for a sysreg id; -1 if outside the range. */
    public static int featureIdRangeIndex(long sysregId) {
        int e = sysregEncoding(sysregId);
        int op0 = e >>> 14 & 3, op1 = e >>> 11 & 7, crn = e >>> 7 & 15, crm = e >>> 3 & 15, op2 = e & 7;
        if (op0 != 3 || crn != 0 || crm > 7 || !(op1 == 0 || op1 == 1 || op1 == 3)) {
            return -1;
        }
        return featureIdRangeIndex(op0, op1, crn, crm, op2);
    }

    /**
     * The DEMUX id of CCSIDR_EL1 for a CSSELR_EL1 value: {@code 0x6020000000110000 | csselr}
     * (size U32; KVM_GET_ONE_REG returns the 32-bit CCSIDR).
     */
    public static long ccsidr(int csselr) {
        check("CSSELR", csselr, 0xFF);
        return ARM64 | SIZE_U32 | COPROC_DEMUX | DEMUX_ID_CCSIDR | csselr;
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
        return core(Structs.offset(Structs.KVM_REGS_CORE, "regs") + 8L * n, SIZE_U64);
    }

    /** SP_EL0 ({@code regs.sp}). */
    public static final long CORE_SP = core(Structs.offset(Structs.KVM_REGS_CORE, "regs", "sp"), SIZE_U64);
    /** PC ({@code regs.pc}) = 0x6030000000100040. */
    public static final long CORE_PC = core(Structs.offset(Structs.KVM_REGS_CORE, "regs", "pc"), SIZE_U64);
    /** PSTATE ({@code regs.pstate}). */
    public static final long CORE_PSTATE = core(Structs.offset(Structs.KVM_REGS_CORE, "regs", "pstate"), SIZE_U64);
    /** SP_EL1. */
    public static final long CORE_SP_EL1 = core(Structs.offset(Structs.KVM_REGS_CORE, "sp_el1"), SIZE_U64);
    /** ELR_EL1. */
    public static final long CORE_ELR_EL1 = core(Structs.offset(Structs.KVM_REGS_CORE, "elr_el1"), SIZE_U64);

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

    /** {@code 0x603000000013c020}-style lower-case hex with 16 digits. */
    public static String hex(long id) {
        return "0x" + java.util.HexFormat.of().toHexDigits(id);
    }

    private static void check(String what, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " out of range 0.." + max + ": " + v);
        }
    }
}
