package org.cpumodel.planner.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.DataLines;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.FtrPolicy;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.profile.GuestCpuModel;

/**
 * Architectural relations between ID register fields (SHA1/SHA2/SHA3, SM3 = SM4, FP = AdvSIMD, SVE
 * and ID_AA64ZFR0_EL1, ...), read from the data file {@code consistency-rules.txt} where every rule
 * cites its source. {@link #apply} repairs a combined register set by lowering fields.
 */
public final class ConsistencyRules {

    public static final String RESOURCE = "/org/cpumodel/planner/consistency-rules.txt";

    /** A field comparison; {@code field == null} means every named field of the register. */
    public record Term(Register register, Field field, String op, long value) {
        public String text() {
            return register.name() + "." + (field == null ? "*" : field.name()) + (op == null ? "" : " " + op + " " + value);
        }
    }

    public enum Kind { IMPLIES, EQUAL }

    public record Rule(String id, Kind kind, Term condition, Term then, Term fix, String source) {
        public String text() {
            return kind == Kind.EQUAL ? condition.register().name() + "." + condition.field().name() + " == " + then.register().name() + "."
                    + then.field().name() : "if " + condition.text() + " then " + then.text();
        }
    }

    /** Decides whether the planner may give a field a new value (every member can write it and accepts it). */
    public interface Editor {
        boolean canSet(Register register, Field field, long raw);
    }

    /** Result of applying the rules: the adjustments made and the violations that could not be repaired. */
    public record Outcome(List<GuestCpuModel.Adjustment> adjustments, List<String> warnings) {
    }

    private static volatile ConsistencyRules bundled;
    private final List<Rule> rules;

    private ConsistencyRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static ConsistencyRules load() {
        ConsistencyRules r = bundled;
        if (r == null) {
            try (InputStream in = ConsistencyRules.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " missing from the class path");
                }
                r = parse("consistency-rules.txt", new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = r;
        }
        return r;
    }

    public List<Rule> rules() {
        return rules;
    }

    public static ConsistencyRules parse(String source, Reader reader) throws IOException {
        KnowledgeBase kb = KnowledgeBase.load();
        List<Rule> out = new ArrayList<>();
        for (DataLines.Line dl : DataLines.read(reader)) {
            int n = dl.number();
            List<String> t = dl.tokens();
            try {
                if (!t.get(0).equals("rule") || t.size() < 4) {
                    throw new IllegalArgumentException("expected 'rule <id> if ... | rule <id> equal ...'");
                }
                String id = t.get(1);
                String src = t.get(t.size() - 1);
                if (!src.startsWith("src=\"")) {
                    throw new IllegalArgumentException("every rule needs a src=\"...\" naming its source");
                }
                src = src.substring(5, src.length() - 1);
                if (t.get(2).equals("equal")) {
                    if (t.size() != 6) {
                        throw new IllegalArgumentException("expected 'rule <id> equal <REG.FIELD> <REG.FIELD> src=\"...\"'");
                    }
                    out.add(new Rule(id, Kind.EQUAL, term(kb, t.get(3), null, null), term(kb, t.get(4), null, null), null, src));
                } else if (t.get(2).equals("if")) {
                    // rule id if A op n then B op n fix C=n src
                    if (t.size() != 13 || !t.get(6).equals("then") || !t.get(10).equals("fix")) {
                        throw new IllegalArgumentException("expected 'rule <id> if <REG.FIELD> <op> <n> then <REG.FIELD> <op> <n> fix <REG.FIELD>=<n> src=\"...\"'");
                    }
                    Term cond = term(kb, t.get(3), t.get(4), t.get(5));
                    Term then = term(kb, t.get(7), t.get(8), t.get(9));
                    String[] fx = t.get(11).split("=", 2);
                    if (fx.length != 2) {
                        throw new IllegalArgumentException("fix must be <REG.FIELD>=<n>");
                    }
                    Term fix = term(kb, fx[0], "==", fx[1]);
                    out.add(new Rule(id, Kind.IMPLIES, cond, then, fix, src));
                } else {
                    throw new IllegalArgumentException("unknown rule form '" + t.get(2) + "' (expected if or equal)");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ":" + n + ": " + e.getMessage(), e);
            }
        }
        return new ConsistencyRules(out);
    }

