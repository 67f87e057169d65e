package org.cpumodel.profile;

import java.util.SortedMap;
import java.util.TreeMap;

/** KVM_ARM_GET_REG_WRITABLE_MASKS range 0, by register name; a register not listed has mask 0. */
public record WritableMasks(Provenance provenance, SortedMap<String, Long> values) {

    public WritableMasks {
        values = new TreeMap<>(values);
    }

    public long of(String register) {
        return values.getOrDefault(register, 0L);
    }
}
