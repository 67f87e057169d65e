package org.cpumodel.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code cpumodel collect} with plain options, recognised without building picocli's command model.
 *
 * <p>Why: collect runs on hypervisor hosts, often from provisioning scripts, and the lab measures it
 * on arm64 hosts whose JVM runs under emulation. There, picocli 4.7 (compiled for Java 5, so its
 * classes are verified by the old type-inferring verifier and cannot go into a JDK AOT cache) and
 * its annotation reflection cost more time than the whole measurement of KVM. So an invocation
 * made only of {@code --features}, {@code --name} and {@code --out} with plain values (separate or
 * {@code --opt=value}), each at most once, is parsed here; anything else (help, version, an unknown
 * or repeated option, a missing value or one starting with '-') goes to picocli, which explains
 * it. The options are the ones {@link CollectCommand} declares; {@code DirectCollectTest} checks
 * that both parsers agree on every form this one accepts.
 */
final class DirectCollect {

    private DirectCollect() {
    }

    /** The collect command these arguments ask for, or empty when picocli must parse them. */
    static Optional<CollectCommand> parse(String[] args) {
        if (args.length == 0 || !args[0].equals("collect")) {
            return Optional.empty();
        }
        String features = null;
        String name = null;
        String out = null;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            String value;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty(); // a missing value: picocli says so
            }
            if (value.isEmpty() || value.startsWith("-")) {
                return Optional.empty();
            }
            switch (option) {
                case "--features" -> {
                    if (features != null) {
                        return Optional.empty();
                    }
                    features = value;
                }
                case "--name" -> {
                    if (name != null) {
                        return Optional.empty();
                    }
                    name = value;
                }
                case "--out" -> {
                    if (out != null) {
                        return Optional.empty();
                    }
                    out = value;
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        CollectCommand c = new CollectCommand();
        c.features = features != null ? features : CollectCommand.DEFAULT_FEATURES;
        c.name = name;
        if (out != null) {
            try {
                c.out = Path.of(out);
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }
        return Optional.of(c);
    }
}
