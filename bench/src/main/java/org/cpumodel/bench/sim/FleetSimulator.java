package org.cpumodel.bench.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.cpumodel.importers.KernelWhatIf;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.FtrPolicy;
import org.cpumodel.kb.FtrType;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.Sysregs.ICC_CTLR_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.RegisterAbi;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GicCpuInterface;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.Provenance;

/**
 * Grows a synthetic fleet from real host profiles, deterministically per seed. Each of the
 * {@code distinct} profiles starts from a real one (round robin over the seeds, then at random) and
 * is mutated the way real fleets differ: the kernel is switched among the releases present in the
 * seed fleet (limits kept, rules, capabilities and masks re-inferred, see {@link KernelWhatIf}),
 * writable lower-safe fields are lowered (a silicon or firmware variant that offers less) or dropped
 * to 0 (a feature fused off), and the GIC CPU interface's PRIbits/IDbits (and, when enabled, SEIS)
 * vary. The {@code hosts} hosts then share those profiles with a skewed popularity (every distinct
 * profile is used at least once), the way large fleets buy few hardware generations in bulk.
 *
 * <p>Fields with a kernel pre-check (DebugVer, PMUVer, EL0/EL1, L1Ip, ...) and the identity registers
 * are never mutated: a mutated host stays a host some KVM could plausibly present.
 */
public final class FleetSimulator {

    /**
     * What to grow: the seed, the number of hosts, the number of distinct profiles, mutations per
     * profile (0..maxMutations), the chance of a kernel switch, the chance of a GIC variation, whether
     * SEIS may vary (a blocker under current KVM), and the kernel releases to switch among (empty: those
     * of the seed fleet).
     */
    public record Options(long seed, int hosts, int distinct, int maxMutations, double kernelSwitch, double gicVariation,
                          boolean seisVaries, List<String> kernels) {
        public Options {
            kernels = List.copyOf(kernels);
            if (distinct < 1 || hosts < distinct) {
                throw new IllegalArgumentException("need hosts >= distinct >= 1 (hosts " + hosts + ", distinct " + distinct + ")");
            }
        }

        /** Defaults: up to 4 mutations, 30 % kernel switches, 20 % GIC variation, SEIS fixed, the seed fleet's kernels. */
        public static Options of(long seed, int hosts, int distinct) {
            return new Options(seed, hosts, distinct, 4, 0.3, 0.2, false, List.of());
        }

        public Options withKernels(List<String> releases) {
            return new Options(seed, hosts, distinct, maxMutations, kernelSwitch, gicVariation, seisVaries, releases);
        }

        public Options withSeisVaries(boolean v) {
            return new Options(seed, hosts, distinct, maxMutations, kernelSwitch, gicVariation, v, kernels);
        }
    }

    /** A grown fleet: the distinct profiles (content ids set) and, per host, which profile it runs. */
    public record Fleet(List<HostProfile> profiles, int[] profileOf) {
        public Fleet {
            profiles = List.copyOf(profiles);
        }

        /** One entry per host (hosts sharing a profile share the object). */
        public List<HostProfile> hosts() {
            List<HostProfile> out = new ArrayList<>(profileOf.length);
            for (int i : profileOf) {
                out.add(profiles.get(i));
            }
            return out;
        }

        public int size() {
            return profileOf.length;
        }
    }

    private static final Set<String> NEVER = Set.of("DebugVer", "PMUVer", "PerfMon", "CopDbg", "EL0", "EL1", "EL2", "EL3", "L1Ip",
            "MPAM", "MPAM_frac", "MTE_frac", "NV", "TGRAN4_2", "TGRAN16_2", "TGRAN64_2", "GIC", "CSV2", "CSV3");
    /** Cache geometry and coherency (CTR_EL0, CLIDR_EL1) describe the silicon, they are not features to drop. */
    private static final Set<String> NEVER_REGISTERS = Set.of(Sysregs.CTR_EL0.NAME, Sysregs.CLIDR_EL1.NAME, Sysregs.DCZID_EL0.NAME, Sysregs.GMID_EL1.NAME);

    private FleetSimulator() {
    }

