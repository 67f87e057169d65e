package org.cpumodel.sysreggen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout lines of a sysreg source (the format is described at the top of {@code registers.sysreg}):
 * {@code Sysreg}, {@code Field} with its named values and {@code EndSysreg}. Everything else (Res0, Res1,
 * Raz, Ftr, FEAT_ terms, notes) is the strict parser's business at run time ({@code KnowledgeBaseParser});
 * this reader fails only on what would make the generated code wrong.
 */
public final class SysregLayout {

    /** A named value of a field, e.g. {@code AARCH32=0b0010}. */
    public record Value(String name, long value) {
    }

    /** A named bit range. */
    public record Field(String name, int msb, int lsb, boolean signed, List<Value> values) {
    }

    /** A register with its encoding, class and named fields (from bit 63 down). */
    public record Register(String name, int op0, int op1, int crn, int crm, int op2, String registerClass,
                           String summary, List<Field> fields, long res0, long res1) {
    }

    /** A problem of the source, with its line number. */
    public static final class LayoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LayoutException(String source, int line, String message) {
            super(source + ":" + line + ": " + message);
        }
    }

    private static final Pattern TOKEN = Pattern.compile("\"[^\"]*\"|[^\\s\"]+");
    private static final Pattern BITS = Pattern.compile("(\\d+)(?::(\\d+))?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(0b[01]+|0x[0-9a-fA-F]+|\\d+)");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SysregLayout() {
    }

    /** Reads the registers of a sysreg source ({@code sourceName} names it in errors). */
    public static List<Register> read(String sourceName, String text) {
        List<Register> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        Register open = null;
        List<Field> fields = null;
        long res0 = 0;
        long res1 = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            List<String> t = tokens(lines[i]);
            if (t.isEmpty()) {
                continue;
            }
            switch (t.getFirst()) {
                case "Sysreg" -> {
                    if (open != null) {
                        throw new LayoutException(sourceName, lineNo, "Sysreg inside " + open.name() + " (missing EndSysreg)");
                    }
                    if (t.size() < 8) {
                        throw new LayoutException(sourceName, lineNo, "Sysreg needs NAME op0 op1 CRn CRm op2 CLASS");
                    }
                    ident(sourceName, lineNo, t.get(1));
                    fields = new ArrayList<>();
                    String summary = t.size() > 8 && t.get(8).startsWith("\"") ? t.get(8).substring(1, t.get(8).length() - 1) : "";
                    open = new Register(t.get(1), (int) number(sourceName, lineNo, t.get(2)), (int) number(sourceName, lineNo, t.get(3)),
                            (int) number(sourceName, lineNo, t.get(4)), (int) number(sourceName, lineNo, t.get(5)),
                            (int) number(sourceName, lineNo, t.get(6)), t.get(7), summary, fields, 0, 0);
                    res0 = 0;
                    res1 = 0;
                }
                case "Field" -> {
                    if (open == null || t.size() < 3) {
                        throw new LayoutException(sourceName, lineNo, "Field outside a Sysreg block or without a name");
                    }
                    Matcher b = BITS.matcher(t.get(1));
                    if (!b.matches()) {
                        throw new LayoutException(sourceName, lineNo, "bad bit range " + t.get(1));
                    }
                    int msb = Integer.parseInt(b.group(1));
                    int lsb = b.group(2) == null ? msb : Integer.parseInt(b.group(2));
                    if (msb > 63 || lsb > msb) {
                        throw new LayoutException(sourceName, lineNo, "bad bit range " + t.get(1));
                    }
                    ident(sourceName, lineNo, t.get(2));
                    boolean signed = false;
                    List<Value> values = new ArrayList<>();
                    for (String tok : t.subList(3, t.size())) {
                        Matcher v = VALUE.matcher(tok);
                        if (tok.equals("signed")) {
                            signed = true;
                        } else if (v.matches() && !v.group(1).equals("note")) {
                            values.add(new Value(v.group(1), number(sourceName, lineNo, v.group(2))));
                        }
                    }
                    fields.add(new Field(t.get(2), msb, lsb, signed, List.copyOf(values)));
                }
                case "EndSysreg" -> {
                    if (open == null) {
                        throw new LayoutException(sourceName, lineNo, "EndSysreg without Sysreg");
                    }
                    out.add(new Register(open.name(), open.op0(), open.op1(), open.crn(), open.crm(), open.op2(),
                            open.registerClass(), open.summary(), List.copyOf(fields), res0, res1));
                    open = null;
                }
                case "Res0", "Res1" -> {
                    if (open == null || t.size() < 2) {
                        throw new LayoutException(sourceName, lineNo, t.getFirst() + " outside a Sysreg block or without bits");
                    }
                    Matcher b = BITS.matcher(t.get(1));
                    if (!b.matches()) {
                        throw new LayoutException(sourceName, lineNo, "bad bit range " + t.get(1));
                    }
                    int msb = Integer.parseInt(b.group(1));
                    int lsb = b.group(2) == null ? msb : Integer.parseInt(b.group(2));
                    if (msb > 63 || lsb > msb) {
                        throw new LayoutException(sourceName, lineNo, "bad bit range " + t.get(1));
                    }
                    long mask = (msb - lsb == 63 ? -1L : (1L << (msb - lsb + 1)) - 1) << lsb;
                    if (t.getFirst().equals("Res0")) {
                        res0 |= mask;
                    } else {
                        res1 |= mask;
                    }
                }
                default -> {
                    // Raz, Ftr: not layout of named fields
                }
            }
        }
        if (open != null) {
            throw new LayoutException(sourceName, lines.length, open.name() + " has no EndSysreg");
        }
        return List.copyOf(out);
    }

    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(line);
        while (m.find()) {
            String tok = m.group();
            if (tok.startsWith("#")) {
                break;
            }
            out.add(tok);
        }
        return out;
    }

    private static void ident(String source, int line, String name) {
        if (!IDENT.matcher(name).matches()) {
            throw new LayoutException(source, line, "'" + name + "' is not a Java identifier");
        }
    }

    private static long number(String source, int line, String text) {
        try {
            if (text.startsWith("0b")) {
                return Long.parseUnsignedLong(text.substring(2), 2);
            }
            if (text.startsWith("0x")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new LayoutException(source, line, "bad number " + text);
        }
    }
}
