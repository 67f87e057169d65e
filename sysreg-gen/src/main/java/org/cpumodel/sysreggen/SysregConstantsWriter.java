package org.cpumodel.sysreggen;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the Java source of the register constants: one nested class per register (unallocated
 * encodings have none) holding its name, encoding, one typed field constant per named field and one
 * {@code long} per named value ({@code <FIELD>_<VALUE>}), as Linux's gen-sysreg.awk writes
 * {@code <REG>_<FIELD>_SHIFT/_WIDTH/_MASK/_<VALUE>} macros.
 */
public final class SysregConstantsWriter {

    private SysregConstantsWriter() {
    }

    /**
     * The source of {@code pkg.className}; {@code fieldType} is a record of {@code pkg} with the
     * canonical constructor {@code (String register, String name, int msb, int lsb, boolean signed)}
     * and {@code Encoding} a record of {@code pkg} with {@code (op0, op1, CRn, CRm, op2)}.
     */
    public static String write(String pkg, String className, String fieldType, String sourceName, List<SysregLayout.Register> registers) {
        StringBuilder b = new StringBuilder();
        b.append("// Generated at build time by org.cpumodel.sysreggen.SysregConstantsProcessor from ")
                .append(sourceName).append(": do not edit, edit ").append(sourceName).append(".\n");
        b.append("package ").append(pkg).append(";\n\n");
        b.append("/**\n * Typed constants of every register of {@code ").append(sourceName)
                .append("}: one nested class per register with\n * {@code NAME}, {@code ENCODING}, one {@link ")
                .append(fieldType).append("} per named field and one {@code long} per named\n * field value ({@code FIELD_VALUE}).")
                .append(" A misspelt register, field or value is a compile error.\n */\n");
        b.append("@SuppressWarnings(\"checkstyle:TypeName\")\n");
        b.append("public final class ").append(className).append(" {\n\n    private ").append(className).append("() {\n    }\n");
        Set<String> classes = new HashSet<>();
        for (SysregLayout.Register r : registers) {
            if (r.registerClass().equals("UNALLOCATED")) {
                continue;
            }
            if (!classes.add(r.name()) || r.name().equals(className)) {
                throw new IllegalArgumentException(sourceName + ": register " + r.name() + " twice");
            }
            b.append("\n    /** ").append(r.summary().isEmpty() ? r.name() : r.summary().replace("*/", "*&#47;")).append(" (")
                    .append(r.op0()).append(", ").append(r.op1()).append(", ").append(r.crn()).append(", ")
                    .append(r.crm()).append(", ").append(r.op2()).append("), ").append(r.registerClass()).append(". */\n");
            b.append("    public static final class ").append(r.name()).append(" {\n\n");
            b.append("        private ").append(r.name()).append("() {\n        }\n\n");
            b.append("        public static final String NAME = \"").append(r.name()).append("\";\n");
            b.append("        public static final Encoding ENCODING = new Encoding(").append(r.op0()).append(", ").append(r.op1())
                    .append(", ").append(r.crn()).append(", ").append(r.crm()).append(", ").append(r.op2()).append(");\n");
            b.append("        /** Reserved bits reading as zero ({@code Res0} lines). */\n");
            b.append("        public static final long RES0 = 0x").append(Long.toHexString(r.res0())).append("L;\n");
            b.append("        /** Reserved bits reading as one ({@code Res1} lines). */\n");
            b.append("        public static final long RES1 = 0x").append(Long.toHexString(r.res1())).append("L;\n");
            Set<String> members = new HashSet<>(Set.of("NAME", "ENCODING", "RES0", "RES1"));
            for (SysregLayout.Field f : r.fields()) {
                member(members, r, f.name(), sourceName);
                String bits = f.msb() == f.lsb() ? Integer.toString(f.msb()) : f.msb() + ":" + f.lsb();
                b.append("\n        /** Bits ").append(bits).append(f.signed() ? ", signed" : "").append(". */\n");
                b.append("        public static final ").append(fieldType).append(' ').append(f.name()).append(" = new ")
                        .append(fieldType).append("(NAME, \"").append(f.name()).append("\", ").append(f.msb()).append(", ")
                        .append(f.lsb()).append(", ").append(f.signed()).append(");\n");
                for (SysregLayout.Value v : f.values()) {
                    String name = f.name() + "_" + v.name();
                    member(members, r, name, sourceName);
                    b.append("        public static final long ").append(name).append(" = 0x")
                            .append(Long.toHexString(v.value())).append("L;\n");
                }
            }
            b.append("    }\n");
        }
        b.append("}\n");
        return b.toString();
    }

    private static void member(Set<String> members, SysregLayout.Register r, String name, String sourceName) {
        if (!members.add(name)) {
            throw new IllegalArgumentException(sourceName + ": " + r.name() + "." + name
                    + " is generated twice (a field and a field value, or two fields, share the name)");
        }
    }
}