    /** The real profiles of a directory (sorted by file name), e.g. examples/fleet. */
    public static List<HostProfile> load(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().map(ProfileJson::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seed fleet of this repository: examples/fleet under the working directory or one of its parents. */
    public static List<HostProfile> exampleFleet() {
        Path d = Path.of("").toAbsolutePath();
        String prop = System.getProperty("cpumodel.root");
        if (prop != null) {
            d = Path.of(prop).toAbsolutePath();
        }
        for (Path p = d; p != null; p = p.getParent()) {
            Path f = p.resolve("examples/fleet");
            if (Files.isDirectory(f)) {
                return load(f);
            }
        }
        throw new IllegalStateException("examples/fleet not found from " + d + " (set -Dcpumodel.root=/path/to/main)");
    }

    public static Fleet grow(List<HostProfile> seeds, Options o) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed profiles");
        }
        Random rnd = new Random(o.seed());
        List<String> kernels = o.kernels().isEmpty()
                ? List.copyOf(new TreeSet<>(seeds.stream().map(p -> p.host().kernelRelease()).toList())) : o.kernels();
        List<HostProfile> usable = seeds.stream().filter(p -> kernels.contains(p.host().kernelRelease())).toList();
        List<HostProfile> base = usable.isEmpty() ? seeds : usable;
        // each profile draws from its own generator, seeded in order: the profiles (and their content
        // ids, a JSON document and its SHA-256 each) are then built in parallel, the same for a seed
        List<Draw> draws = new ArrayList<>(o.distinct());
        for (int i = 0; i < o.distinct(); i++) {
            HostProfile seed = i < base.size() ? base.get(i) : base.get(rnd.nextInt(base.size()));
            draws.add(new Draw(i, seed, rnd.nextLong()));
        }
        Map<String, Variant> variants = new ConcurrentHashMap<>();
        List<HostProfile> profiles = draws.parallelStream()
                .map(d -> ProfileJson.identify(mutate(d.seed(), d.index(), kernels, new Random(d.randomSeed()), o, variants))).toList();
        Set<String> ids = new HashSet<>();
        for (HostProfile p : profiles) {
            if (!ids.add(p.id())) {
                throw new IllegalStateException("duplicate simulated profile " + p.id());
            }
        }
        int[] of = new int[o.hosts()];
        for (int h = 0; h < o.hosts(); h++) {
            // every profile once, then a skewed popularity: low indices (the first purchases) are the most common
            of[h] = h < o.distinct() ? h : (int) Math.min(o.distinct() - 1, Math.floor(o.distinct() * Math.pow(rnd.nextDouble(), 2.0)));
        }
        // shuffle the host order deterministically: inventories are not sorted by hardware
        for (int h = of.length - 1; h > 0; h--) {
            int j = rnd.nextInt(h + 1);
            int t = of[h];
            of[h] = of[j];
            of[j] = t;
        }
        return new Fleet(profiles, of);
    }

    /**
     * A new profile drawn from a seed, without its content id. (Each step is a method of its own: a
     * fresh JVM compiles small hot methods far sooner than one large one.)
     */
    private static HostProfile mutate(HostProfile seed, int index, List<String> kernels, Random rnd, Options o, Map<String, Variant> variants) {
        String release = kernels.size() > 1 && rnd.nextDouble() < o.kernelSwitch() ? kernels.get(rnd.nextInt(kernels.size())) : seed.host().kernelRelease();
        Variant variant = variants.computeIfAbsent(seed.id() + "@" + release, k -> Variant.of(seed, release));
        HostProfile p = variant.profile();
        SortedMap<String, SortedMap<String, Long>> sets = new TreeMap<>();
        p.featureSets().forEach((n, v) -> sets.put(n, new TreeMap<>(v.registers())));
        List<String> notes = new ArrayList<>(p.notes());
        int mutations = o.maxMutations() == 0 ? 0 : rnd.nextInt(o.maxMutations() + 1);
        List<Candidate> candidates = variant.candidates();
        for (int m = 0; m < mutations && !candidates.isEmpty(); m++) {
            lowerOne(candidates.get(rnd.nextInt(candidates.size())), sets, notes, rnd);
        }
        GicCpuInterface gic = p.gic();
        if (gic != null && rnd.nextDouble() < o.gicVariation()) {
            gic = varied(gic, rnd, o);
            notes.add("simulated: ICC_CTLR_EL1 " + String.format("0x%016x", gic.iccCtlr()));
        }
        SortedMap<String, FeatureSetView> views = new TreeMap<>();
        p.featureSets().forEach((n, v) -> views.put(n, new FeatureSetView(v.provenance(), sets.get(n), v.ccsidr(), v.regList(), v.sveVectorLengths())));
        HostInfo h = new HostInfo(String.format("sim-%05d-%s", index, p.host().name().replace('@', '-')), p.host().cpu(), p.host().kernelRelease(),
                p.host().kvmMode(), "simulated from " + seed.host().name() + " (seed " + o.seed() + ")", p.host().facts());
        return new HostProfile(null, h, p.partial(), notes, p.capabilities(), p.masks(), gic, views);
    }

