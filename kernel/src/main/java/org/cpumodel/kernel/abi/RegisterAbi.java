package org.cpumodel.kernel.abi;

import java.util.List;

/** One kernel's treatment of one register: its kind, the expected writable mask, pre-checks, and the source. */
public record RegisterAbi(String register, RegisterKind kind, long mask, List<Precheck> prechecks, String source) {

    public RegisterAbi {
        prechecks = List.copyOf(prechecks);
    }

    public boolean has(Precheck p) {
        return prechecks.contains(p);
    }

    public RegisterAbi withMask(long newMask) {
        return new RegisterAbi(register, kind, newMask, prechecks, source);
    }
}
