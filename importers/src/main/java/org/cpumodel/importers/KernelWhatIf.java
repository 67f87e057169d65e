package org.cpumodel.importers;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.ID_AA64PFR1_EL1;
import org.cpumodel.kernel.abi.AbiFlag;
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
 * applied (MPAM hidden from guests since 6.10, the host value kept as a fact for the MPAM write
 * compatibility rule). The result is marked inferred throughout.
 */
public final class KernelWhatIf {

    private KernelWhatIf() {
    }

    public static HostProfile underKernel(HostProfile p, String release) {
        return ProfileJson.identify(reshaped(p, release));
    }

    /**
     * {@link #underKernel} without the content id (the caller changes the profile further and
     * identifies the final one: hashing a document that is thrown away costs as much as building it).
     */
    public static HostProfile reshaped(HostProfile p, String release) {
        KernelVersion k = KernelVersion.parse(release);
        KernelAbi abi = KernelAbi.of(k);
        List<String> notes = new ArrayList<>(p.notes());
        notes.add("what-if: limits measured under Linux " + p.host().kernelRelease() + ", rules and capabilities of Linux " + release);
        SortedMap<String, String> facts = new TreeMap<>(p.host().facts());
        SortedMap<String, FeatureSetView> sets = new TreeMap<>();
        p.featureSets().forEach((name, v) -> {
            SortedMap<String, Long> regs = new TreeMap<>(v.registers());
            if (abi.flag(AbiFlag.LIMIT_HIDES_MPAM)) {
                hideMpam(regs, ID_AA64PFR0_EL1.MPAM, facts);
                hideMpam(regs, ID_AA64PFR1_EL1.MPAM_frac, facts);
            }
            if (abi.flag(AbiFlag.LIMIT_HIDES_NV)) {
                hideMpam(regs, org.cpumodel.kb.Sysregs.ID_AA64MMFR2_EL1.NV, facts);
            }
            sets.put(name, new FeatureSetView(Provenance.INFERRED, regs, v.ccsidr(), v.regList(), v.sveVectorLengths()));
        });
        boolean aa32 = p.defaultView().hasAArch32El0();
        var masks = InferredMasks.of(k, new TreeMap<>(), aa32, notes);
        SortedMap<Integer, Long> caps = new TreeMap<>(p.capabilities());
        caps.put(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES, abi.hasMasksIoctl() ? 1L : 0L);
        caps.put(KvmCap.ARM_WRITABLE_IMP_ID_REGS, abi.hasImpIdCap() ? 1L : 0L);
        HostInfo h = new HostInfo(p.host().name() + "@" + k, p.host().cpu(), release, p.host().kvmMode(), p.host().source(), facts);
        return new HostProfile(null, h, p.partial(), notes, caps, masks, p.gic(), sets);
    }

    private static void hideMpam(SortedMap<String, Long> regs, SysregField f, SortedMap<String, String> facts) {
        String reg = f.register();
        Long v = regs.get(reg);
        if (v != null && f.get(v) != 0) {
            facts.put("sanitised." + reg + "." + f.name(), "0x" + Long.toHexString(f.get(v)));
            regs.put(reg, f.set(v, 0));
        }
    }
}
