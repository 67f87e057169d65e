package org.cpumodel.kernel.abi;

/** How a kernel handles KVM_SET_ONE_REG on a register (see kernel-abi.txt for the meaning of each). */
public enum RegisterKind {
    LEGACY_INVARIANT("legacy-invariant"),
    LEGACY_PFR0("legacy-pfr0"),
    ID("id"),
    AA32("aa32"),
    RAZ("raz"),
    IMPID("impid"),
    FREE("free"),
    CLIDR("clidr"),
    CTR("ctr");

    private final String id;

    RegisterKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static RegisterKind parse(String s) {
        for (RegisterKind k : values()) {
            if (k.id.equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown register kind '" + s + "'");
    }

    /** Kinds that go through the generic set_id_reg path (arm64_check_features, EBUSY after first run). */
    public boolean generic() {
        return this == ID || this == AA32 || this == RAZ || this == CTR;
    }
}
