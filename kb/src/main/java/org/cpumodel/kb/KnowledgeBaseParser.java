package org.cpumodel.kb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the declarative register source ({@code registers.sysreg}); the format is documented in the
 * header comment of that file. Fails closed with {@link KbFormatException} naming source and line.
 */
public final class KnowledgeBaseParser {

    private static final Pattern GENERIC_NAME = Pattern.compile("S\\d+_\\d+_C\\d+_C\\d+_\\d+");

    private final String sourceName;
    /** Lazy: field lines of a block are kept as text and parsed when the register's fields are first read. */
    private final boolean lazy;
    private final List<Register> registers = new ArrayList<>();
    private final Map<String, Integer> nameLines = new HashMap<>();
    private final Map<Integer, Integer> encodingLines = new HashMap<>();
    private final Map<String, KernelRange> ranges = new HashMap<>();

    private int lineNo;
    // state of the open register block
    private String regName;
    private Encoding regEncoding;
    private RegisterClass regClass;
    private String regSummary;
    private int regLine;
    private List<Field> regFields;
    private Set<String> regFieldNames;
    private int nextMsb;
    // the bit range the following Ftr lines attach to
    private PendingField pending;
    // lazy mode: the open block's field lines, with their line numbers
    private List<BodyLine> body;

    /** A line of a register block that describes fields, kept for later parsing. */
    private record BodyLine(int lineNo, String text) {
    }

    /** A bit range whose Ftr lines are still being read. */
    private record PendingField(String name, int msb, int lsb, FieldKind kind, List<FieldValue> values,
                                List<FeatureCondition> features, String note, List<FtrPolicy> ftr) {
    }

    private KnowledgeBaseParser(String sourceName, boolean lazy) {
        this.sourceName = sourceName;
        this.lazy = lazy;
    }

    /** Parses a whole source into registers in source order; any error is thrown here. */
    public static List<Register> parse(String sourceName, Reader source) {
        return parse(sourceName, source, false);
    }

    /**
     * Parses a source's register blocks now and each register's fields when they are first read
     * (then an error in them is thrown there, still naming source and line). For the bundled
     * knowledge base, whose every field the build's tests parse: a command like collect needs only
     * names and encodings, and parsing all fields at each start costs a third of a second where
     * the JVM runs emulated.
     */
    static List<Register> parseLazily(String sourceName, Reader source) {
        return parse(sourceName, source, true);
    }

