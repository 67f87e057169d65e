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
        int n = line.length();
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            // a token runs to the next blank or comment outside quotes; most have no quotes and are
            // taken as one substring (the parser reads the whole knowledge base at every start)
            int start = i;
            boolean quoted = false;
            while (i < n) {
                c = line.charAt(i);
                if (c == '"') {
                    int end = line.indexOf('"', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated \" quote");
                    }
                    quoted = true;
                    i = end + 1;
                } else if (c == ' ' || c == '\t' || c == '#') {
                    break;
                } else {
                    i++;
                }
            }
            String text = line.substring(start, i);
            out.add(new Token(quoted ? text.replace("\"", "") : text, quoted));
        }
        return out;
    }

    /**
     * The first blank-separated word of a line, "" for a blank line or a comment, "\"" when the line
     * starts with quoted text: what decides a line's keyword without splitting the whole line.
     */
    static String firstWord(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (i < n && text.charAt(i) == '"') {
            return "\""; // not a keyword: kept, and refused when parsed
        }
        int start = i;
        while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t' && text.charAt(i) != '#' && text.charAt(i) != '"') {
            i++;
        }
        return text.substring(start, i);
    }
}
