package org.mergegate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mergegate.report.AuditReports.commit;
import static org.mergegate.report.AuditReports.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.mergegate.audit.AuditReport;
import org.mergegate.audit.CommitCustody.BreakGlassFacts;
import org.mergegate.audit.CommitCustody.MergeRequestFacts;
import org.mergegate.audit.CommitCustody.Violation;

class AuditHtmlTest {
  static final String SCRIPT = "<script>document.title='pwned'</script>";
  static final String IMG = "\"><img src=x onerror=\"document.body.dataset.pwned=1\">";
  static final String SVG = "'><svg onload=alert(1)>";

  private static Document page(AuditReport report) {
    return Jsoup.parse(AuditHtml.render(report, AuditReports.GENERATED));
  }

  /** The first two hex digits of each row's full sha (its title attribute), in page order. */
  private static List<String> shaPrefixes(Document doc, String tableId) {
    return doc.select("#" + tableId + " tbody tr td.sha").stream()
        .map(td -> td.attr("title").substring(0, 2))
        .toList();
  }

  /** A report whose every outside string is an attack: markup, script URLs, bidi, newlines. */
  static AuditReport hostile() {
    return report()
        .project("data/" + SCRIPT, "javascript:alert('project')")
        .branch("main" + IMG)
        .add(
            commit("f1", "2026-11-29T10:00:00Z")
                .title(SCRIPT + " and " + IMG)
                .webUrl("  javascript:alert(1)")
                .breakGlass(
                    new BreakGlassFacts(
                        SVG,
                        "first line " + SCRIPT + "\nsecond line " + IMG,
                        AuditReports.UNTIL.minusSeconds(3600),
                        "javascript:alert(document.cookie)",
                        13L,
                        "opened" + SCRIPT,
                        "JaVaScRiPt:alert(2)"))
                .violations(Violation.BREAK_GLASS_OPEN))
        .add(
            commit("e2", "2026-11-28T23:00:00Z")
                .title("Ünïcödé ✓ 日本 \u202Egnp.exe\u202C and a\nnewline")
                .webUrl("//evil.example/protocol-relative")
                .mergeRequest(
                    new MergeRequestFacts(
                        8,
                        IMG,
                        SCRIPT,
                        null,
                        List.of(SVG, "josé"),
                        true,
                        "data:text/html,<script>alert(3)</script>")))
        .build();
  }

  @Test
  void selfContainedWithAStrictContentSecurityPolicy() throws Exception {
    Document doc = page(AuditReports.mixed());

    String csp = doc.select("meta[http-equiv=Content-Security-Policy]").attr("content");
    assertThat(csp).startsWith("default-src 'none'; style-src 'sha256-");
    assertThat(doc.select("script, link, img, iframe, object, embed, [src], [style]")).isEmpty();
    // The style block is the one the policy's hash allows, so the browser applies it.
    Element style = doc.selectFirst("head > style");
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(style.data().getBytes(StandardCharsets.UTF_8));
    assertThat(csp).contains("'sha256-" + Base64.getEncoder().encodeToString(digest) + "'");
    assertThat(doc.select("style")).hasSize(1);
    assertThat(doc.select("meta[charset]").attr("charset")).isEqualTo("utf-8");
  }

  @Test
  void summaryAtTheTopCountsCommitsAndViolations() {
    Document doc = page(AuditReports.mixed());

    Element header = doc.body().child(0);
    assertThat(header.tagName()).isEqualTo("header");
    assertThat(header.select("h1").text())
        .isEqualTo("Chain of custody: data/airflow-dags, branch main");
    assertThat(header.select("h1 a").attr("href")).isEqualTo(AuditReports.PROJECT_URL);
    assertThat(header.select(".verdict.bad").text()).isEqualTo("3 violations in 3 of 4 commits");
    assertThat(doc.select("#summary-commits").text())
        .isEqualTo("4: 2 by merge request, 1 break-glass, 1 direct push");
    assertThat(doc.select("#summary-violations").text()).isEqualTo("3");
    assertThat(header.text())
        .contains("Range 2026-11-01 00:00:00 to 2026-12-01 00:00:00 UTC, the end excluded")
        .contains("Generated 2026-12-01 02:03:04 UTC");
    assertThat(doc.title()).isEqualTo("merge-gate audit: data/airflow-dags main (3 violations)");
  }

  @Test
  void violationsComeFirstThenEveryCommitNewestFirst() {
    Document doc = page(AuditReports.mixed());

    assertThat(doc.select("body > section").eachAttr("id"))
        .containsExactly("violations", "commits");
    assertThat(shaPrefixes(doc, "violations-table")).containsExactly("d4", "b2", "a1");
    assertThat(shaPrefixes(doc, "commits-table")).containsExactly("d4", "c3", "b2", "a1");
    assertThat(doc.select("#violations h2").text()).isEqualTo("Violations: 3 commits");
    assertThat(doc.select("#commits h2").text()).isEqualTo("Every commit, newest first: 4 commits");
  }

