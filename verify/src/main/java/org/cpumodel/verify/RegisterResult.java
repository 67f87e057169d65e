package org.cpumodel.verify;

/**
 * What happened to one register of the plan: the value written, the value a fresh vCPU had before,
 * the value read back, and for a refusal the errno with the field, rule and explanation.
 */
public record RegisterResult(String register, long id, long wanted, Long before, Long readBack, Status status, String errno,
                             String field, String rule, String explanation) {

    public enum Status {
        /** KVM accepted the value and reads it back. */
        ACCEPTED,
        /** KVM refused the write. */
        REFUSED,
        /** KVM accepted the write but reads back something else. */
        MISMATCH
    }

    public boolean holds() {
        return status == Status.ACCEPTED;
    }
}
