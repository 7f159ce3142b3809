package org.mergegate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.breakglass.BreakGlassNote;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.breakglass.FollowUpIssueText;
import org.mergegate.exit.ExitCode;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.FakeGitLab.Approver;

/**
 * {@code merge-gate audit} against a WireMock GitLab. main's first-parent history, newest first: M3
 * (approved merge of !3), P (a direct push), G (a direct push with a valid break-glass record, its
 * follow-up issue still open), M2 (a self-approved merge of !2), F2 and F1 (a fast-forward merge of
 * !1, two commits), then BASE, committed before the audited range.
 */
class AuditCommandTest {
  private static final String M3 = "3333333333333333333333333333333333333333";
  private static final String H3 = "3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a";
  private static final String P = "5555555555555555555555555555555555555555";
  private static final String G = "6666666666666666666666666666666666666666";
  private static final String M2 = "2222222222222222222222222222222222222222";
  private static final String H2 = "2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a";
  private static final String F2 = "f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2f2";
  private static final String F1 = "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1";
  private static final String BASE = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
  private static final String MERGED_AT = "2024-05-02T12:00:00.000Z";
  private static final String APPROVED = "2024-05-02T10:00:00.000Z";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REASON = "checkout is down for everyone, shipping the fix";

  private final FakeGitLab gitlab = new FakeGitLab();
  @TempDir Path tmp;

  @AfterEach
  void stop() {
    gitlab.close();
  }

  private void history() {
    history(Map.of());
  }

  /**
   * main's history; {@code forged} sets some committer dates. GitLab's push events put main at BASE
   * before --since (11:55) and at M3 before --until: what the audit covers.
   */
  private void history(Map<String, String> forged) {
    gitlab.project();
    // Committed 12:00, 11:59, ... 11:54 on 2024-05-03: BASE falls before --since 11:55.
    gitlab
        .branchAt("main", M3)
        .firstParentHistory(List.of(M3, P, G, M2, F2, F1, BASE), null, forged);
    gitlab.pushEvents(
        "main",
        "2024-05-03T12:00:05.000Z",
        M3,
        "2024-05-03T11:59:05.000Z",
        P,
        "2024-05-03T11:58:05.000Z",
        G,
        "2024-05-03T11:57:05.000Z",
        M2,
        "2024-05-03T11:56:05.000Z",
        F2,
        "2024-05-03T11:54:05.000Z",
        BASE);
    gitlab.mergedRequest(3, "alice", M3, P, H3, MERGED_AT, Approver.human("bob", APPROVED));
    gitlab.commit(P, G).commitMergeRequests(P).commitComments(P);
    gitlab.commit(G, M2).commitMergeRequests(G);
    gitlab.fileAt(M2, ".gitlab/merge-gate.yml", "break_glass:\n  allowed: [\"@sre-sam\"]\n");
    BreakGlassRecord record =
        new BreakGlassRecord(
            G,
            "sre-sam",
            REASON,
            Instant.parse("2024-05-03T11:50:00Z"),
            "https://gitlab.example.com/acme/payments/-/jobs/9",
            null);
    gitlab.commitComments(G, new String[] {FakeGitLab.GATE_USER, BreakGlassNote.render(record)});
    followUpIssue(record, "opened");
    gitlab.mergedRequest(2, "dave", M2, F2, H2, MERGED_AT, Approver.human("dave", APPROVED));
    var mr1 =
        gitlab.mergedRequest(1, "erin", F2, BASE, F2, MERGED_AT, Approver.human("bob", APPROVED));
    gitlab.commit(F1, BASE).commitMergeRequests(F1, mr1).commitComments(F1);
    gitlab.pages(
        "/api/v4/projects/42/merge_requests/1/commits", List.of(commitEntry(F2), commitEntry(F1)));
  }

  private void followUpIssue(BreakGlassRecord record, String state) {
    followUpIssue(record, state, "closed".equals(state) ? "bob" : null);
  }

