package org.cpumodel.kernel.abi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cpumodel.kb.DataLines;
import org.cpumodel.kb.KernelRange;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kb.Sysregs;

/** The parsed kernel-abi.txt: release lines, flags and register kinds, each with its kernel range. */
public final class AbiTable {

    /** ID registers KVM hides (ID_HIDDEN): RAZ like unallocated encodings. */
    static final Set<String> HIDDEN = Set.of(Sysregs.ID_AFR0_EL1.NAME, Sysregs.ID_DFR1_EL1.NAME, Sysregs.ID_AA64AFR0_EL1.NAME, Sysregs.ID_AA64AFR1_EL1.NAME);

    /** Whether KVM hides a register (ID_HIDDEN in arch/arm64/kvm/sys_regs.c): it reads as zero. */
    public static boolean isHidden(Register r) {
        return HIDDEN.contains(r.name());
    }

    record Release(KernelVersion version, String what) {
    }

    record Flag(KernelRange kernels, AbiFlag name, boolean value, String source, int line) {
    }

    record KindRow(KernelRange kernels, String target, RegisterKind kind, long mask, List<Precheck> prechecks, String source, int line) {
    }

    /** The register groups a kind line may name instead of a register. */
    static final Set<String> GROUPS = Set.of("@aa32", "@raz");

    private static volatile AbiTable bundled;

    final List<Release> releases = new ArrayList<>();
    /** The newest kernel whose rules the table has been checked against (the {@code newest-known} line). */
    KernelVersion newestKnown;
    final List<Flag> flags = new ArrayList<>();
    final List<KindRow> kinds = new ArrayList<>();

    private AbiTable() {
    }

