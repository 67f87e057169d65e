package org.cpumodel.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by Selenium, from Debian's {@code chromium} and {@code chromium-driver}
 * packages (no browser or driver is downloaded). As root Chromium needs {@code --no-sandbox}; every run
 * gets a fresh profile directory, removed by {@link #close}. When the packages are missing the test is
 * skipped, except under {@code CI=true}, where that is a failure ({@code tools/test.sh} installs them).
 */
public final class Chromium implements AutoCloseable {

    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Chromium startOrSkip() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String why = "headless Chromium not available: " + BROWSER + " and " + DRIVER + " (Debian packages chromium, chromium-driver) are needed";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: tools/test.sh installs them)");
            }
            Assumptions.abort(why);
        }
        try {
            Path profile = Files.createTempDirectory("cpumodel-chromium-");
            ChromeOptions o = new ChromeOptions();
            o.setBinary(BROWSER.toFile());
            o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1600,1200", "--user-data-dir=" + profile);
            ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver d = new ChromeDriver(svc, o);
            d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Chromium(d, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort("headless Chromium did not start: " + e.getMessage());
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder
            }
        }
    }
}