  @Test
  void theReportsOrderIsKeptEvenWhenCommitterDatesAreNot() {
    // First-parent order is the truth; a committer date can be older than its parent's.
    AuditReport report =
        report()
            .add(commit("aa", "2026-11-02T00:00:00Z"))
            .add(commit("bb", "2026-11-09T00:00:00Z"))
            .build();

    assertThat(shaPrefixes(page(report), "commits-table")).containsExactly("aa", "bb");
  }

  @Test
  void violationRowsAreHighlightedAndOthersAreNot() {
    Document doc = page(AuditReports.mixed());

    List<String> highlighted =
        doc.select("#commits-table tbody tr.violation td.sha").eachAttr("title").stream()
            .map(s -> s.substring(0, 2))
            .toList();
    assertThat(highlighted).containsExactly("d4", "b2", "a1");
    assertThat(doc.select("#violations-table tbody tr:not(.violation)")).isEmpty();
    assertThat(doc.select("#commits-table tbody tr").get(0).select(".code").text())
        .isEqualTo("break_glass_open");
    assertThat(doc.select("#commits-table tbody tr").get(3).select(".code").attr("title"))
        .isEqualTo("merged without meeting the policy, and no valid break-glass");
  }

  @Test
  void shortShaInMonospaceWithTheFullShaInItsTitle() {
    Element cell = page(AuditReports.mixed()).selectFirst("#commits-table tbody tr td.sha");

    assertThat(cell.attr("title")).matches("d4[0-9a-f]{38}");
    assertThat(cell.text()).isEqualTo(cell.attr("title").substring(0, 8));
  }

  @Test
  void eachRowLinksToItsCommitMergeRequestJobAndIssue() {
    List<Element> rows = page(AuditReports.mixed()).select("#commits-table tbody tr");
    String base = AuditReports.PROJECT_URL;

    Element breakGlass = rows.get(0);
    assertThat(breakGlass.select("a").eachAttr("href"))
        .containsExactly(
            base + "/-/commit/" + breakGlass.selectFirst("td.sha").attr("title"),
            base + "/-/jobs/4711",
            base + "/-/issues/12");
    assertThat(breakGlass.select("a").eachText()).containsExactly("d4012345", "job", "issue #12");
    assertThat(breakGlass.text()).contains("by @sre-sam, 2026-11-28 22:17:00", "(open)");

    Element merged = rows.get(1);
    assertThat(merged.select("a").eachAttr("href"))
        .containsExactly(
            base + "/-/commit/" + merged.selectFirst("td.sha").attr("title"),
            base + "/-/merge_requests/7");
    assertThat(merged.child(4).text())
        .isEqualTo(
            "!7 by @alice merged by @carol, 2026-11-20 09:29:00 approved by @bob, @dave policy met");

    assertThat(rows.get(2).select("a")).hasSize(1);
    assertThat(rows.get(3).child(4).text()).contains("approved by nobody", "policy not met");
  }

  @Test
  void attackStringsAreShownAsTextAndNeverBecomeMarkupOrScriptLinks() {
    Document doc = page(hostile());

    assertThat(doc.select("script, img, svg, [onerror], [onload], [style]")).isEmpty();
    assertThat(doc.select("a[href]").eachAttr("href")).isEmpty();
    assertThat(doc.select("span[title]:contains(no link)").eachAttr("title"))
        .hasSize(9) // the project, then commit, job, issue, commit, MR; once more for violations
        .containsOnly("link withheld: not an http(s) URL");
    assertThat(doc.title()).startsWith("merge-gate audit: data/" + SCRIPT + " main" + IMG);
    Element row = doc.select("#commits-table tbody tr").get(0);
    assertThat(row.child(2).text()).isEqualTo(SCRIPT + " and " + IMG);
    assertThat(row.child(5).text())
        .contains("by @" + SVG, "first line " + SCRIPT, "second line " + IMG)
        .contains("job (no link)")
        .contains("issue #13 (no link) (opened" + SCRIPT + ")");
    assertThat(row.child(0).text()).isEqualTo("f1012345 (no link)");
    Element merged = doc.select("#commits-table tbody tr").get(1);
    assertThat(merged.child(4).text())
        .startsWith("!8 (no link) by @" + IMG)
        .contains("merged by @" + SCRIPT, "approved by @" + SVG + ", @josé");
    assertThat(doc.select("h1").text()).contains("data/" + SCRIPT, "branch main" + IMG);
  }