    public static AbiTable load() {
        AbiTable t = bundled;
        if (t == null) {
            try (InputStream in = AbiTable.class.getResourceAsStream("/org/cpumodel/kernel/kernel-abi.txt")) {
                if (in == null) {
                    throw new IllegalStateException("kernel-abi.txt missing from the class path");
                }
                t = parse("kernel-abi.txt", new InputStreamReader(in, StandardCharsets.UTF_8));
                t.requireEveryIdRegister("kernel-abi.txt", KnowledgeBase.load());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = t;
        }
        return t;
    }

    /**
     * Parses a table; registers are checked against the bundled knowledge base. Any problem (unknown
     * keyword, register, group, flag, kind or pre-check, a bad mask, two rows of one register or flag
     * whose kernel ranges overlap) is an IllegalArgumentException naming {@code source} and the line.
     */
    public static AbiTable parse(String source, Reader reader) throws IOException {
        KnowledgeBase kb = KnowledgeBase.load();
        AbiTable t = new AbiTable();
        for (DataLines.Line dl : DataLines.read(reader)) {
            int n = dl.number();
            List<String> tok = dl.tokens();
            try {
                switch (tok.get(0)) {
                    case "release" -> t.releases.add(new Release(KernelVersion.parse(tok.get(1)), DataLines.unquote(tok.get(2))));
                    case "newest-known" -> {
                        if (t.newestKnown != null) {
                            throw new IllegalArgumentException("a second newest-known line");
                        }
                        t.newestKnown = KernelVersion.parse(tok.get(1));
                    }
                    case "flag" -> {
                        Flag f = new Flag(KernelRange.parse(tok.get(1)), AbiFlag.parse(tok.get(2)), yesNo(tok.get(3)), src(tok, 4), n);
                        for (Flag o : t.flags) {
                            if (o.name() == f.name() && overlap(o.kernels(), f.kernels())) {
                                throw new IllegalArgumentException("flag " + f.name().id() + " " + f.kernels()
                                        + " overlaps the row of line " + o.line() + " (" + o.kernels() + ")");
                            }
                        }
                        t.flags.add(f);
                    }
                    case "kind" -> {
                        long mask = 0;
                        List<Precheck> pre = new ArrayList<>();
                        String source2 = "";
                        for (String x : tok.subList(4, tok.size())) {
                            if (x.startsWith("mask=")) {
                                mask = Long.parseUnsignedLong(x.substring(7), 16);
                                if (x.length() != 7 + 16) {
                                    throw new IllegalArgumentException("mask must have 16 hex digits: " + x);
                                }
                            } else if (x.startsWith("pre=")) {
                                for (String p : x.substring(4).split(",")) {
                                    pre.add(Precheck.parse(p));
                                }
                            } else if (x.startsWith("src=")) {
                                source2 = DataLines.unquote(x.substring(4));
                            } else {
                                throw new IllegalArgumentException("unknown attribute '" + x + "'");
                            }
                        }
                        String target = tok.get(2);
                        if (target.startsWith("@") ? !GROUPS.contains(target) : kb.find(target).filter(r -> r.name().equals(target)).isEmpty()) {
                            throw new IllegalArgumentException("unknown " + (target.startsWith("@") ? "register group" : "register")
                                    + " '" + target + "' (a register of registers.sysreg by its name, or one of " + GROUPS + ")");
                        }
                        KindRow row = new KindRow(KernelRange.parse(tok.get(1)), target, RegisterKind.parse(tok.get(3)), mask, pre, source2, n);
                        for (KindRow o : t.kinds) {
                            if (o.target().equals(target) && overlap(o.kernels(), row.kernels())) {
                                throw new IllegalArgumentException(target + " " + row.kernels() + " overlaps the row of line "
                                        + o.line() + " (" + o.kernels() + ")");
                            }
                        }
                        t.kinds.add(row);
                    }
                    default -> throw new IllegalArgumentException("unknown line keyword '" + tok.get(0) + "'");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ":" + n + ": " + e.getMessage(), e);
            }
        }
        t.releases.sort((a, b) -> a.version().compareTo(b.version()));
        return t;
    }

    /**
     * Every register of the feature-ID space (op0=3, op1=0, CRn=0, CRm 1..7) of the knowledge base
     * has a kind row (its own or its group's) under every release line: a register without one would
     * otherwise fall into a guess (the reference KVM once answered EINVAL where Linux 6.12 and 7.3 answer
     * EBUSY, for ID_AA64DFR2_EL1 after KVM_RUN). An IllegalArgumentException names the registers and releases.
     */
    void requireEveryIdRegister(String source, KnowledgeBase kb) {
        List<String> missing = new ArrayList<>();
        for (Register reg : kb.featureIdRange()) {
            var e = reg.encoding();
            if (e.op0() != 3 || e.op1() != 0 || e.crn() != 0 || e.crm() < 1 || e.crm() > 7) {
                continue;
            }
            List<String> without = new ArrayList<>();
            for (Release rel : releases) {
                boolean covered = kinds.stream().anyMatch(k -> k.kernels().contains(rel.version()) && matches(k.target(), reg));
                if (!covered) {
                    without.add(rel.version().toString());
                }
            }
            if (!without.isEmpty()) {
                missing.add(reg.name() + " (release " + String.join(", ", without) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + ": no kind row for " + String.join("; ", missing)
                    + ": add a 'kind <kernels> <REGISTER> <kind> src=...' line for each");
        }
    }

    /** Whether two kernel ranges share a version (an open bound reaches every version on its side). */
    static boolean overlap(KernelRange a, KernelRange b) {
        boolean aEndsBeforeB = a.to() != null && b.from() != null && a.to().compareTo(b.from()) < 0;
        boolean bEndsBeforeA = b.to() != null && a.from() != null && b.to().compareTo(a.from()) < 0;
        return !aEndsBeforeB && !bEndsBeforeA;
    }

    private static boolean yesNo(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("expected yes or no, got '" + s + "'");
        };
    }

    private static String src(List<String> tok, int from) {
        for (String x : tok.subList(from, tok.size())) {
            if (x.startsWith("src=")) {
                return DataLines.unquote(x.substring(4));
            }
        }
        return "";
    }

    /** The ABI of a kernel version; KernelTooOldException below the oldest modelled release. */
    public KernelAbi forKernel(KernelVersion v) {
        Release rel = null;
        for (Release r : releases) {
            if (r.version().compareTo(v) <= 0) {
                rel = r;
            }
        }
        if (rel == null) {
            throw new KernelTooOldException("kernel " + v + " is older than " + releases.get(0).version()
                    + ", the oldest KVM/arm64 ABI cpumodel models; use a host with Linux " + releases.get(0).version() + " or newer");
        }
        return new KernelAbi(this, v, rel.version(), rel.what());
    }

    /**
     * The newest kernel release the table has been checked against: a release named as a
     * command-line input (e.g. {@code import raw --kernel}) newer than this is refused rather than
     * silently given the newest row's rules. A profile collected on a newer host still maps to the
     * newest row (its masks are measured). Null when the table has no {@code newest-known} line.
     */
    public KernelVersion newestKnown() {
        return newestKnown;
    }

    List<Release> releases() {
        return releases;
    }

    static boolean matches(String target, Register reg) {
        if (target.startsWith("@")) {
            var e = reg.encoding();
            boolean op1crn0 = e.op0() == 3 && e.op1() == 0 && e.crn() == 0;
            return switch (target) {
                case "@aa32" -> org.cpumodel.kernel.rules.Aarch32IdRule.isAarch32IdRegister(reg);
                case "@raz" -> op1crn0 && e.crm() >= 1 && e.crm() <= 7
                        && (reg.registerClass() == RegisterClass.UNALLOCATED || HIDDEN.contains(reg.name()));
                default -> throw new IllegalArgumentException("unknown register group " + target);
            };
        }
        return target.equals(reg.name());
    }
}
