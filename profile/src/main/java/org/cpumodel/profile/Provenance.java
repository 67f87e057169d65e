package org.cpumodel.profile;

/** Whether a part of a profile was read from a host's KVM or filled in from the knowledge base. */
public enum Provenance {
    /** Read from the host's KVM (collect) or from a dump of what KVM showed a guest (Firecracker fingerprint). */
    MEASURED,
    /** Assumed from the knowledge base for that kernel version (or derived from raw silicon values). */
    INFERRED;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
