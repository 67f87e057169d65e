package org.cpumodel.service;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The API on the embedded database (H2, a file under --data). */
class EmbeddedApiTest extends ApiContract {

    @TempDir
    static Path dir;

    @Override
    ServiceFixture startService() {
        return ServiceFixture.start(dir, null);
    }
}
