package org.cpumodel.kb;

/** What a bit range of a register is. */
public enum FieldKind {
    /** A named architectural field. */
    FIELD,
    /** Reserved, reads as zero. */
    RES0,
    /** Reserved, reads as one. */
    RES1,
    /** Read-as-zero range inside an allocated register. */
    RAZ
}
