package org.cpumodel.kb;

/** What role a register plays for migration. */
public enum RegisterClass {
    /** A feature ID register of the KVM_ARM_FEATURE_ID_RANGE (op0=3, op1 0/1/3, CRn=0). */
    FEATURE_ID,
    /** An unallocated encoding of the feature-ID range (RAZ for KVM). */
    UNALLOCATED,
    /** MIDR_EL1, REVIDR_EL1, AIDR_EL1: the CPU identity (writable with capability 239). */
    IMPLEMENTATION_ID,
    /** CTR_EL0, CLIDR_EL1, CCSIDR_EL1, CCSIDR2_EL1, CSSELR_EL1, DCZID_EL0, GMID_EL1: cache and block geometry. */
    CACHE,
    /** MPIDR_EL1 and other per-vCPU identity registers. */
    VCPU,
    /** GIC CPU interface registers (ICC_*, ICH_*), reached through the vGIC device. */
    GIC,
    /** Anything else the knowledge base describes (PMCR_EL0, fine-grained trap registers, ...). */
    OTHER
}
