package org.cpumodel.importers;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.WritableMasks;

/**
 * Fills what an import source did not measure from the knowledge base for the host's kernel
 * version, marking it inferred and saying so in the profile's notes.
 */
public final class ProfileCompletion {

    /**
     * ICC_CTLR_EL1 as the emulated lab's hosts report it (PRIbits 4, IDbits 1, SEIS 0, A3V 1:
     * emulated-lab.md, "Facts about the lab hosts"): the only GIC CPU interface value measured here,
     * used when a source records none. Measure the real host to replace it.
     */
    public static final long INFERRED_ICC_CTLR = 0x8c00L;

    private ProfileCompletion() {
    }

    /** The masks the kernel table gives for every feature-ID register, with measured ones kept. */
    public static WritableMasks masks(KernelVersion kernel, SortedMap<String, Long> measured, boolean aarch32El0, List<String> notes) {
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

    public static GicCpuInterface inferredGic(List<String> notes) {
        notes.add("GIC CPU interface not measured: ICC_CTLR_EL1 inferred as 0x8c00 (the lab's value); measure the host with 'cpumodel collect'");
        return new GicCpuInterface(Provenance.INFERRED, INFERRED_ICC_CTLR);
    }
}
