package org.cpumodel.profile.validation;

/**
 * Numeric map keys in their one written form (decimal, no sign, no leading zero), so that two keys
 * that mean the same number ({@code "165"} and {@code "0165"}) cannot both be present: the second
 * is refused as not canonical instead of silently replacing the first.
 */
public final class Keys {

    private Keys() {
    }

    /** The number a key names, within {@code [min, max]}; a {@link NumberFormatException} with the reason otherwise. */
    public static int decimal(String key, int min, int max) {
        if (key.isEmpty() || key.length() > 9 || !key.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException("'" + Hex.printable(key) + "' is not a decimal number in " + min + ".." + max);
        }
        if (key.length() > 1 && key.charAt(0) == '0') {
            throw new NumberFormatException("'" + key + "' has a leading zero: write it '" + Integer.parseInt(key) + "'");
        }
        int v = Integer.parseInt(key);
        if (v < min || v > max) {
            throw new NumberFormatException(v + " is out of range " + min + ".." + max);
        }
        return v;
    }
}