  private void followUpIssue(BreakGlassRecord record, String state, String closedBy) {
    ObjectNode issue = FakeGitLab.fixture("issue.json");
    issue.put("state", state);
    if (closedBy != null) {
      issue.set("closed_by", FakeGitLab.fixture("user_basic.json").put("username", closedBy));
    }
    // Exactly what the break-glass job writes, by the gate's own user: the only issue that counts.
    issue.put(
        "description",
        FollowUpIssueText.render(
            record, "https://gitlab.example.com/acme/payments/-/commit/" + record.sha()));
    ((ObjectNode) issue.get("author")).put("username", FakeGitLab.GATE_USER);
    gitlab.pages("/api/v4/projects/42/issues", List.of(issue));
  }

  private static JsonNode commitEntry(String sha) {
    return FakeGitLab.fixture("commit.json").put("id", sha);
  }

  private GateRun audit(String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("--since", "2024-05-03T11:55:00Z", "--until", "2024-05-04"));
    args.addAll(List.of(extra));
    return GateRun.run(gitlab, tmp, Map.of(), "audit", args.toArray(String[]::new));
  }

  @Test
  void theJsonReportHasEveryCommitNewestFirstWithItsCustodyAndViolations() throws IOException {
    history();

    GateRun run = audit("--format", "json");

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    JsonNode report = JSON.readTree(run.stdout);
    assertThat(report.get("project").asText()).isEqualTo("acme/payments");
    assertThat(report.get("branch").asText()).isEqualTo("main");
    assertThat(report.get("since").asText()).isEqualTo("2024-05-03T11:55:00Z");
    assertThat(report.get("until").asText()).isEqualTo("2024-05-04T00:00:00Z");
    List<String> shas = new ArrayList<>();
    report.get("commits").forEach(c -> shas.add(c.get("sha").asText()));
    // F1 arrived inside !1's fast-forward merge: it is part of F2's row, not a row of its own.
    assertThat(shas).containsExactly(M3, P, G, M2, F2);
    assertThat(report.get("commits").get(0))
        .isEqualTo(
            JSON.readTree(
                "{\"sha\":\""
                    + M3
                    + "\",\"committed_at\":\"2024-05-03T12:00:00Z\",\"title\":\"commit 0\","
                    + "\"how\":\"merge_request\",\"merge_request\":{\"iid\":3,\"author\":\"alice\","
                    + "\"merged_by\":\"carol\",\"approved_by\":[\"bob\"],\"policy_met\":true},"
                    + "\"break_glass\":null,\"violations\":[]}"));
    JsonNode push = report.get("commits").get(1);
    assertThat(push.get("how").asText()).isEqualTo("direct_push");
    assertThat(push.get("violations"))
        .containsExactly(JSON.getNodeFactory().textNode("direct_push"));
    assertThat(report.get("commits").get(2))
        .isEqualTo(
            JSON.readTree(
                "{\"sha\":\""
                    + G
                    + "\",\"committed_at\":\"2024-05-03T11:58:00Z\",\"title\":\"commit 2\","
                    + "\"how\":\"break_glass\",\"merge_request\":null,\"break_glass\":{\"by\":"
                    + "\"sre-sam\",\"reason\":\""
                    + REASON
                    + "\",\"issue_iid\":12,\"issue_state\":\"opened\"},"
                    + "\"violations\":[\"break_glass_open\"]}"));
    JsonNode selfMerged = report.get("commits").get(3);
    assertThat(selfMerged.at("/merge_request/policy_met").asBoolean()).isFalse();
    assertThat(selfMerged.at("/merge_request/approved_by")).isEmpty();
    assertThat(selfMerged.get("violations").toString()).isEqualTo("[\"not_approved\"]");
    JsonNode fastForward = report.get("commits").get(4);
    assertThat(fastForward.at("/merge_request/iid").asLong()).isEqualTo(1);
    assertThat(fastForward.get("violations")).isEmpty();
    assertThat(report.get("summary")).isEqualTo(JSON.readTree("{\"commits\":5,\"violations\":3}"));
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: the audit of main found 3 violations on 3 of 5 commits: each one above"
                + " says who bypassed review and what closes it");
  }

  @Test
  void aDirectPushWhoseCommitterDateIsForgedIntoThePastIsStillReported() throws IOException {
    // P landed between G and M3 (GitLab's push events say so), but claims to be from 2019.
    history(Map.of(P, "2019-01-01T00:00:00.000Z"));

    GateRun run = audit("--format", "json");

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    JsonNode report = JSON.readTree(run.stdout);
    List<String> shas = new ArrayList<>();
    report.get("commits").forEach(c -> shas.add(c.get("sha").asText()));
    assertThat(shas).containsExactly(M3, P, G, M2, F2);
    assertThat(report.at("/commits/1/how").asText()).isEqualTo("direct_push");
    assertThat(report.at("/commits/1/committed_at").asText()).isEqualTo("2019-01-01T00:00:00Z");
  }

  @Test
  void aDirectPushWhoseCommitterDateIsForgedIntoTheFutureIsStillReported() throws IOException {
    history(Map.of(P, "2099-01-01T00:00:00.000Z"));

    GateRun run = audit("--format", "json");

    JsonNode report = JSON.readTree(run.stdout);
    assertThat(report.at("/commits/1/sha").asText()).isEqualTo(P);
    assertThat(report.at("/commits/1/violations/0").asText()).isEqualTo("direct_push");
    assertThat(report.at("/summary/commits").asInt()).isEqualTo(5);
  }

  @Test
  void commitsThatLandedAfterUntilAreLeftToTheNextAuditWhateverTheirDates() throws IOException {
    // main was at G when --until came: M3 and P landed later, though P claims an old date.
    history(Map.of(P, "2024-05-03T11:56:30.000Z"));
    gitlab.firstParentHistory(List.of(G, M2, F2, F1, BASE), null);

    GateRun run =
        GateRun.run(
            gitlab,
            tmp,
            Map.of(),
            "audit",
            "--since",
            "2024-05-03T11:55:00Z",
            "--until",
            "2024-05-03T11:58:30Z",
            "--format",
            "json");

    JsonNode report = JSON.readTree(run.stdout);
    List<String> shas = new ArrayList<>();
    report.get("commits").forEach(c -> shas.add(c.get("sha").asText()));
    assertThat(shas).containsExactly(G, M2, F2);
  }

  @Test
  void withoutUntilTheAuditRunsToTheHeadEvenBeforeGitLabHasWrittenItsPushEvents()
      throws IOException {
    history();
    // GitLab writes push events in the background: the newest pushes may have none yet.
    gitlab.pushEvents("main", "2024-05-03T11:54:05.000Z", BASE);

    GateRun run =
        GateRun.run(
            gitlab, tmp, Map.of(), "audit", "--since", "2024-05-03T11:55:00Z", "--format", "json");

    JsonNode report = JSON.readTree(run.stdout);
    List<String> shas = new ArrayList<>();
    report.get("commits").forEach(c -> shas.add(c.get("sha").asText()));
    assertThat(shas).containsExactly(M3, P, G, M2, F2);
  }

  @Test
  void withoutAnyPushEventBeforeUntilTheAuditFailsRatherThanReportNothing() throws IOException {
    history();

    GateRun run =
        GateRun.run(
            gitlab,
            tmp,
            Map.of(),
            "audit",
            "--since",
            "2024-05-01T00:00:00Z",
            "--until",
            "2024-05-02T00:00:00Z",
            "--format",
            "json");

    assertThat(run.code).isEqualTo(ExitCode.EXTERNAL);
    assertThat(run.stdout).isEmpty();
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: GitLab records no push to main before 2024-05-02T00:00:00Z (it keeps"
                + " events for three years), so merge-gate cannot tell which commits main held"
                + " then: nothing audited");
  }

  @Test
  void itOnlyReadsNeverWritingToGitLab() throws IOException {
    history();
    gitlab.acceptRecords();

    audit("--format", "json");

    assertThat(gitlab.requests())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getRequest().getMethod().getName()).isEqualTo("GET"));
  }

  @Test
  void theTextReportPutsViolationsFirstAndSaysWhatClosesThem() throws IOException {
    history();

    GateRun run = audit();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.stdout)
        .startsWith(
            "merge-gate audit: acme/payments main, commits from 2024-05-03T11:55:00Z until"
                + " 2024-05-04T00:00:00Z: 5 commits, 3 violations\n\nVIOLATIONS (newest first)\n"
                + "  55555555  direct_push  \"commit 1\"\n"
                + "      No merged merge request produced it and it has no valid break-glass"
                + " record: find who pushed it (the project's activity), and review it.\n"
                + "  66666666  break_glass_open  \"commit 2\"\n"
                + "      Break-glass by @sre-sam (\""
                + REASON
                + "\"): its follow-up issue #12 is still open: review the change and close it.\n"
                + "  22222222  not_approved  \"commit 3\"\n"
                + "      !2 by @dave was merged by @carol without the approvals its policy"
                + " required (counted: none) and has no valid break-glass record: review it after"
                + " the fact.\n\nCOMMITS (newest first)\n")
        .contains(
            "  33333333  2024-05-03 12:00  !3 by @alice, merged by @carol, approved by @bob"
                + " (policy met)  \"commit 0\"\n")
        .contains(
            "  66666666  2024-05-03 11:58  break-glass by @sre-sam, follow-up #12 opened"
                + "  [break_glass_open]  \"commit 2\"\n")
        .doesNotContain("f1f1f1f1");
  }

  @Test
  void aClosedFollowUpIssueClosesTheBypassAndACleanRangeExitsZero() throws IOException {
    history();
    // Only the break-glass commit and the approved merge on top of it are in range.
    gitlab.firstParentHistory(List.of(M3, G, M2), F2);
    gitlab.pushEvents("main", "2024-05-03T12:00:05.000Z", M3, "2024-05-03T11:54:05.000Z", M2);
    gitlab.mergedRequest(3, "alice", M3, G, H3, MERGED_AT, Approver.human("bob", APPROVED));
    BreakGlassRecord record =
        new BreakGlassRecord(
            G,
            "sre-sam",
            REASON,
            Instant.parse("2024-05-03T11:50:00Z"),
            "https://gitlab.example.com/acme/payments/-/jobs/9",
            null);
    followUpIssue(record, "closed");

    GateRun run =
        audit(
            "--output",
            tmp.resolve("out/audit.txt").toString(),
            "--json-output",
            tmp.resolve("out/audit.json").toString());

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stdout)
        .isEqualTo(
            "merge-gate: wrote the audit of 2 commits to "
                + tmp.resolve("out/audit.txt")
                + " (0 violations)\n");
    assertThat(Files.readString(tmp.resolve("out/audit.txt")))
        .startsWith("merge-gate audit: acme/payments main, commits from");
    JsonNode report = JSON.readTree(Files.readString(tmp.resolve("out/audit.json")));
    assertThat(report.at("/commits/1/break_glass/issue_state").asText()).isEqualTo("closed");
    assertThat(report.at("/commits/1/violations")).isEmpty();
  }

  @Test
  void aFollowUpIssueClosedByWhoeverBrokeGlassLeavesTheBypassOpen() throws IOException {
    history();
    gitlab.firstParentHistory(List.of(M3, G, M2), F2);
    gitlab.pushEvents("main", "2024-05-03T12:00:05.000Z", M3, "2024-05-03T11:54:05.000Z", M2);
    gitlab.mergedRequest(3, "alice", M3, G, H3, MERGED_AT, Approver.human("bob", APPROVED));
    BreakGlassRecord record =
        new BreakGlassRecord(
            G,
            "sre-sam",
            REASON,
            Instant.parse("2024-05-03T11:50:00Z"),
            "https://gitlab.example.com/acme/payments/-/jobs/9",
            null);
    // The person who bypassed review closes the issue that asks for it: nobody else looked.
    followUpIssue(record, "closed", "SRE-Sam");

    GateRun text = audit();
    GateRun json = audit("--format", "json");

    assertThat(json.code).isEqualTo(ExitCode.NOT_SATISFIED);
    JsonNode report = JSON.readTree(json.stdout);
    assertThat(report.at("/commits/1/break_glass/issue_state").asText()).isEqualTo("closed");
    assertThat(report.at("/commits/1/violations").toString()).isEqualTo("[\"break_glass_open\"]");
    assertThat(text.stdout)
        .contains(
            "its follow-up issue #12 was closed by whoever broke glass or wrote the change, whose"
                + " own review does not count: have someone else review the change, then reopen"
                + " and close it.");
  }

  @Test
  void aBreakGlassWhoseFollowUpIssueWasOpenedBySomeoneElseStaysOpen() throws IOException {
    history();
    ObjectNode forged = FakeGitLab.fixture("issue.json");
    forged.put("state", "closed").put("description", "closing the review of " + G);
    ((ObjectNode) forged.get("author")).put("username", "mallory");
    gitlab.pages("/api/v4/projects/42/issues", List.of(forged));

    GateRun run = audit();

    assertThat(run.stdout)
        .contains(
            "no follow-up issue opened by the gate was found (merge-gate counts only those), so"
                + " nobody is known to have reviewed it: review the change.")
        .contains("break-glass by @sre-sam, no follow-up issue found  [break_glass_open]");
  }

  @Test
  void aMergeCommitWhoseMergeRequestIsNotMergedFailsClosedNamingTheCommit() throws IOException {
    history();
    ObjectNode open = FakeGitLab.fixture("merge_request.json");
    open.put("iid", 2).put("state", "opened").put("sha", H2);
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/projects/42/merge_requests/2"))
                .willReturn(FakeGitLab.json(open)));

    GateRun run = audit();

    assertThat(run.code).isEqualTo(ExitCode.EXTERNAL);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: judging commit 22222222: GitLab listed !2 as merged into main but it is"
                + " not; re-run");
  }

  @Test
  void aHistoryPageThatFailsIsAnErrorNeverAShorterReport() throws IOException {
    history();
    gitlab
        .server()
        .stubFor(
            FakeGitLab.onPage(get(urlPathEqualTo(FakeGitLab.REPO + "/commits")), 1)
                .willReturn(FakeGitLab.error(500, "500 Internal Server Error")));

    GateRun run = audit("--format", "json");

    assertThat(run.code).isEqualTo(ExitCode.EXTERNAL);
    assertThat(run.stdout).isEmpty();
    assertThat(run.lastErrLine()).contains("500 Internal Server Error");
  }

  @Test
  void aBranchThatDoesNotExistIsAnErrorNotACleanReport() throws IOException {
    history();
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(FakeGitLab.REPO + "/branches/mian"))
                .willReturn(FakeGitLab.error(404, "404 Branch Not Found")));

    GateRun run = audit("--branch", "mian");

    assertThat(run.code).isEqualTo(ExitCode.CONFIG);
    assertThat(run.stdout).isEmpty();
    assertThat(run.lastErrLine()).startsWith("merge-gate: GitLab cannot find the branch mian");
  }

  @Test
  void csvAndHtmlCarryTheSameCommitsAsJson() throws IOException {
    history();

    GateRun csv = audit("--format", "csv");
    GateRun html = audit("--format", "html");

    assertThat(csv.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(csv.stdout.split("\r\n")).hasSize(1 + 5).anyMatch(l -> l.contains("direct_push"));
    assertThat(html.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(html.stdout).startsWith("<!DOCTYPE html>").contains(G).contains("not_approved");
  }

  @Test
  void aDateThatIsNotIso8601IsAUsageError() throws IOException {
    GateRun run = GateRun.run(gitlab, tmp, Map.of(), "audit", "--since", "last tuesday");

    assertThat(run.code).isEqualTo(ExitCode.CONFIG);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: --since must be an ISO-8601 date or timestamp, e.g. 2024-05-01 or"
                + " 2024-05-01T09:00:00Z (got last tuesday)");
    assertThat(gitlab.requestCount()).isZero();
  }
}
