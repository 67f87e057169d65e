package org.cpumodel.collect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SequencedSet;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.cpumodel.importers.ProfileCompletion;
import org.cpumodel.kb.Encoding;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.profile.CpuParts;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.profile.WritableMasks;
import org.cpumodel.uapi.KvmRegId;

/**
 * Measures this host's KVM into a {@link HostProfile}: for each feature set the host offers, a fresh
 * VM and vCPU 0 whose feature-ID registers, CCSIDRs, register list and SVE vector lengths are read;
 * the writable masks (when the kernel has the ioctl, else inferred from the kernel table and the
 * profile marked partial); ICC_CTLR_EL1 through a vGICv3; capabilities and identity facts.
 */
public final class HostCollector {

    /** KVM_CAP_ARM_PMU_V3, _SVE, _PTRAUTH_ADDRESS, _PTRAUTH_GENERIC, _MTE, VM_IPA_SIZE, 230, 239, 240, 241 (uapi kvm.h of 6.12). */
    public static final int CAP_PMU_V3 = 126;
    public static final int CAP_VM_IPA_SIZE = 165;
    public static final int CAP_SVE = 170;
    public static final int CAP_PTRAUTH_ADDRESS = 171;
    public static final int CAP_PTRAUTH_GENERIC = 172;
    public static final int CAP_MTE = 205;
    public static final int CAP_REG_MASK_RANGES = 230;
    public static final int CAP_WRITABLE_IMP_ID_REGS = 239;
    public static final int CAP_EL2 = 240;
    public static final int CAP_EL2_E2H0 = 241;

    /** The capabilities a profile records. */
    public static final List<Integer> CAPABILITIES = List.of(CAP_PMU_V3, CAP_VM_IPA_SIZE, CAP_SVE, CAP_PTRAUTH_ADDRESS,
            CAP_PTRAUTH_GENERIC, CAP_MTE, CAP_REG_MASK_RANGES, CAP_WRITABLE_IMP_ID_REGS, CAP_EL2, CAP_EL2_E2H0);

    /** KVM_REG_ARM64_SVE_VLS: 512-bit bitmap, bit vq-1 set when a vector length of vq*128 bits is offered. */
    public static final long SVE_VLS_ID = 0x6060_0000_0015_ffffL;
    /** CSSELR_EL1 values probed for CCSIDR_EL1 (Level 1..7 x InD, the architectural range). */
    public static final int CSSELR_MAX = 13;

    private static final long MPIDR_ID = 0x6030_0000_0013_c005L;

    /** The result: the profile and the requested feature sets this host does not offer. */
    public record Result(HostProfile profile, List<String> skipped) {
    }

    private final KvmProbe kvm;
    private final HostFiles files;
    private final Consumer<String> progress;
    private final LongSupplier nanoTime;

    public HostCollector(KvmProbe kvm, HostFiles files, Consumer<String> progress) {
        this(kvm, files, progress, System::nanoTime);
    }

    HostCollector(KvmProbe kvm, HostFiles files, Consumer<String> progress, LongSupplier nanoTime) {
        this.kvm = kvm;
        this.files = files;
        this.progress = progress;
        this.nanoTime = nanoTime;
    }

