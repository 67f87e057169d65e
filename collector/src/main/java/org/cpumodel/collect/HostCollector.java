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
import org.cpumodel.kb.Encoding;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.InferredMasks;
import org.cpumodel.profile.CpuParts;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Provenance;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.profile.WritableMasks;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.uapi.VgicV3;

/**
 * Measures a KVM (this host's {@code /dev/kvm}, or any {@link KvmSystem}) into a {@link HostProfile}:
 * for each feature set the host offers, a fresh VM and vCPU 0 whose feature-ID registers, CCSIDRs,
 * register list and SVE vector lengths are read; the writable masks (when the kernel has the ioctl,
 * else inferred from the kernel table and the profile marked partial); ICC_CTLR_EL1 through a vGICv3;
 * capabilities and identity facts.
 */
public final class HostCollector {

    /** The capabilities a profile records. */
    public static final List<Integer> CAPABILITIES = List.of(KvmCap.ARM_PMU_V3, KvmCap.ARM_VM_IPA_SIZE, KvmCap.ARM_SVE,
            KvmCap.ARM_PTRAUTH_ADDRESS, KvmCap.ARM_PTRAUTH_GENERIC, KvmCap.ARM_MTE, KvmCap.ARM_SUPPORTED_REG_MASK_RANGES,
            KvmCap.ARM_WRITABLE_IMP_ID_REGS, KvmCap.ARM_EL2, KvmCap.ARM_EL2_E2H0);

    /** CSSELR_EL1 values probed for CCSIDR_EL1 (Level 1..7 x InD, the architectural range). */
    public static final int CSSELR_MAX = 13;

    /** The result: the profile and the requested feature sets this host does not offer. */
    public record Result(HostProfile profile, List<String> skipped) {
    }

    private final KvmSystem kvm;
    private final HostFiles files;
    private final Consumer<String> progress;
    private final LongSupplier nanoTime;

    public HostCollector(KvmSystem kvm, HostFiles files, Consumer<String> progress) {
        this(kvm, files, progress, System::nanoTime);
    }

    HostCollector(KvmSystem kvm, HostFiles files, Consumer<String> progress, LongSupplier nanoTime) {
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
                case PMU -> need(caps, KvmCap.ARM_PMU_V3, "", why);
                case SVE -> need(caps, KvmCap.ARM_SVE, "", why);
                case PTRAUTH -> {
                    need(caps, KvmCap.ARM_PTRAUTH_ADDRESS, "", why);
                    need(caps, KvmCap.ARM_PTRAUTH_GENERIC, "", why);
                }
                case EL2 -> need(caps, KvmCap.ARM_EL2, " (boot the host with kvm-arm.mode=nested)", why);
            }
        }
        return why.isEmpty() ? null : "no " + String.join(", no ", why);
    }

    private static void need(SortedMap<Integer, Long> caps, int cap, String hint, List<String> why) {
        if (caps.getOrDefault(cap, 0L) == 0) {
            why.add(KvmCap.name(cap) + hint + " (" + cap + ")");
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
            try (KvmVm vm = kvm.createVm()) {
                try (KvmVcpu vcpu = vm.createVcpu(0, fs.initBits(), List.of())) {
                    raw.put(fs.name(), readRaw(vcpu, fs));
                    if (fs.equals(FeatureSet.DEFAULT)) {
                        OptionalLong ctlr = iccCtlr(vm, vcpu);
                        if (ctlr.isPresent()) {
                            gic = new GicCpuInterface(Provenance.MEASURED, ctlr.getAsLong());
                        } else {
                            notes.add("no vGICv3 on this host: GIC CPU interface not recorded");
                        }
                    }
                }
                if (fs.equals(FeatureSet.DEFAULT) && (caps.get(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES) & 1) != 0) {
                    rawMasks = vm.getRegWritableMasks(KvmRegId.FEATURE_ID_RANGE);
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
        boolean aa32 = def.hasAArch32El0();
        if (masks == null) {
            partial = true;
            notes.add("this kernel (" + release + ") has no KVM_ARM_GET_REG_WRITABLE_MASKS (capability 230): writable masks inferred from the kernel table, profile partial");
            masks = InferredMasks.of(kernel, new TreeMap<>(), aa32, notes);
        }
        long midr = def.value(Sysregs.MIDR_EL1.NAME).orElse(0);
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

    /** ICC_CTLR_EL1 of {@code vcpu} through a fresh vGICv3; empty when the host has none to virtualise (ENODEV). */
    private static OptionalLong iccCtlr(KvmVm vm, KvmVcpu vcpu) {
        KvmVgic gic;
        try {
            gic = vm.createVgicV3();
        } catch (KvmIoctlException e) {
            if (e.is(Errno.ENODEV)) {
                return OptionalLong.empty();
            }
            throw e;
        }
        try (gic) {
            return OptionalLong.of(gic.getCpuSysreg(vcpu, VgicV3.ICC_CTLR_EL1));
        }
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

    private static RawView readRaw(KvmVcpu vcpu, FeatureSet fs) {
        Long[] idRange = new Long[KvmRegId.FEATURE_ID_RANGE_SIZE];
        for (int i = 0; i < idRange.length; i++) {
            Encoding e = Encoding.fromFeatureIdRangeIndex(i);
            OptionalLong v;
            try {
                v = vcpu.getOneRegIfPresent(e.oneRegId());
            } catch (RuntimeException ex) {
                String name = KnowledgeBase.load().byEncoding(e).map(Register::name).orElse(e.genericName()); // an error: cost is no matter
                throw new CollectException("reading " + name + " " + e + ": " + ex.getMessage(), ex);
            }
            idRange[i] = v.isPresent() ? v.getAsLong() : null;
        }
        SortedMap<Integer, Long> ccsidr = new TreeMap<>();
        for (int csselr = 0; csselr <= CSSELR_MAX; csselr++) {
            long id = KvmRegId.ccsidr(csselr);
            OptionalLong v;
            try {
                v = vcpu.getOneRegIfPresent(id);
            } catch (RuntimeException e) {
                throw new CollectException("reading CCSIDR_EL1 for CSSELR " + csselr + ": " + e.getMessage(), e);
            }
            if (v.isPresent()) {
                ccsidr.put(csselr, v.getAsLong());
            }
        }
        List<Long> regList = new ArrayList<>();
        for (long id : vcpu.getRegList()) {
            regList.add(id);
        }
        regList.sort(Long::compareUnsigned);
        List<Integer> vls = List.of();
        if (fs.has(VcpuFeature.SVE)) {
            vls = vectorLengths(vcpu.getOneRegBytes(KvmRegId.SVE_VLS));
        }
        return new RawView(idRange, ccsidr, regList, vls);
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
