package org.cpumodel.kb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line format shared by cpumodel's small data tables (kernel-abi.txt, consistency-rules.txt):
 * blank-separated tokens, {@code key="quoted text"} and {@code "quoted text"} kept whole with their
 * quotes, lines starting with # and blank lines skipped. Each line keeps its number for error messages.
 */
public final class DataLines {

    private static final Pattern TOKEN = Pattern.compile("\\S+=\"[^\"]*\"|\"[^\"]*\"|\\S+");

    /** One data line: its 1-based number in the source and its tokens. */
    public record Line(int number, List<String> tokens) {
        public Line {
            tokens = List.copyOf(tokens);
        }
    }

    private DataLines() {
    }

    public static List<Line> read(Reader reader) throws IOException {
        List<Line> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(reader);
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            List<String> tok = new ArrayList<>();
            Matcher m = TOKEN.matcher(s);
            while (m.find()) {
                tok.add(m.group());
            }
            out.add(new Line(n, tok));
        }
        return out;
    }

    /** The text of a quoted token without its quotes; other tokens unchanged. */
    public static String unquote(String s) {
        return s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2 ? s.substring(1, s.length() - 1) : s;
    }
}
