package org.mergegate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.audit.AuditReport;
import org.mergegate.audit.CommitCustody;

/**
 * The HTML report as people see it: Debian's Chromium, headless, loads the file, and the test
 * checks the tables the browser actually built ({@code --dump-dom}) and the pixels it painted
 * ({@code --screenshot}, kept in {@code target/audit-html/report.png} for a person to look at).
 *
 * <p>Skipped when there is no Chromium on this machine; required under {@code CI=true}, where
 * {@code .ci/run} installs it, so a missing install step fails instead of hiding. A CI job that
 * cannot have Chromium says so, with its reason, in {@code MERGE_GATE_SKIP_BROWSER_TEST}.
 */
class AuditHtmlBrowserTest {
  private static final List<Path> CANDIDATES =
      List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
  private static final long TIMEOUT_SECONDS = 60;
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 900;
  private static final int VIOLATION_ROW = 0xffebe9;
  private static final int VIOLATION_BADGE = 0xcf222e;
  private static final String PWN =
      "<script>document.body.dataset.pwned='1';document.title='pwned'</script>\n";

  /** Set to a reason, it lets a CI job whose image has no Chromium package skip this test. */
  static final String SKIP_VARIABLE = "MERGE_GATE_SKIP_BROWSER_TEST";

  private static Path chromium() {
    Path found = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    if (found == null) {
      String where = "no Chromium at " + CANDIDATES.get(0) + " (apt-get install -y chromium)";
      String skipReason = System.getenv(SKIP_VARIABLE);
      if (skipReason != null && !skipReason.isBlank()) {
        Assumptions.abort(where + "; skipped because " + SKIP_VARIABLE + "=" + skipReason);
      }
      if ("true".equals(System.getenv("CI"))) {
        fail(
            where
                + ", and CI=true requires this test: .ci/run installs it (or set "
                + SKIP_VARIABLE
                + " to the reason this job cannot)");
      }
      Assumptions.abort(where + "; skipping the headless-browser check of the HTML report");
    }
    return found;
  }

  /** Runs Chromium headless on {@code page}; returns its stdout. Killed after the timeout. */
  private static String run(Path chromium, Path dir, String name, List<String> action, Path page)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(chromium.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + Files.createDirectory(dir.resolve(name + "-profile"))));
    command.addAll(action);
    command.add(page.toUri().toString());
    Path stdout = dir.resolve(name + ".out");
    Path stderr = dir.resolve(name + ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("chromium " + action + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      fail(
          "chromium "
              + action
              + " exited "
              + process.exitValue()
              + ": "
              + Files.readString(stderr, StandardCharsets.UTF_8));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  /** The mixed report with the hostile commits on top: attacks and every kind of row at once. */
  private static AuditReport mixedAndHostile() {
    AuditReport mixed = AuditReports.mixed();
    List<CommitCustody> commits =
        Stream.concat(AuditHtmlTest.hostile().commits().stream(), mixed.commits().stream())
            .toList();
    return new AuditReport(
        mixed.project(),
        mixed.projectWebUrl(),
        mixed.branch(),
        mixed.since(),
        mixed.until(),
        commits);
  }

  @Test
  void chromiumBuildsTheTablesPaintsTheHighlightAndRunsNoScript(@TempDir Path dir)
      throws Exception {
    Path chromium = chromium();
    AuditReport report = mixedAndHostile();
    // A script appended as if an escaping bug had let one through: the page's own
    // Content-Security-Policy must stop it in a real browser.
    String html =
        AuditHtml.render(report, AuditReports.GENERATED).replace("</body>", PWN + "</body>");
    Path page = dir.resolve("report.html");
    Files.writeString(page, html, StandardCharsets.UTF_8);

    Document built = Jsoup.parse(run(chromium, dir, "dom", List.of("--dump-dom"), page));

    assertThat(built.select("#commits-table tbody tr")).hasSize(report.commitCount());
    assertThat(built.select("#violations-table tbody tr.violation"))
        .hasSize(report.violating().size());
    assertThat(built.select("#summary-commits").text()).startsWith("6: ");
    assertThat(built.body().hasAttr("data-pwned")).as("the injected script ran").isFalse();
    assertThat(built.title()).startsWith("merge-gate audit: ");
    assertThat(built.select("img, svg, iframe, [onerror], [onload]")).isEmpty();
    assertThat(built.select("#commits-table a[href]").eachAttr("href"))
        .allMatch(href -> href.startsWith(AuditReports.PROJECT_URL + "/"))
        .hasSize(8);

    Path png = Path.of("target", "audit-html", "report.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    run(
        chromium,
        dir,
        "screenshot",
        List.of("--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT),
        page);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("a PNG at " + png).isNotNull();
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);
    int highlight = 0;
    int badge = 0;
    int nonWhite = 0;
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        highlight += rgb == VIOLATION_ROW ? 1 : 0;
        badge += rgb == VIOLATION_BADGE ? 1 : 0;
        nonWhite += rgb == 0xffffff ? 0 : 1;
      }
    }
    // The highlight and the badges are painted only if the browser accepted the stylesheet, i.e.
    // the policy's hash matches it; text alone would give neither colour.
    assertThat(highlight).as("pixels of the violation row colour").isGreaterThan(20_000);
    assertThat(badge).as("pixels of the violation badge colour").isGreaterThan(500);
    assertThat(colours).as("distinct colours (text is anti-aliased)").hasSizeGreaterThan(50);
    assertThat(nonWhite).as("painted pixels").isGreaterThan(WIDTH * HEIGHT / 10);
  }
}