    /** Parses {@code default,pmu,sve} (and combinations like {@code pmu+sve}); default is always added first. */
    public static List<FeatureSet> parseFeatureSets(String list) {
        SequencedSet<FeatureSet> out = new LinkedHashSet<>();
        out.add(FeatureSet.DEFAULT);
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                out.add(FeatureSet.parse(part.strip().replace(' ', '+')));
            }
        }
        return List.copyOf(out);
    }

    /** Why the host does not offer {@code fs}, or null when it does. */
    public String missing(FeatureSet fs, SortedMap<Integer, Long> caps) {
        List<String> why = new ArrayList<>();
        for (VcpuFeature f : fs.features()) {
            switch (f) {
                case PMU -> need(caps, CAP_PMU_V3, "KVM_CAP_ARM_PMU_V3", why);
                case SVE -> need(caps, CAP_SVE, "KVM_CAP_ARM_SVE", why);
                case PTRAUTH -> {
                    need(caps, CAP_PTRAUTH_ADDRESS, "KVM_CAP_ARM_PTRAUTH_ADDRESS", why);
                    need(caps, CAP_PTRAUTH_GENERIC, "KVM_CAP_ARM_PTRAUTH_GENERIC", why);
                }
                case EL2 -> need(caps, CAP_EL2, "KVM_CAP_ARM_EL2 (boot the host with kvm-arm.mode=nested)", why);
            }
        }
        return why.isEmpty() ? null : "no " + String.join(", no ", why);
    }

    private static void need(SortedMap<Integer, Long> caps, int cap, String name, List<String> why) {
        if (caps.getOrDefault(cap, 0L) == 0) {
            why.add(name + " (" + cap + ")");
        }
    }

    /** Collects the given feature sets ("default" is always collected); {@code name} null means the hostname. */
    public Result collect(List<FeatureSet> requested, String name) {
        long t0 = nanoTime.getAsLong();
        String release = files.osRelease().orElseGet(() -> System.getProperty("os.version"));
        KernelVersion kernel;
        try {
            kernel = KernelVersion.parse(release);
        } catch (IllegalArgumentException e) {
            throw new CollectException("cannot tell the kernel version from /proc/sys/kernel/osrelease: " + e.getMessage());
        }
        SortedMap<Integer, Long> caps = new TreeMap<>();
        for (int cap : CAPABILITIES) {
            caps.put(cap, kvm.checkExtension(cap));
        }
        List<String> notes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        // KVM is read by encoding and the knowledge base names the registers at the end, so parsing it
        // (started early on another thread by the command) stays off the path of the ioctls
        SortedMap<String, RawView> raw = new TreeMap<>();
        long[] rawMasks = null;
        GicCpuInterface gic = null;
        boolean partial = false;
        SequencedSet<FeatureSet> todo = new LinkedHashSet<>();
        todo.add(FeatureSet.DEFAULT);
        todo.addAll(requested);
        for (FeatureSet fs : todo) {
            String why = missing(fs, caps);
            if (why != null) {
                skipped.add(fs.name() + ": " + why);
                progress.accept("collect: feature set " + fs.name() + " skipped: this host offers " + why);
                continue;
            }
            long t = nanoTime.getAsLong();
            try (KvmProbe.Vm vm = kvm.createVm()) {
                RawView view;
                long mpidr;
                try (KvmProbe.Vcpu vcpu = vm.createVcpu(0, fs)) {
                    view = readRaw(vcpu, fs);
                    mpidr = vcpu.getOneReg(MPIDR_ID).orElse(0x8000_0000L);
                }
                raw.put(fs.name(), view);
                if (fs.equals(FeatureSet.DEFAULT)) {
                    if ((caps.get(CAP_REG_MASK_RANGES) & 1) != 0) {
                        rawMasks = vm.writableMasks();
                    }
                    OptionalLong ctlr = vm.iccCtlr(mpidr);
                    if (ctlr.isPresent()) {
                        gic = new GicCpuInterface(Provenance.MEASURED, ctlr.getAsLong());
                    } else {
                        notes.add("no vGICv3 on this host: GIC CPU interface not recorded");
                    }
                }
            } catch (RuntimeException e) {
                throw new CollectException("feature set " + fs.name() + ": " + e.getMessage(), e);
            }
            progress.accept("collect: feature set " + fs.name() + " ... " + seconds(nanoTime.getAsLong() - t) + " s");
        }
        KnowledgeBase kb = KnowledgeBase.load();
        SortedMap<String, FeatureSetView> sets = new TreeMap<>();
        raw.forEach((set, view) -> sets.put(set, view.named(kb)));
        WritableMasks masks = rawMasks == null ? null : measuredMasks(kb, rawMasks);
        FeatureSetView def = sets.get(FeatureSet.DEFAULT.name());
        boolean aa32 = (def.value("ID_AA64PFR0_EL1").orElse(1) & 0xF) == 2;
        if (masks == null) {
            partial = true;
            notes.add("this kernel (" + release + ") has no KVM_ARM_GET_REG_WRITABLE_MASKS (capability 230): writable masks inferred from the kernel table, profile partial");
            masks = ProfileCompletion.masks(kernel, new TreeMap<>(), aa32, notes);
        }
        long midr = def.value("MIDR_EL1").orElse(0);
        SortedMap<String, String> facts = files.facts();
        facts.put("midr", CpuParts.describe(midr));
        String cpu = CpuParts.name(midr).toLowerCase(Locale.ROOT);
        HostInfo host = new HostInfo(name != null ? name : files.hostname().orElse(cpu),
                cpu, release, files.kvmMode(), "collect", facts);
        // not identified here: ProfileJson.document (or identify) hashes it once, when it is final
        HostProfile p = new HostProfile(null, host, partial, notes, caps, masks, gic, sets);
        progress.accept("collect: " + sets.size() + " feature set(s) in " + seconds(nanoTime.getAsLong() - t0) + " s");
        return new Result(p, List.copyOf(skipped));
    }

    /**
     * Nanoseconds as seconds with one decimal ("0.7"), without {@code String.format}: the formatter's
     * locale data alone costs a noticeable part of collect's start where the JVM runs emulated.
     */
    static String seconds(long nanos) {
        long tenths = (nanos + 50_000_000L) / 100_000_000L;
        return tenths / 10 + "." + tenths % 10;
    }

    /** What a feature set's vCPU read: the feature-ID range by index (null = absent), before naming. */
    private record RawView(Long[] idRange, SortedMap<Integer, Long> ccsidr, List<Long> regList, List<Integer> vls) {

        FeatureSetView named(KnowledgeBase kb) {
            SortedMap<String, Long> regs = new TreeMap<>();
            for (Register r : kb.featureIdRange()) {
                regs.put(r.name(), idRange[r.encoding().featureIdRangeIndex()]);
            }
            return new FeatureSetView(Provenance.MEASURED, regs, ccsidr, regList, vls);
        }
    }

    private static RawView readRaw(KvmProbe.Vcpu vcpu, FeatureSet fs) {
        Long[] idRange = new Long[KvmRegId.FEATURE_ID_RANGE_SIZE];
        for (int i = 0; i < idRange.length; i++) {
            Encoding e = Encoding.fromFeatureIdRangeIndex(i);
            OptionalLong v;
            try {
                v = vcpu.getOneReg(e.oneRegId());
            } catch (RuntimeException ex) {
                String name = KnowledgeBase.load().byEncoding(e).map(Register::name).orElse(e.genericName()); // an error: cost is no matter
                throw new CollectException("reading " + name + " " + e + ": " + ex.getMessage(), ex);
            }
            idRange[i] = v.isPresent() ? v.getAsLong() : null;
        }
        SortedMap<Integer, Long> ccsidr = new TreeMap<>();
        for (int csselr = 0; csselr <= CSSELR_MAX; csselr++) {
            long id = ccsidrId(csselr);
            OptionalLong v;
            try {
                v = vcpu.getOneReg(id);
            } catch (RuntimeException e) {
                throw new CollectException("reading CCSIDR_EL1 for CSSELR " + csselr + ": " + e.getMessage(), e);
            }
            if (v.isPresent()) {
                ccsidr.put(csselr, v.getAsLong());
            }
        }
        List<Long> regList = new ArrayList<>();
        for (long id : vcpu.regList()) {
            regList.add(id);
        }
        regList.sort(Long::compareUnsigned);
        List<Integer> vls = List.of();
        if (fs.has(VcpuFeature.SVE)) {
            vls = vectorLengths(vcpu.getOneRegBytes(SVE_VLS_ID));
        }
        return new RawView(idRange, ccsidr, regList, vls);
    }

    private static long ccsidrId(int csselr) {
        return 0x6020_0000_0011_0000L | csselr;
    }

    /** The SVE_VLS bitmap (little-endian u64 words, bit vq-1 = vq*128 bits) as vector lengths in bits, ascending. */
    public static List<Integer> vectorLengths(byte[] vls) {
        List<Integer> out = new ArrayList<>();
        for (int bit = 0; bit < vls.length * 8; bit++) {
            if ((vls[bit / 8] >>> (bit % 8) & 1) != 0) {
                out.add((bit + 1) * 128);
            }
        }
        return out;
    }

    private static WritableMasks measuredMasks(KnowledgeBase kb, long[] masks) {
        if (masks.length != kb.featureIdRange().size()) {
            throw new CollectException("KVM_ARM_GET_REG_WRITABLE_MASKS returned " + masks.length + " masks, expected " + kb.featureIdRange().size());
        }
        SortedMap<String, Long> values = new TreeMap<>();
        for (Register r : kb.featureIdRange()) {
            long m = masks[r.encoding().featureIdRangeIndex()];
            if (m != 0) {
                values.put(r.name(), m);
            }
        }
        return new WritableMasks(Provenance.MEASURED, values);
    }
}
