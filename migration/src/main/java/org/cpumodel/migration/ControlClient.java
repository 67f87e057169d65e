package org.cpumodel.migration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Sends one {@link ControlCommand} to a VMM's control socket; progress lines go to {@code progress}; returns the result line's outcome and detail. */
public final class ControlClient {

    /** The {@code result} line: outcome word and detail. */
    public record Result(String outcome, String detail) {
    }

    private ControlClient() {
    }

    public static Result send(Path socket, ControlCommand cmd, Consumer<String> progress) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            PrintWriter w = new PrintWriter(Channels.newOutputStream(c), true, StandardCharsets.UTF_8);
            BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            w.println(cmd.line());
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("log ")) {
                    progress.accept(line.substring(4));
                } else if (line.startsWith("result ")) {
                    String rest = line.substring(7);
                    int sp = rest.indexOf(' ');
                    return sp < 0 ? new Result(rest, "") : new Result(rest.substring(0, sp), rest.substring(sp + 1));
                }
            }
            throw new IOException("the VMM at " + socket + " closed the control connection without a result (did it exit?)");
        }
    }
}
