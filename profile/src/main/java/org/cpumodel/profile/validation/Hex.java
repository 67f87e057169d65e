package org.cpumodel.profile.validation;

/**
 * The one hex form of cpumodel's documents and command lines: {@code 0x} followed by 1 to 16 ASCII
 * hex digits. Nothing else is a hex value: no {@code 0X}, {@code 0b}, bare digits (is {@code 1234}
 * decimal?), underscores, spaces, signs, NUL, or digits of other scripts (which
 * {@link Character#digit} would accept).
 */
public final class Hex {

    private Hex() {
    }

    /** The value of {@code text}; a {@link NumberFormatException} saying what is wrong otherwise. */
    public static long parse(String text) {
        if (!text.startsWith("0x")) {
            throw new NumberFormatException("'" + printable(text) + "' is not hex: write 0x followed by hex digits, e.g. 0x0000000000001122");
        }
        int n = text.length() - 2;
        if (n == 0) {
            throw new NumberFormatException("'0x' has no hex digits");
        }
        for (int i = 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                throw new NumberFormatException("'" + printable(text) + "' has a character that is not an ASCII hex digit at position " + i);
            }
        }
        if (n > 16) {
            throw new NumberFormatException("'" + printable(text) + "' has " + n + " hex digits, more than a 64-bit value's 16");
        }
        return Long.parseUnsignedLong(text, 2, text.length(), 16);
    }

    /** The text with control and non-ASCII characters escaped, for a one-line message. */
    public static String printable(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && i < 80; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return text.length() > 80 ? b + "..." : b.toString();
    }
}