    /** The fields a variant of this host may lower: writable, lower-safe, unsigned, non-zero, no pre-check. */
    private static List<Candidate> candidates(HostProfile p) {
        KernelVersion kv = p.kernel();
        KernelAbi abi = KernelAbi.of(kv);
        List<Candidate> out = new ArrayList<>();
        for (Register r : KnowledgeBase.load().featureIdRange()) {
            Long v = p.defaultView().registers().get(r.name());
            if (v == null || NEVER_REGISTERS.contains(r.name()) || abi.register(r).map(RegisterAbi::kind).filter(k -> k.generic()).isEmpty()) {
                continue;
            }
            long mask = p.masks() != null && p.masks().provenance() == Provenance.MEASURED ? p.masks().of(r.name()) : abi.reportedMask(r, aarch32(p));
            for (Field f : r.fields()) {
                if (lowerable(f, kv, mask, v)) {
                    out.add(new Candidate(r, f));
                }
            }
        }
        return out;
    }

    private static boolean lowerable(Field f, KernelVersion kv, long mask, long value) {
        FtrPolicy pol = f.kind() == FieldKind.FIELD ? f.ftr(kv).orElse(null) : null;
        return pol != null && pol.type() == FtrType.LOWER_SAFE && !pol.signed() && !NEVER.contains(f.name())
                && (f.mask() & mask) == f.mask() && f.get(value) != 0;
    }

    /** Lowers one field in every feature set (a silicon variant offering less, or the feature fused off) and notes it. */
    private static void lowerOne(Candidate c, SortedMap<String, SortedMap<String, Long>> sets, List<String> notes, Random rnd) {
        Register r = c.register();
        Field f = c.field();
        long cur = f.get(sets.get("default").get(r.name()));
        if (cur == 0) {
            return;
        }
        boolean drop = rnd.nextInt(3) == 0;
        long to = drop ? 0 : rnd.nextLong(cur);
        for (SortedMap<String, Long> regs : sets.values()) {
            Long v = regs.get(r.name());
            if (v != null && f.get(v) > to) {
                regs.put(r.name(), f.set(v, to));
            }
        }
        notes.add("simulated: " + r.name() + "." + f.name() + " " + cur + " -> " + to + (drop ? " (feature dropped)" : " (lowered)"));
    }

    /** Another PRIbits/IDbits (and, when allowed, SEIS) of the same GIC CPU interface. */
    private static GicCpuInterface varied(GicCpuInterface gic, Random rnd, Options o) {
        long v = gic.iccCtlr();
        int pri = 4 + rnd.nextInt(3);
        int id = rnd.nextInt(2);
        v = ICC_CTLR_EL1.IDbits.set(ICC_CTLR_EL1.PRIbits.set(v, pri), id);
        if (o.seisVaries() && rnd.nextInt(4) == 0) {
            v ^= ICC_CTLR_EL1.SEIS.mask();
        }
        return new GicCpuInterface(gic.provenance(), v);
    }

    /**
     * A seed host under one kernel release (its kernel switched with {@link KernelWhatIf} when the
     * release differs) and the fields its variants may lower: the same for every profile drawn from
     * that seed and release, so computed once per pair.
     */
    private record Variant(HostProfile profile, List<Candidate> candidates) {
        static Variant of(HostProfile seed, String release) {
            HostProfile p = release.equals(seed.host().kernelRelease()) ? seed : KernelWhatIf.reshaped(seed, release);
            return new Variant(p, FleetSimulator.candidates(p));
        }
    }

    /** The seed profile and random seed of the {@code index}-th simulated profile. */
    private record Draw(int index, HostProfile seed, long randomSeed) {
    }

    private record Candidate(Register register, Field field) {
    }

    private static boolean aarch32(HostProfile p) {
        return p.defaultView().hasAArch32El0();
    }
}
