package org.cpumodel.migration;

/**
 * A line on the control socket: {@code status}, or
 * {@code migrate HOST PORT DOWNTIME_MS LINK_TIMEOUT_MS MAX_ITERATIONS}.
 */
public sealed interface ControlCommand {

    record Status() implements ControlCommand {
        @Override
        public String line() {
            return "status";
        }
    }

    record Migrate(String host, int port, long downtimeMs, long linkTimeoutMs, int maxIterations) implements ControlCommand {
        public Migrate {
            if (host.isBlank() || host.contains(" ")) {
                throw new IllegalArgumentException("bad host '" + host + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 1..65535");
            }
            if (downtimeMs < 1 || linkTimeoutMs < 1 || maxIterations < 1) {
                throw new IllegalArgumentException("downtime, link timeout and iterations must be positive");
            }
        }

        @Override
        public String line() {
            return "migrate " + host + " " + port + " " + downtimeMs + " " + linkTimeoutMs + " " + maxIterations;
        }
    }

    /** The line for the socket. */
    String line();

    static ControlCommand parse(String line) {
        if (line == null) {
            throw new IllegalArgumentException("no command");
        }
        String[] w = line.strip().split(" +");
        try {
            return switch (w[0]) {
                case "status" -> {
                    if (w.length != 1) {
                        throw new IllegalArgumentException("status takes no arguments");
                    }
                    yield new Status();
                }
                case "migrate" -> {
                    if (w.length != 6) {
                        throw new IllegalArgumentException("migrate HOST PORT DOWNTIME_MS LINK_TIMEOUT_MS MAX_ITERATIONS");
                    }
                    yield new Migrate(w[1], Integer.parseInt(w[2]), Long.parseLong(w[3]), Long.parseLong(w[4]), Integer.parseInt(w[5]));
                }
                default -> throw new IllegalArgumentException("unknown command '" + w[0] + "' (status, migrate)");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in '" + line.strip() + "'");
        }
    }
}
