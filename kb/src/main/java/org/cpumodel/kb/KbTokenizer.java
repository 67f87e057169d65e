package org.cpumodel.kb;

import java.util.ArrayList;
import java.util.List;

/** Splits one line of a knowledge-base source into blank-separated tokens ("quoted" text, # comments). */
final class KbTokenizer {

    /** A token; {@code quoted} is true when any part of it was written in double quotes. */
    record Token(String text, boolean quoted) {
    }

    private KbTokenizer() {
    }

    /** Tokens of {@code line}; throws IllegalArgumentException on an unterminated quote. */
    static List<Token> tokenize(String line) {
        List<Token> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        boolean quoted = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated \" quote");
                }
                cur.append(line, i + 1, end);
                inToken = true;
                quoted = true;
                i = end + 1;
                continue;
            }
            if (c == '#') {
                break;
            }
            if (c == ' ' || c == '\t') {
                if (inToken) {
                    out.add(new Token(cur.toString(), quoted));
                    cur.setLength(0);
                    inToken = false;
                    quoted = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
            i++;
        }
        if (inToken) {
            out.add(new Token(cur.toString(), quoted));
        }
        return out;
    }
}
