package org.cpumodel.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket before a guest runs: commands are parsed and answered, nothing is offered. */
class ControlSocketTest {

    @TempDir
    Path dir;

    @Test
    void answersCommandsWithAResultLine() throws IOException {
        Path sock = dir.resolve("vm.sock");
        List<String> offers = new ArrayList<>();
        ControlServer s = ControlServer.open(sock, () -> {
            offers.add("asked");
            throw new IllegalStateException("no offer without a guest");
        }, line -> {
        });
        try {
            ControlClient.Result status = ControlClient.send(sock, new ControlCommand.Status(), l -> {
            });
            assertThat(status.outcome()).isEqualTo("NOT_RUNNING");
            ControlClient.Result migrate = ControlClient.send(sock, new ControlCommand.Migrate("10.0.0.2", 4444, 300, 30_000, 30), l -> {
            });
            assertThat(migrate.outcome()).isEqualTo("NOT_RUNNING");
            assertThat(offers).as("no offer is made for a guest that does not run").isEmpty();
        } finally {
            s.close();
        }
        assertThat(sock).as("the socket file goes with the server").doesNotExist();
    }

    @Test
    void aStaleSocketIsReplacedALiveOneOrAnyOtherFileIsRefused() throws IOException {
        Path sock = dir.resolve("vm.sock");
        // a VMM that died leaves its socket file behind, with nobody listening
        try (var dead = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            dead.bind(java.net.UnixDomainSocketAddress.of(sock));
        }
        assertThat(sock).exists();
        ControlServer live = ControlServer.open(sock, () -> null, l -> {
        });
        try {
            assertThat(ControlClient.send(sock, new ControlCommand.Status(), l -> {
            }).outcome()).isEqualTo("NOT_RUNNING");
            assertThatThrownBy(() -> ControlServer.open(sock, () -> null, l -> {
            })).hasMessageContaining("another VMM listens on it");
        } finally {
            live.close();
        }
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> ControlServer.open(file, () -> null, l -> {
        })).hasMessageContaining("exists and is not a socket");
        assertThat(file).hasContent("keep me");
    }
}
