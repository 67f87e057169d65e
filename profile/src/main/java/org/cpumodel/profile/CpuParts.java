package org.cpumodel.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.StringTokenizer;
import org.cpumodel.kb.Sysregs.MIDR_EL1;

/** Names of CPU implementations by MIDR_EL1 implementer and part number (cpu-parts.txt). */
public final class CpuParts {

    private static final Map<Long, String> NAMES = load();

    private CpuParts() {
    }

    private static Map<Long, String> load() {
        Map<Long, String> m = new HashMap<>();
        try (InputStream in = CpuParts.class.getResourceAsStream("/org/cpumodel/profile/cpu-parts.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                StringTokenizer t = new StringTokenizer(s); // blank-separated, no regex
                m.put(key(Long.decode(t.nextToken()), Long.decode(t.nextToken())), t.nextToken());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** The table key of an implementer and part number: a MIDR_EL1 with only those two fields. */
    private static long key(long implementer, long part) {
        return MIDR_EL1.PartNum.set(MIDR_EL1.Implementer.set(0, implementer), part);
    }

    /** e.g. "Neoverse-N1 r4p1" for 0x414fd0c1, or "implementer 0x.. part 0x..." when unknown. */
    public static String describe(long midr) {
        long implementer = MIDR_EL1.Implementer.get(midr);
        long part = MIDR_EL1.PartNum.get(midr);
        String name = NAMES.get(key(implementer, part));
        if (name == null) {
            name = String.format("implementer 0x%02x part 0x%03x", implementer, part);
        }
        return name + " r" + MIDR_EL1.Variant.get(midr) + "p" + MIDR_EL1.Revision.get(midr);
    }

    public static String name(long midr) {
        long implementer = MIDR_EL1.Implementer.get(midr);
        long part = MIDR_EL1.PartNum.get(midr);
        String name = NAMES.get(key(implementer, part));
        return name != null ? name : String.format("cpu-%02x-%03x", implementer, part);
    }
}