    private static Term term(KnowledgeBase kb, String regField, String op, String value) {
        int dot = regField.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("expected REGISTER.FIELD, got '" + regField + "'");
        }
        Register reg = kb.find(regField.substring(0, dot)).orElseThrow(() -> new IllegalArgumentException("unknown register in '" + regField + "'"));
        String fn = regField.substring(dot + 1);
        Field f = fn.equals("*") ? null : reg.field(fn).orElseThrow(() -> new IllegalArgumentException("unknown field in '" + regField + "'"));
        if (op != null && !op.equals(">=") && !op.equals("==") && !op.equals("<=")) {
            throw new IllegalArgumentException("unknown comparison '" + op + "' (expected >=, == or <=)");
        }
        return new Term(reg, f, op, value == null ? 0 : Long.decode(value));
    }

    public static boolean signed(Field f) {
        return f.ftr().stream().findFirst().map(FtrPolicy::signed).orElse(false);
    }

    public static long num(Field f, long raw) {
        return signed(f) ? Bits.signExtend(raw, f.width()) : raw;
    }

    private static boolean holds(Term t, Map<String, Long> values) {
        long reg = values.get(t.register().name());
        if (t.field() == null) {
            long named = 0;
            for (Field f : t.register().fields()) {
                if (f.kind() == FieldKind.FIELD) {
                    named |= f.mask();
                }
            }
            return (reg & named) == 0;
        }
        long v = num(t.field(), t.field().get(reg));
        long c = t.value();
        return switch (t.op()) {
            case ">=" -> v >= c;
            case "<=" -> v <= c;
            default -> v == c;
        };
    }

    private static boolean involved(Rule r, Map<String, Long> values) {
        return values.containsKey(r.condition().register().name()) && values.containsKey(r.then().register().name());
    }

    /** The rules a register set violates (only rules whose registers are all in the set). */
    public List<Rule> violations(Map<String, Long> values) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            if (!involved(r, values)) {
                continue;
            }
            boolean ok = r.kind() == Kind.EQUAL
                    ? r.condition().field().get(values.get(r.condition().register().name())) == r.then().field().get(values.get(r.then().register().name()))
                    : !holds(r.condition(), values) || holds(r.then(), values);
            if (!ok) {
                out.add(r);
            }
        }
        return out;
    }

    /** Repairs {@code values} in place by lowering fields; returns what was changed and what could not be. */
    public Outcome apply(Map<String, Long> values, Editor editor) {
        List<GuestCpuModel.Adjustment> adj = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        java.util.Set<String> warned = new java.util.HashSet<>();
        for (int round = 0; round < 10; round++) {
            List<Rule> bad = violations(values);
            boolean changed = false;
            for (Rule r : bad) {
                if (!violations(values).contains(r)) {
                    continue;
                }
                boolean fixed = r.kind() == Kind.EQUAL ? fixEqual(r, values, editor, adj) : fixImplies(r, values, editor, adj);
                if (fixed) {
                    changed = true;
                } else if (warned.add(r.id())) {
                    warnings.add("consistency rule " + r.id() + " (" + r.text() + ") is violated by the members' own values and cannot be "
                            + "repaired because a field involved is not writable on every member; the hosts present it that way themselves ("
                            + r.source() + ")");
                }
            }
            if (!changed) {
                break;
            }
        }
        return new Outcome(adj, warnings);
    }

    private static boolean fixEqual(Rule r, Map<String, Long> values, Editor editor, List<GuestCpuModel.Adjustment> adj) {
        Field fa = r.condition().field();
        Field fb = r.then().field();
        String ra = r.condition().register().name();
        String rb = r.then().register().name();
        long a = fa.get(values.get(ra));
        long b = fb.get(values.get(rb));
        boolean lowerA = num(fa, a) > num(fb, b);
        Register reg = lowerA ? r.condition().register() : r.then().register();
        Field f = lowerA ? fa : fb;
        long from = lowerA ? a : b;
        long to = lowerA ? b : a;
        if (!editor.canSet(reg, f, to)) {
            return false;
        }
        values.put(reg.name(), f.set(values.get(reg.name()), to));
        adj.add(new GuestCpuModel.Adjustment(r.id(), reg.name(), f.name(), from, to, r.text() + ": lowered " + f.name() + " to match", r.source()));
        return true;
    }

    private static boolean fixImplies(Rule r, Map<String, Long> values, Editor editor, List<GuestCpuModel.Adjustment> adj) {
        Term fix = r.fix();
        Register reg = fix.register();
        long v = values.get(reg.name());
        List<Field> fields = fix.field() == null ? reg.namedFields() : List.of(fix.field());
        for (Field f : fields) {
            if (f.get(v) != fix.value() && !editor.canSet(reg, f, fix.value())) {
                return false;
            }
        }
        for (Field f : fields) {
            long from = f.get(v);
            if (from != fix.value()) {
                v = f.set(v, fix.value());
                adj.add(new GuestCpuModel.Adjustment(r.id(), reg.name(), f.name(), from, fix.value(),
                        r.text() + " does not hold: set " + f.name() + " to " + fix.value(), r.source()));
            }
        }
        values.put(reg.name(), v);
        return true;
    }
}
