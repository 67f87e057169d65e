package org.cpumodel.kb;

import java.util.List;
import java.util.Optional;

/**
 * A system register: name, encoding, role and its fields from bit 63 down to bit 0, and its position
 * in the knowledge base that defines it ({@code index}, -1 for a register built elsewhere): callers
 * keep per-register answers in arrays indexed by it.
 */
public record Register(String name, Encoding encoding, RegisterClass registerClass, List<Field> fields, String summary, int index) {

    public Register {
        fields = fields instanceof LazyFields ? fields : List.copyOf(fields); // lazy: parsed on first read
        summary = summary == null ? "" : summary;
    }

    /** A register outside any knowledge base (index -1). */
    public Register(String name, Encoding encoding, RegisterClass registerClass, List<Field> fields, String summary) {
        this(name, encoding, registerClass, fields, summary, -1);
    }

    public Optional<Field> field(String fieldName) {
        for (Field f : fields) {
            if (f.kind() == FieldKind.FIELD && f.name().equalsIgnoreCase(fieldName)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The entry of a generated field constant of this register ({@link Sysregs}). */
    public Field field(SysregField field) {
        if (!field.register().equals(name)) {
            throw new IllegalArgumentException(field + " is not a field of " + name);
        }
        return field(field.name()).orElseThrow(() -> new IllegalStateException(
                field + " is generated but not in the knowledge base: rebuild (registers.sysreg changed)"));
    }

    /** Named fields only (no RES0/RES1/RAZ ranges). */
    public List<Field> namedFields() {
        return fields.stream().filter(f -> f.kind() == FieldKind.FIELD).toList();
    }

    public boolean inFeatureIdRange() {
        return encoding.inFeatureIdRange();
    }

    public boolean isUnallocated() {
        return registerClass == RegisterClass.UNALLOCATED;
    }

    /** Bits that are RES0 in this layout. */
    public long res0Mask() {
        long m = 0;
        for (Field f : fields) {
            if (f.kind() == FieldKind.RES0) {
                m |= f.mask();
            }
        }
        return m;
    }
}
