package org.cpumodel.planner.report;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table for people, used by every text report and command: a header, rows, columns
 * padded to the widest cell, trailing blanks stripped, each line indented by a fixed number of spaces.
 */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final String indent;

    /** A table indented by two spaces (a section of a report). */
    TextTable(String... header) {
        this(2, header);
    }

    private TextTable(int indent, String... header) {
        this.columns = header.length;
        this.indent = " ".repeat(indent);
        rows.add(header);
    }

    /** A table whose lines start {@code indent} spaces in. */
    public static TextTable indented(int indent, String... header) {
        return new TextTable(indent, header);
    }

    public TextTable row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(r);
        return this;
    }

    public boolean isEmpty() {
        return rows.size() == 1;
    }

    public String render() {
        int[] w = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(w[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    static String shortId(String id) {
        if (id == null) {
            return "-";
        }
        int c = id.indexOf(':') + 1;
        return id.substring(c, Math.min(id.length(), c + 12));
    }
}
