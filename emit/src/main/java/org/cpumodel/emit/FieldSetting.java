package org.cpumodel.emit;

import org.cpumodel.kb.Bits;

/** One field value a configuration sets: register, field name as in the Arm ARM and Linux sysreg, bits and value. */
public record FieldSetting(String register, String field, int msb, int lsb, long value) {

    public long mask() {
        return Bits.mask(msb, lsb);
    }

    /** {@code reg} with this field replaced by {@link #value()}. */
    public long applyTo(long reg) {
        return Bits.insert(reg, msb, lsb, value);
    }

    /** True for a field that spans the whole register (REVIDR_EL1, AIDR_EL1: no named fields). */
    public boolean wholeRegister() {
        return msb == 63 && lsb == 0;
    }
}
