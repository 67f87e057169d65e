package org.cpumodel.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The repository's lab fleet (examples/fleet): host profiles collected on real arm64 KVM in the emulated lab. */
public final class LabFleet {

    private LabFleet() {
    }

    /** examples/fleet under -Dcpumodel.root, else under the working directory or one of its parents. */
    public static Path dir() {
        String root = System.getProperty("cpumodel.root");
        if (root != null) {
            return Path.of(root, "examples", "fleet");
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("examples/fleet"))) {
                return d.resolve("examples/fleet");
            }
        }
        throw new IllegalStateException("examples/fleet not found under the working directory or its parents (set -Dcpumodel.root)");
    }

    /** File name (without .json) to document text, in name order. */
    public static Map<String, String> documents() {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String n = p.getFileName().toString();
                out.put(n.substring(0, n.length() - 5), Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The same document for another host name: the name replaced and the id left out (the service
     * computes it). Text surgery on the canonical document, cheap enough for load tests.
     */
    public static String renamed(String document, String newName) {
        int idLine = document.indexOf("\n  \"id\" : ");
        String d = document;
        if (idLine >= 0) {
            int end = d.indexOf('\n', idLine + 1);
            d = d.substring(0, idLine) + d.substring(end);
        }
        int n = d.indexOf("\"name\" : \"");
        int start = n + "\"name\" : \"".length();
        int end = d.indexOf('"', start);
        return d.substring(0, start) + newName + d.substring(end);
    }
}
