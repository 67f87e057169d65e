package org.cpumodel.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in headless Chromium on the lab fleet: it shows the fleet, the heatmap and the pools the
 * API computes; a click on a heatmap cell and on a pool member shows the field-level explanation; the
 * what-if switch changes the heatmap's mode. Screenshots are kept under target/screenshots.
 */
class WebPageTest {

    @TempDir
    Path dir;

    private static final Path SHOTS = Path.of("target", "screenshots");

    private static void shot(ChromeDriver d, String name) throws IOException {
        Files.createDirectories(SHOTS);
        Object h = d.executeScript("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1600, Math.min(6000, ((Number) h).intValue() + 40)));
        Files.write(SHOTS.resolve(name + ".png"), d.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void showsPoolsAndExplainsAClick() throws Exception {
        try (ServiceFixture f = ServiceFixture.start(dir, null)) {
            for (String doc : LabFleet.documents().values()) {
                assertThat(f.client().post("/api/profiles", doc).status()).isEqualTo(201);
            }
            JsonNode pools = f.client().get("/api/pools").json().path("pools");
            int profiles = f.client().get("/api/profiles").json().path("profiles").size();
            try (Chromium chromium = Chromium.startOrSkip()) {
                ChromeDriver d = chromium.driver();
                WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
                d.get(f.url() + "/");
                wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
                assertThat(d.findElement(By.id("summary")).getText()).contains(profiles + " distinct profiles");
                assertThat(d.findElements(By.cssSelector("#profiles tbody tr"))).hasSize(profiles);
                List<WebElement> cards = d.findElements(By.cssSelector("#pools .pool[data-pool]"));
                assertThat(cards).hasSize(pools.size());
                assertThat(d.findElements(By.cssSelector("#matrix td[data-i]"))).hasSize(profiles * profiles);
                // the FEAT_ names a member loses are shown in its pool
                JsonNode lossy = null;
                for (JsonNode p : pools) {
                    for (JsonNode m : p.path("members")) {
                        if (m.path("featuresLost").size() > 0 && lossy == null) {
                            lossy = m;
                        }
                    }
                }
                assertThat(lossy).as("some lab host loses features in its pool").isNotNull();
                WebElement row = d.findElement(By.cssSelector("#pools tr[data-profile='" + lossy.path("profileId").asText() + "']"));
                assertThat(row.getText()).contains(lossy.path("featuresLost").get(0).asText());
                shot(d, "fleet-pools");

                // a heatmap cell of two profiles that cannot share a pool: the blockers, field by field
                WebElement cell = d.findElement(By.cssSelector("#matrix td[data-pool='N']"));
                cell.click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("explainBody"), "Blockers"));
                List<WebElement> fields = d.findElements(By.cssSelector("#explainBody .field-explanation"));
                assertThat(fields).isNotEmpty();
                assertThat(d.findElement(By.id("explainBody")).getText()).contains("Share a pool today: no");
                shot(d, "matrix-cell-explanation");

                // a pool member: its pool, what it loses, where its VMs may go and why not elsewhere
                row.click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("explainBody"), "Where may a VM on"));
                assertThat(d.findElement(By.id("explainBody")).getText()).contains("In pool").contains(lossy.path("featuresLost").get(0).asText());
                shot(d, "host-explanation");

                // the what-if mode
                d.findElement(By.id("whatIf")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matrixMode"), "what-if"));
                wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
                shot(d, "what-if");
                assertThat(browserErrors(d)).isEmpty();
            }
        }
    }

    private static List<String> browserErrors(WebDriver d) {
        return d.findElements(By.cssSelector(".error")).stream().map(WebElement::getText).toList();
    }
}
