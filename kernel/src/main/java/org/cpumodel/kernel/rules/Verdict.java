package org.cpumodel.kernel.rules;

import org.cpumodel.kb.Bits;
import org.cpumodel.uapi.Errno;

/**
 * The answer the kernel would give to one register write, with the reason a person can act on:
 * the register, the deciding field (or "-" for a whole-register rule), the rule, value and limit.
 */
public record Verdict(Errno errno, String register, String field, String rule, long value, long limit, String explanation) {

    public static Verdict accepted(String register, long value, long limit, String explanation) {
        return new Verdict(Errno.OK, register, "-", "accepted", value, limit, explanation);
    }

    public static Verdict rejected(Errno errno, String register, String field, String rule, long value, long limit, String explanation) {
        return new Verdict(errno, register, field, rule, value, limit, explanation);
    }

    public boolean isAccepted() {
        return errno == Errno.OK;
    }

    @Override
    public String toString() {
        return register + (field.equals("-") ? "" : "." + field) + " value " + Bits.hex64(value) + " limit " + Bits.hex64(limit)
                + ": " + (isAccepted() ? "accepted" : errno.name()) + " (" + explanation + ")";
    }
}