    private static List<Register> parse(String sourceName, Reader source, boolean lazy) {
        KnowledgeBaseParser p = new KnowledgeBaseParser(sourceName, lazy);
        BufferedReader in = source instanceof BufferedReader b ? b : new BufferedReader(source);
        try {
            String line;
            while ((line = in.readLine()) != null) {
                p.lineNo++;
                p.line(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + sourceName, e);
        }
        if (p.regName != null) {
            throw p.error("register " + p.regName + " opened at line " + p.regLine + " has no EndSysreg");
        }
        return List.copyOf(p.registers);
    }

    private KbFormatException error(String message) {
        return new KbFormatException(sourceName, lineNo, message);
    }

    private void line(String text) {
        if (lazy && regName != null) {
            String keyword = KbTokenizer.firstWord(text);
            if (keyword.isEmpty()) {
                return; // blank or comment
            }
            if (!keyword.equals("EndSysreg") && !keyword.equals("Sysreg")) {
                body.add(new BodyLine(lineNo, text));
                return;
            }
        }
        List<KbTokenizer.Token> tokens;
        try {
            tokens = KbTokenizer.tokenize(text);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
        if (tokens.isEmpty()) {
            return;
        }
        KbTokenizer.Token head = tokens.getFirst();
        List<KbTokenizer.Token> args = tokens.subList(1, tokens.size());
        if (head.quoted()) {
            throw error("a line must start with a keyword, not quoted text");
        }
        switch (head.text()) {
            case "Sysreg" -> sysreg(args);
            case "Field" -> field(args);
            case "Res0" -> reserved(FieldKind.RES0, args);
            case "Res1" -> reserved(FieldKind.RES1, args);
            case "Raz" -> reserved(FieldKind.RAZ, args);
            case "Ftr" -> ftr(args);
            case "EndSysreg" -> endSysreg(args);
            default -> throw error("unknown keyword '" + head.text()
                    + "' (expected Sysreg, Field, Res0, Res1, Raz, Ftr or EndSysreg)");
        }
    }

    private void sysreg(List<KbTokenizer.Token> args) {
        if (regName != null) {
            throw error("Sysreg inside register " + regName + " (opened at line " + regLine + "): missing EndSysreg");
        }
        if (args.size() < 7 || args.size() > 8) {
            throw error("Sysreg needs: NAME op0 op1 CRn CRm op2 CLASS [\"summary\"]");
        }
        for (int i = 0; i < 7; i++) {
            if (args.get(i).quoted()) {
                throw error("unexpected quoted text in Sysreg line");
            }
        }
        String name = args.getFirst().text();
        if (!isName(name)) {
            throw error("bad register name '" + name + "'");
        }
        int[] e = new int[5];
        for (int i = 0; i < 5; i++) {
            e[i] = smallInt(args.get(1 + i).text(), "encoding");
        }
        Encoding enc;
        try {
            enc = new Encoding(e[0], e[1], e[2], e[3], e[4]);
        } catch (IllegalArgumentException ex) {
            throw error("bad encoding of " + name + ": " + ex.getMessage());
        }
        RegisterClass cls;
        try {
            cls = RegisterClass.valueOf(args.get(6).text());
        } catch (IllegalArgumentException ex) {
            throw error("unknown register class '" + args.get(6).text() + "'");
        }
        String summary = "";
        if (args.size() == 8) {
            if (!args.get(7).quoted()) {
                throw error("unexpected token '" + args.get(7).text() + "' (a summary must be quoted)");
            }
            summary = args.get(7).text();
        }
        String generic = genericName(enc);
        if (GENERIC_NAME.matcher(name).matches() && !name.equals(generic)) {
            throw error("generic name " + name + " does not match encoding " + enc + " (" + enc.genericName() + ")");
        }
        if (cls == RegisterClass.UNALLOCATED && !name.equals(generic)) {
            throw error("an UNALLOCATED register must be named " + enc.genericName() + ", not " + name);
        }
        Integer prev = nameLines.putIfAbsent(name.toLowerCase(Locale.ROOT), lineNo);
        if (prev != null) {
            throw error("duplicate register name " + name + " (first at line " + prev + ")");
        }
        prev = encodingLines.putIfAbsent(enc.sysregInstr(), lineNo);
        if (prev != null) {
            throw error("duplicate encoding " + enc + " for " + name + " (first at line " + prev + ")");
        }
        regName = name;
        regEncoding = enc;
        regClass = cls;
        regSummary = summary;
        regLine = lineNo;
        regFields = new ArrayList<>();
        regFieldNames = new HashSet<>();
        nextMsb = 63;
        pending = null;
        body = lazy ? new ArrayList<>() : null;
    }

    private void requireOpen(String keyword) {
        if (regName == null) {
            throw error(keyword + " outside a Sysreg block");
        }
    }

    /** Parses "msb:lsb" or "bit" and checks that it continues the tiling from bit 63 downwards. */
    private int[] bits(String text) {
        int colon = text.indexOf(':');
        int msb;
        int lsb;
        if (colon < 0) {
            msb = lsb = smallInt(text, "bit");
        } else {
            msb = smallInt(text.substring(0, colon), "bit");
            lsb = smallInt(text.substring(colon + 1), "bit");
        }
        if (msb > 63 || lsb > msb) {
            throw error("bad bit range " + text + " (need 63 >= msb >= lsb >= 0)");
        }
        if (nextMsb < 0) {
            throw error("overlap: bits " + text + " of " + regName + " come after bit 0 was already covered");
        }
        if (msb > nextMsb) {
            throw error("overlap: bits " + text + " of " + regName + " overlap bits already covered (next free bit is "
                    + nextMsb + ")");
        }
        if (msb < nextMsb) {
            throw error("gap: bits " + nextMsb + (msb + 1 == nextMsb ? "" : ":" + (msb + 1)) + " of " + regName
                    + " are not described before " + text);
        }
        nextMsb = lsb - 1;
        return new int[] {msb, lsb};
    }

    private void reserved(FieldKind kind, List<KbTokenizer.Token> args) {
        String keyword = switch (kind) {
            case RES0 -> "Res0";
            case RES1 -> "Res1";
            case RAZ -> "Raz";
            case FIELD -> throw new IllegalStateException();
        };
        requireOpen(keyword);
        if (args.size() != 1 || args.getFirst().quoted()) {
            throw error(keyword + " takes exactly one bit range");
        }
        flushPending();
        int[] b = bits(args.getFirst().text());
        pending = new PendingField(kind.name(), b[0], b[1], kind, List.of(), List.of(), "", new ArrayList<>());
    }

    private void field(List<KbTokenizer.Token> args) {
        requireOpen("Field");
        if (args.size() < 2 || args.get(0).quoted() || args.get(1).quoted()) {
            throw error("Field needs: BITS NAME [signed] [VALUE=n ...] [FEAT_X>=n ...] [note=\"...\"]");
        }
        flushPending();
        int[] b = bits(args.get(0).text());
        String name = args.get(1).text();
        if (!isName(name)) {
            throw error("bad field name '" + name + "'");
        }
        if (!regFieldNames.add(name.toLowerCase(Locale.ROOT))) {
            throw error("duplicate field name " + name + " in " + regName);
        }
        int width = b[0] - b[1] + 1;
        boolean signed = false;
        String note = null;
        List<FieldValue> values = new ArrayList<>();
        Set<String> valueNames = new HashSet<>();
        List<FeatureCondition> features = new ArrayList<>();
        List<String[]> featureTokens = new ArrayList<>();
        for (int i = 2; i < args.size(); i++) {
            KbTokenizer.Token t = args.get(i);
            String s = t.text();
            if (t.quoted()) {
                if (!s.startsWith("note=")) {
                    throw error("unexpected quoted token '" + s + "' (only note=\"...\" may be quoted)");
                }
                if (note != null) {
                    throw error("more than one note on field " + name);
                }
                note = s.substring("note=".length());
                continue;
            }
            if (s.equals("signed")) {
                if (i != 2) {
                    throw error("'signed' must directly follow the field name");
                }
                signed = true;
                continue;
            }
            String[] feat = featureToken(s);
            if (feat != null) {
                featureTokens.add(feat);
                continue;
            }
            int eq = s.indexOf('=');
            if (eq > 0 && eq < s.length() - 1 && isValueName(s, eq) && s.charAt(eq + 1) != '=') {
                String valueName = s.substring(0, eq);
                long value = number(s.substring(eq + 1), "value of ", valueName);
                checkWidth(value, width, "value ", valueName, " of field ", name);
                if (!valueNames.add(valueName)) {
                    throw error("duplicate value name " + valueName + " in field " + name);
                }
                values.add(new FieldValue(value, valueName));
                continue;
            }
            throw error("unknown token '" + s + "' in field " + name
                    + " (expected signed, NAME=value, FEAT_X>=n or note=\"...\")");
        }
        for (String[] ft : featureTokens) {
            long value = number(ft[2], "condition of ", ft[0]);
            checkWidth(value, width, "condition ", ft[0], ft[1], ft[2], " of field ", name);
            features.add(new FeatureCondition(ft[0], FeatureCondition.Op.parse(ft[1]), value, signed));
        }
        pending = new PendingField(name, b[0], b[1], FieldKind.FIELD, values, features, note, new ArrayList<>());
    }

    private void ftr(List<KbTokenizer.Token> args) {
        requireOpen("Ftr");
        if (pending == null) {
            throw error("Ftr must follow a Field, Res0, Res1 or Raz line");
        }
        if (args.size() != 5) {
            throw error("Ftr needs: KERNELS signed|unsigned TYPE safe=N src=\"citation\"");
        }
        for (int i = 0; i < 4; i++) {
            if (args.get(i).quoted()) {
                throw error("unexpected quoted text in Ftr line");
            }
        }
        KernelRange range = ranges.get(args.get(0).text());
        if (range == null) {
            try {
                range = KernelRange.parse(args.get(0).text());
            } catch (IllegalArgumentException e) {
                throw error("bad kernel range '" + args.get(0).text() + "': " + e.getMessage());
            }
            ranges.put(args.get(0).text(), range);
        }
        if (range.from() != null && range.to() != null && range.from().compareTo(range.to()) > 0) {
            throw error("empty kernel range " + args.get(0).text());
        }
        boolean signed = switch (args.get(1).text()) {
            case "signed" -> true;
            case "unsigned" -> false;
            default -> throw error("expected signed or unsigned, got '" + args.get(1).text() + "'");
        };
        FtrType type;
        try {
            type = FtrType.valueOf(args.get(2).text());
        } catch (IllegalArgumentException e) {
            throw error("unknown ftr type '" + args.get(2).text() + "'");
        }
        String safeTok = args.get(3).text();
        if (!safeTok.startsWith("safe=")) {
            throw error("expected safe=N, got '" + safeTok + "'");
        }
        long safe = number(safeTok.substring(5), "safe value");
        checkWidth(safe, pending.msb() - pending.lsb() + 1, "safe value of ", pending.name());
        KbTokenizer.Token srcTok = args.get(4);
        if (!srcTok.quoted() || !srcTok.text().startsWith("src=") || srcTok.text().length() == 4) {
            throw error("expected src=\"citation\" (non-empty), got '" + srcTok.text() + "'");
        }
        for (FtrPolicy p : pending.ftr()) {
            if (overlaps(p.kernels(), range)) {
                throw error("kernel range " + range + " overlaps " + p.kernels() + " of " + pending.name());
            }
        }
        pending.ftr().add(new FtrPolicy(signed, type, safe, range, srcTok.text().substring(4)));
    }

    private static boolean overlaps(KernelRange a, KernelRange b) {
        boolean aBeforeB = a.to() != null && b.from() != null && a.to().compareTo(b.from()) < 0;
        boolean bBeforeA = b.to() != null && a.from() != null && b.to().compareTo(a.from()) < 0;
        return !aBeforeB && !bBeforeA;
    }

    private void endSysreg(List<KbTokenizer.Token> args) {
        requireOpen("EndSysreg");
        if (!args.isEmpty()) {
            throw error("EndSysreg takes no arguments");
        }
        List<Field> fields;
        if (lazy) {
            String name = regName;
            int endLine = lineNo;
            List<BodyLine> lines = List.copyOf(body);
            fields = new LazyFields(() -> fieldsOf(sourceName, name, endLine, lines));
        } else {
            fields = finishFields();
        }
        registers.add(new Register(regName, regEncoding, regClass, fields, regSummary, registers.size()));
        regName = null;
        regFields = null;
        pending = null;
        body = null;
    }

    /** The open block's fields, checked to tile bits 63..0 (at its EndSysreg line). */
    private List<Field> finishFields() {
        flushPending();
        if (nextMsb >= 0) {
            throw error("gap: bits " + nextMsb + (nextMsb == 0 ? "" : ":0") + " of " + regName + " are not described");
        }
        return regFields;
    }

    /** Parses the kept field lines of one register block (lazy mode), as the eager parse would. */
    private static List<Field> fieldsOf(String sourceName, String register, int endLine, List<BodyLine> lines) {
        KnowledgeBaseParser p = new KnowledgeBaseParser(sourceName, false);
        p.regName = register;
        p.regFields = new ArrayList<>();
        p.regFieldNames = new HashSet<>();
        p.nextMsb = 63;
        for (BodyLine l : lines) {
            p.lineNo = l.lineNo();
            p.line(l.text());
        }
        p.lineNo = endLine;
        return List.copyOf(p.finishFields());
    }


    private void flushPending() {
        if (pending != null) {
            PendingField p = pending;
            regFields.add(new Field(p.name(), p.msb(), p.lsb(), p.kind(), p.values(), p.features(), p.ftr(), p.note()));
            pending = null;
        }
    }

    /** The message parts are joined only on error: the happy path must not concatenate (load time). */
    private void checkWidth(long value, int width, String... what) {
        if (width < 64 && Long.compareUnsigned(value, 1L << width) >= 0) {
            throw error(String.join("", what) + " = 0x" + Long.toHexString(value) + " does not fit in " + width + " bits");
        }
    }

    /** Same text as {@link Encoding#genericName()}, built without string-concatenation bootstraps (cold-start cost). */
    private static String genericName(Encoding e) {
        return new StringBuilder(16).append('S').append(e.op0()).append('_').append(e.op1()).append("_C").append(e.crn())
                .append("_C").append(e.crm()).append('_').append(e.op2()).toString();
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAsciiLetter(c) && !isDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** The part before '=' of a NAME=value token: letters, digits and '_'. */
    private static boolean isValueName(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (!isAsciiLetter(c) && !isDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits FEAT_NAME OP DECIMAL (OP one of >=, ==, >, <) into {name, op, value}; null when the token
     * is not a feature term. Names may contain letters, digits, '_' and parentheses.
     */
    private static String[] featureToken(String s) {
        if (!s.startsWith("FEAT_")) {
            return null;
        }
        int i = 5;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (isAsciiLetter(c) || isDigit(c) || c == '_' || c == '(' || c == ')') {
                i++;
            } else {
                break;
            }
        }
        if (i == 5 || i >= s.length()) {
            return null;
        }
        String op;
        if (s.startsWith(">=", i)) {
            op = ">=";
        } else if (s.startsWith("==", i)) {
            op = "==";
        } else if (s.charAt(i) == '>') {
            op = ">";
        } else if (s.charAt(i) == '<') {
            op = "<";
        } else {
            return null;
        }
        String value = s.substring(i + op.length());
        if (!allDigits(value)) {
            return null;
        }
        return new String[] {s.substring(0, i), op, value};
    }

    private int smallInt(String text, String what) {
        if (text.length() > 2 || !allDigits(text)) {
            throw error("bad " + what + " number '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    /** 0b binary, 0x hex or decimal, up to 64 bits. */
    private long number(String text, String... what) {
        try {
            if (text.startsWith("0b")) {
                String d = text.substring(2);
                if (d.isEmpty() || d.length() > 64) {
                    throw new NumberFormatException();
                }
                return Long.parseUnsignedLong(d, 2);
            }
            if (text.startsWith("0x")) {
                String d = text.substring(2);
                if (d.isEmpty() || d.length() > 16) {
                    throw new NumberFormatException();
                }
                return Long.parseUnsignedLong(d, 16);
            }
            if (!allDigits(text)) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw error("bad number '" + text + "' for " + String.join("", what));
        }
    }
}
