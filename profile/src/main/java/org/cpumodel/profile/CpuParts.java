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
                m.put(Long.decode(t.nextToken()) << 12 | Long.decode(t.nextToken()), t.nextToken());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /** e.g. "Neoverse-N1 r4p1" for 0x414fd0c1, or "implementer 0x.. part 0x..." when unknown. */
    public static String describe(long midr) {
        long implementer = midr >>> 24 & 0xFF;
        long part = midr >>> 4 & 0xFFF;
        String name = NAMES.get(implementer << 12 | part);
        if (name == null) {
            name = String.format("implementer 0x%02x part 0x%03x", implementer, part);
        }
        return name + " r" + (midr >>> 20 & 0xF) + "p" + (midr & 0xF);
    }

    public static String name(long midr) {
        long implementer = midr >>> 24 & 0xFF;
        long part = midr >>> 4 & 0xFFF;
        String name = NAMES.get(implementer << 12 | part);
        return name != null ? name : String.format("cpu-%02x-%03x", implementer, part);
    }
}
