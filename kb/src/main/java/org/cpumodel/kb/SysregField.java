package org.cpumodel.kb;

/**
 * A named bit range of a register, as a typed constant: the generated {@link Sysregs} holds one per
 * field of {@code registers.sysreg} (e.g. {@code Sysregs.ID_AA64PFR0_EL1.EL0}), so code reads and
 * writes fields without writing a shift, a mask or a field name. {@link KnowledgeBase#field} gives the
 * knowledge-base entry of the field (values, FEAT_ names, kernel rules).
 */
public record SysregField(String register, String name, int msb, int lsb, boolean signed) {

    public SysregField {
        if (msb < lsb || lsb < 0 || msb > 63) {
            throw new IllegalArgumentException("bad bit range " + msb + ":" + lsb + " for " + register + "." + name);
        }
    }

    public int shift() {
        return lsb;
    }

    public int width() {
        return msb - lsb + 1;
    }

    /** The field's bits in place. */
    public long mask() {
        return Bits.mask(msb, lsb);
    }

    /** The largest raw value of the field. */
    public long max() {
        return mask() >>> lsb;
    }

    /** The raw (unsigned) field of a register value. */
    public long get(long reg) {
        return (reg & mask()) >>> lsb;
    }

    /** {@code reg} with this field replaced by {@code value} (truncated to the field's width). */
    public long set(long reg, long value) {
        long m = mask();
        return (reg & ~m) | ((value << lsb) & m);
    }

    /** True when the field of {@code reg} is not zero. */
    public boolean isSet(long reg) {
        return (reg & mask()) != 0;
    }

    @Override
    public String toString() {
        return register + "." + name;
    }
}