  @Test
  void bidiAndControlCharactersAreSpelledOutAndOtherNonAsciiIsKept() {
    Element title = page(hostile()).select("#commits-table tbody tr").get(1).child(2);

    assertThat(title.text()).isEqualTo("Ünïcödé ✓ 日本 \\u202Egnp.exe\\u202C and a\\u000Anewline");
  }

  @Test
  void aMultiLineReasonKeepsItsLines() {
    Element reason =
        page(hostile()).select("#commits-table tbody tr").get(0).selectFirst(".reason");

    assertThat(reason.wholeText()).isEqualTo("first line " + SCRIPT + "\nsecond line " + IMG);
  }

  @Test
  void anEmptyReportSaysSoAndHasNoTables() {
    Document doc = page(report().build());

    assertThat(doc.select("table")).isEmpty();
    assertThat(doc.select(".verdict.ok").text()).isEqualTo("No violations in 0 commits");
    assertThat(doc.select("#summary-commits").text()).isEqualTo("0");
    assertThat(doc.select("#violations").text()).contains("None");
    assertThat(doc.select("#commits").text()).contains("No commit reached the branch");
  }

  @Test
  void aCleanReportHasNoViolationTableAndNoHighlight() {
    AuditReport report =
        report()
            .add(
                commit("c3", "2026-11-20T09:30:00Z")
                    .mergeRequest(7, "alice", "carol", List.of("bob"), true))
            .build();
    Document doc = page(report);

    assertThat(doc.select("#violations-table")).isEmpty();
    assertThat(doc.select("tr.violation, .verdict.bad")).isEmpty();
    assertThat(doc.select(".verdict.ok").text()).isEqualTo("No violations in 1 commit");
  }

  @Test
  void aReportOfOnlyViolationsHighlightsEveryRowInBothTables() {
    AuditReport report =
        report()
            .add(commit("b2", "2026-11-12T16:45:00Z").violations(Violation.DIRECT_PUSH))
            .add(
                commit("a1", "2026-11-03T08:00:00Z")
                    .mergeRequest(5, "erin", null, List.of(), false)
                    .violations(Violation.NOT_APPROVED, Violation.BREAK_GLASS_OPEN))
            .build();
    Document doc = page(report);

    assertThat(doc.select("#violations-table tbody tr.violation")).hasSize(2);
    assertThat(doc.select("#commits-table tbody tr.violation")).hasSize(2);
    assertThat(doc.select(".verdict.bad").text()).isEqualTo("3 violations in 2 of 2 commits");
    assertThat(doc.select("#commits-table tbody tr").get(1).select(".code").eachText())
        .containsExactly("not_approved", "break_glass_open");
    assertThat(doc.select("#commits-table tbody tr").get(1).child(4).text())
        .contains("merged by unknown");
  }

  @Test
  void aBreakGlassWithoutFollowUpIssueSaysSo() {
    AuditReport report =
        report()
            .add(commit("ab", "2026-11-05T00:00:00Z").breakGlass("sam", "why", null, null))
            .build();

    assertThat(page(report).select("#commits-table tbody tr").get(0).child(5).text())
        .endsWith("job, no follow-up issue");
  }

  @Test
  void stampedWithTheTimeItWasGenerated() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String generated =
        Jsoup.parse(AuditHtml.render(AuditReports.mixed())).select("dd").last().text();
    Instant stamped =
        LocalDateTime.parse(generated.substring(0, 19).replace(' ', 'T')).toInstant(ZoneOffset.UTC);

    assertThat(generated).endsWith(" UTC by merge-gate audit");
    assertThat(stamped).isBetween(before, Instant.now());
  }

  @Test
  void onlyAbsoluteHttpAndHttpsUrlsCountAsLinks() {
    assertThat(AuditHtml.isWebUrl("https://gitlab.example.org/a/b/-/jobs/1")).isTrue();
    assertThat(AuditHtml.isWebUrl("HTTP://gitlab.example.org/")).isTrue();
    assertThat(AuditHtml.isWebUrl("javascript:alert(1)")).isFalse();
    assertThat(AuditHtml.isWebUrl("java\tscript:alert(1)")).isFalse();
    assertThat(AuditHtml.isWebUrl(" https://gitlab.example.org/")).isFalse();
    assertThat(AuditHtml.isWebUrl("//evil.example/")).isFalse();
    assertThat(AuditHtml.isWebUrl("https:/no-host")).isFalse();
    assertThat(AuditHtml.isWebUrl("file:///etc/passwd")).isFalse();
  }

  @Test
  void escapesAllFiveSpecialCharacters() {
    assertThat(AuditHtml.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
    assertThat(AuditHtml.escape("plain ✓")).isEqualTo("plain ✓");
  }
}
