package org.cpumodel.kb;

/** A named value of a field, e.g. ID_AA64ISAR0_EL1.Atomic 0b0010 = IMP. */
public record FieldValue(long value, String name) {
}
