package org.cpumodel.kb;

import java.util.HexFormat;

/** Bit helpers shared by every layer: masks, extraction, sign extension, fixed-width hex. */
public final class Bits {

    private Bits() {
    }

    /** Mask of bits lsb..msb inclusive. */
    public static long mask(int msb, int lsb) {
        int width = msb - lsb + 1;
        return width == 64 ? -1L : ((1L << width) - 1) << lsb;
    }

    public static long extract(long reg, int msb, int lsb) {
        return (reg & mask(msb, lsb)) >>> lsb;
    }

    public static long insert(long reg, int msb, int lsb, long value) {
        long m = mask(msb, lsb);
        return (reg & ~m) | ((value << lsb) & m);
    }

    /** Sign-extends the low {@code width} bits of {@code v}. */
    public static long signExtend(long v, int width) {
        if (width >= 64) {
            return v;
        }
        int s = 64 - width;
        return (v << s) >> s;
    }

    /** The first {@code length} (at most 8) bytes of {@code bytes} as a little-endian value (the ONE_REG buffer layout on arm64). */
    public static long littleEndian(byte[] bytes, int length) {
        if (length > 8 || length > bytes.length) {
            throw new IllegalArgumentException("a 64-bit value has at most 8 bytes, and the buffer " + bytes.length + ": " + length);
        }
        long v = 0;
        for (int i = length - 1; i >= 0; i--) {
            v = v << 8 | (bytes[i] & 0xFFL);
        }
        return v;
    }

    /** {@code 0x} and 16 lower-case hex digits (without a Formatter: this writes every value of a profile). */
    public static String hex64(long v) {
        return "0x" + HexFormat.of().toHexDigits(v);
    }

    /** Parses 0x-prefixed hex (or plain hex digits) into 64 bits; rejects more than 16 digits. */
    public static long parseHex(String text) {
        String t = text.trim().replace("_", "");
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 16 || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new NumberFormatException("not a 64-bit hex value: '" + text + "'");
        }
        return Long.parseUnsignedLong(t, 16);
    }
}
