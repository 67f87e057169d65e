package org.cpumodel.importers;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kernel.abi.InferredMasks;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.Provenance;
import org.cpumodel.uapi.KvmCap;

/**
 * "What if this host ran another kernel": the measured limits are kept, capabilities and masks are
 * re-inferred for the new kernel, and the limit adjustments known to differ between kernels are
 * applied (MPAM hidden from guests since 6.10, NV since 6.15, the host value kept as a fact for the
 * kernel's "accept the host's own value" rule). The result is marked inferred throughout.
 */
public final class KernelWhatIf {

    private static final KernelVersion MPAM_HIDDEN = new KernelVersion(6, 10);

    private KernelWhatIf() {
    }

    public static HostProfile underKernel(HostProfile p, String release) {
        KernelVersion k = KernelVersion.parse(release);
        KernelAbi abi = KernelAbi.of(k);
        List<String> notes = new ArrayList<>(p.notes());
        notes.add("what-if: limits measured under Linux " + p.host().kernelRelease() + ", rules and capabilities of Linux " + release);
        SortedMap<String, String> facts = new TreeMap<>(p.host().facts());
        SortedMap<String, FeatureSetView> sets = new TreeMap<>();
        var kb = KnowledgeBase.load();
        var pfr0 = kb.require("ID_AA64PFR0_EL1");
        var pfr1 = kb.require("ID_AA64PFR1_EL1");
        p.featureSets().forEach((name, v) -> {
            SortedMap<String, Long> regs = new TreeMap<>(v.registers());
            if (k.atLeast(MPAM_HIDDEN)) {
                hide(regs, "ID_AA64PFR0_EL1", pfr0.field("MPAM").orElseThrow(), facts);
                hide(regs, "ID_AA64PFR1_EL1", pfr1.field("MPAM_frac").orElseThrow(), facts);
            }
            var mmfr2 = kb.require("ID_AA64MMFR2_EL1");
            if (abi.register(mmfr2).map(a -> a.has(org.cpumodel.kernel.abi.Precheck.MMFR2_NV_IGNORE)).orElse(false)) {
                // set_id_aa64mmfr2_el1 and the NV-hiding read came together (9d6745572899, 6.15)
                hide(regs, mmfr2.name(), mmfr2.field("NV").orElseThrow(), facts);
            }
            sets.put(name, new FeatureSetView(Provenance.INFERRED, regs, v.ccsidr(), v.regList(), v.sveVectorLengths()));
        });
        boolean aa32 = (p.defaultView().value("ID_AA64PFR0_EL1").orElse(1) & 0xF) == 2;
        var masks = InferredMasks.of(k, new TreeMap<>(), aa32, notes);
        SortedMap<Integer, Long> caps = new TreeMap<>(p.capabilities());
        caps.put(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES, abi.hasMasksIoctl() ? 1L : 0L);
        caps.put(KvmCap.ARM_WRITABLE_IMP_ID_REGS, abi.hasImpIdCap() ? 1L : 0L);
        HostInfo h = new HostInfo(p.host().name() + "@" + k, p.host().cpu(), release, p.host().kvmMode(), p.host().source(), facts);
        return ProfileJson.identify(new HostProfile(null, h, p.partial(), notes, caps, masks, p.gic(), sets));
    }

    private static void hide(SortedMap<String, Long> regs, String reg, org.cpumodel.kb.Field f, SortedMap<String, String> facts) {
        Long v = regs.get(reg);
        if (v != null && f.get(v) != 0) {
            facts.put("sanitised." + reg + "." + f.name(), "0x" + Long.toHexString(f.get(v)));
            regs.put(reg, f.set(v, 0));
        }
    }
}
