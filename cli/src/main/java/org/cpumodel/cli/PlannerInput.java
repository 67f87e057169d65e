package org.cpumodel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.planner.compare.Compare;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileFormatException;
import org.cpumodel.profile.ProfileJson;

/** Reading the planner commands' inputs: profiles, directories of profiles, models, feature names. */
final class PlannerInput {

    private PlannerInput() {
    }

    /**
     * Host profiles from files and directories (a directory means every *.json in it, sorted). Two
     * profiles of one host (same name) with different content are refused, naming both files: which
     * one describes the host is not for the planner to guess.
     */
    static List<HostProfile> profiles(List<Path> args) {
        List<HostProfile> out = new ArrayList<>();
        Map<String, Path> fileOfHost = new HashMap<>();
        Map<String, String> idOfHost = new HashMap<>();
        java.util.function.Consumer<Path> read = f -> {
            HostProfile hp = ForeignInput.read(f, () -> ProfileJson.read(f)); // refuses what is not a regular file, in one line
            String name = hp.host().name();
            String id = idOfHost.putIfAbsent(name, hp.id());
            if (id != null && !id.equals(hp.id())) {
                throw CliException.usage(f + ": host '" + name + "' is also described by " + fileOfHost.get(name)
                        + " with different values; keep the one profile that describes the host now");
            }
            fileOfHost.putIfAbsent(name, f);
            out.add(hp);
        };
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(p)) {
                    files = s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
                } catch (IOException e) {
                    throw CliException.environment(p + ": cannot list the directory (" + e.getMessage() + ")");
                }
                if (files.isEmpty()) {
                    throw CliException.usage(p + ": no *.json host profiles in this directory");
                }
                files.forEach(read);
            } else {
                read.accept(p);
            }
        }
        return out;
    }

    /** A profile or a guest model, for compare. */
    static Compare.Side side(Path p, FeatureSet fs) {
        JsonNode root = ForeignInput.read(p, () -> Json.readTree(p));
        if (ModelJson.isModel(root)) {
            return Compare.Side.of(ModelJson.fromTree(p.toString(), root));
        }
        if (ProfileJson.isProfile(root)) {
            return Compare.Side.of(ProfileJson.fromTree(p.toString(), root), fs);
        }
        return ForeignInput.read(p, () -> {
            throw new ProfileFormatException(p.toString(), "$.format", "neither a host profile nor a guest CPU model");
        });
    }

    static FeatureSet features(String text) {
        if (text.isBlank()) {
            throw CliException.usage("--features: empty (write default, pmu, pmu+sve, ...)");
        }
        try {
            return FeatureSet.parse(text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--features: " + e.getMessage());
        }
    }

    /** FEAT_ names separated by commas, each known to the knowledge base. */
    static Set<String> featureNames(String text) {
        Set<String> known = new TreeSet<>();
        for (Register r : KnowledgeBase.load().registers()) {
            for (Field f : r.fields()) {
                f.features().forEach(c -> known.add(c.feature()));
            }
        }
        Set<String> out = new TreeSet<>();
        for (String s : text.split(",")) {
            String n = s.trim();
            if (n.isEmpty()) {
                continue;
            }
            if (!known.contains(n)) {
                throw CliException.usage("--require: unknown feature '" + n + "' (expected FEAT_ names such as FEAT_LSE, FEAT_SVE)");
            }
            out.add(n);
        }
        return out;
    }
}
