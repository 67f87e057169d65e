package org.cpumodel.kernel.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.WritableMasks;

/**
 * The writable masks of a host whose KVM was not asked for them (a kernel without
 * KVM_ARM_GET_REG_WRITABLE_MASKS, an import source that did not record them): what this kernel
 * version's table says KVM reports, marked inferred, and said so in the profile's notes.
 */
public final class InferredMasks {

    private InferredMasks() {
    }

    /** The masks the kernel table gives for every feature-ID register, with measured ones kept. */
    public static WritableMasks of(KernelVersion kernel, SortedMap<String, Long> measured, boolean aarch32El0, List<String> notes) {
        KernelAbi abi = KernelAbi.of(kernel);
        SortedMap<String, Long> values = new TreeMap<>();
        List<String> filled = new ArrayList<>();
        for (Register r : KnowledgeBase.load().featureIdRange()) {
            if (measured.containsKey(r.name())) {
                if (measured.get(r.name()) != 0) {
                    values.put(r.name(), measured.get(r.name()));
                }
                continue;
            }
            long m = abi.reportedMask(r, aarch32El0);
            if (m != 0) {
                values.put(r.name(), m);
                filled.add(r.name());
            }
        }
        if (measured.isEmpty()) {
            notes.add("writable masks inferred from the kernel table for Linux " + abi.release()
                    + (abi.hasMasksIoctl() ? "" : " (this kernel has no KVM_ARM_GET_REG_WRITABLE_MASKS: nothing is writable)"));
        } else if (!filled.isEmpty()) {
            notes.add("writable masks measured for " + measured.size() + " registers; inferred from the kernel table for " + String.join(", ", filled));
        }
        return new WritableMasks(measured.isEmpty() || !filled.isEmpty() ? Provenance.INFERRED : Provenance.MEASURED, values);
    }
}
