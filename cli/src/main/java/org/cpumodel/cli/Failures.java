package org.cpumodel.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Set;
import org.cpumodel.importers.ImportException;
import org.cpumodel.io.InputException;
import org.cpumodel.io.OutputException;
import org.cpumodel.kb.UnknownRegisterException;
import org.cpumodel.kernel.abi.KernelTooOldException;
import org.cpumodel.profile.ProfileFormatException;

/**
 * The one failure mapper of every command: a failure becomes one line on stderr,
 * {@code cpumodel <command>: <input>: <what is wrong and what to do>}, and exit code 2 (bad usage or
 * input) or 3 (environment, I/O, or a bug); never a stack trace unless {@code --debug} (or
 * {@code CPUMODEL_DEBUG=1}) asks for one.
 */
final class Failures {

    /** Commands where "kernel too old" is about this host's kernel (an environment fault), not a document's. */
    private static final Set<String> HOST_COMMANDS = Set.of("collect", "verify", "vm run");

    private static volatile boolean debug = "1".equals(System.getenv("CPUMODEL_DEBUG"));

    private Failures() {
    }

    static void debug(boolean on) {
        debug = on;
    }

    static boolean debug() {
        return debug;
    }

    /** The exit code for {@code ex}, after printing its one line (and with --debug its stack trace). */
    static int report(Throwable ex, String command, PrintWriter err) {
        int code;
        String message = ex.getMessage();
        switch (ex) {
            case CliException ce -> code = ce.exitCode();
            case InputException ie -> code = ie.badInput() ? ExitCodes.USAGE : ExitCodes.ENVIRONMENT;
            case OutputException oe -> code = ExitCodes.ENVIRONMENT;
            case ProfileFormatException pe -> code = ExitCodes.USAGE;
            case ImportException ie -> code = ExitCodes.USAGE;
            case UnknownRegisterException ue -> code = ExitCodes.USAGE;
            case KernelTooOldException ke -> code = HOST_COMMANDS.contains(command) ? ExitCodes.ENVIRONMENT : ExitCodes.USAGE;
            case IllegalArgumentException ie -> code = ExitCodes.USAGE;
            case UncheckedIOException ue -> {
                code = ExitCodes.ENVIRONMENT;
                message = "I/O error: " + ue.getCause().getMessage();
            }
            case IOException io -> {
                code = ExitCodes.ENVIRONMENT;
                message = "I/O error: " + io.getMessage();
            }
            case OutOfMemoryError oom -> {
                code = ExitCodes.ENVIRONMENT;
                message = "out of memory (give the JVM more with JAVA_TOOL_OPTIONS=-Xmx..., or give smaller inputs)";
            }
            default -> {
                code = ExitCodes.ENVIRONMENT;
                message = "internal error, a bug in cpumodel (" + (message == null ? "no message" : firstLine(message))
                        + "); run again with --debug for the stack trace and report it";
            }
        }
        err.println("cpumodel " + command + ": " + firstLine(message == null ? "failed" : message));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
