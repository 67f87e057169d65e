package org.cpumodel.importers;

import java.util.List;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.profile.Provenance;

/**
 * Fills the GIC CPU interface an import source did not measure, marking it inferred and saying so
 * in the profile's notes. (Writable masks a source did not measure come from the kernel table:
 * {@link org.cpumodel.kernel.abi.InferredMasks}.)
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

    public static GicCpuInterface inferredGic(List<String> notes) {
        notes.add("GIC CPU interface not measured: ICC_CTLR_EL1 inferred as 0x8c00 (the lab's value); measure the host with 'cpumodel collect'");
        return new GicCpuInterface(Provenance.INFERRED, INFERRED_ICC_CTLR);
    }
}
