package org.cpumodel.profile.validation;

import java.util.List;

/**
 * SVE vector lengths as documents list them, in bits: each a multiple of 128 from 128 to 2048 (the
 * architecture's range: ZCR_ELx.LEN counts 128-bit quadwords in 4 bits, so at most 16 of them; the
 * kernel's KVM_REG_ARM64_SVE_VLS bitmap in arch/arm64/kvm/guest.c set_sve_vls() is indexed by
 * quadword count), strictly increasing.
 */
public final class SveLengths {

    public static final int GRANULE = 128;
    public static final int MAX = 2048;

    private SveLengths() {
    }

    /** Null when the lengths are valid, else what is wrong. */
    public static String problem(List<Integer> lengths) {
        int prev = 0;
        for (int v : lengths) {
            if (v < GRANULE || v > MAX || v % GRANULE != 0) {
                return v + " is not an SVE vector length (a multiple of " + GRANULE + " from " + GRANULE + " to " + MAX + " bits)";
            }
            if (v <= prev) {
                return "lengths must be listed once each, increasing (" + v + " after " + prev + ")";
            }
            prev = v;
        }
        return null;
    }
}
