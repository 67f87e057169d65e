package org.cpumodel.emit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;

/** The hand-written model and host profile the emitter tests share. */
final class Fixtures {

    private Fixtures() {
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GuestCpuModel model() {
        return ModelJson.parse("model-n1-a76.json", resource("model-n1-a76.json"));
    }

    static HostProfile n1() {
        return ProfileJson.parse("host-neoverse-n1_7.3.json", resource("host-neoverse-n1_7.3.json"));
    }
}
