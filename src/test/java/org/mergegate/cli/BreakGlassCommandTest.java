package org.mergegate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

/** {@code merge-gate break-glass}, and {@code check} honouring what it records. */
class BreakGlassCommandTest {
  private static final String REASON = "payments are failing in production, hotfix for INC-1234";
  private static final String JOB = "https://gitlab.example.com/acme/payments/-/jobs/5151";
  private static final String JOB_PAGE = "https://gitlab.example.com/acme/payments/-/jobs/42001";
  private static final String POLICY =
      "break_glass:\n  allowed: [\"@sre-sam\", \"@data-platform-sre\"]\n"
          + "  labels: [\"break-glass\", \"needs-review\"]\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeGitLab gitlab = new FakeGitLab();
  @TempDir Path tmp;

  @AfterEach
  void stop() {
    gitlab.close();
  }

  private GateRun breakGlass(Map<String, String> env, String... args) throws IOException {
    List<String> all =
        new java.util.ArrayList<>(
            List.of("--mr", "7", "--output", tmp.resolve("break-glass.json").toString()));
    all.addAll(List.of(args));
    return GateRun.run(gitlab, tmp, env, "break-glass", all.toArray(String[]::new));
  }

  /** A manual job started by {@code user}: GitLab's record says so, and so does the variable. */
  private Map<String, String> ci(String user) {
    gitlab.currentJob(user);
    return Map.of(
        "GITLAB_USER_LOGIN", user,
        "MERGE_GATE_REASON", REASON,
        "CI_JOB_URL", JOB,
        "CI_JOB_TOKEN", FakeGitLab.JOB_TOKEN);
  }

  @Test
  void aPermittedUserRecordsANoteAnIssueAndTheArtifact() throws IOException {
    gitlab.mergeRequest("alice", "1").targetFile(".gitlab/merge-gate.yml", POLICY).acceptRecords();
    Instant before = Instant.now();

    GateRun run = breakGlass(ci("sre-sam"));

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.firstOutLine())
        .isEqualTo(
            "merge-gate: BREAK-GLASS recorded for !7 at 88888888 by @sre-sam: "
                + REASON
                + " (review is still required after the fact)");
    assertThat(run.stdout)
        .contains(
            "merge-gate: follow-up review issue #12:"
                + " https://gitlab.example.com/acme/payments/-/issues/12");
    var notes = gitlab.requests("POST", FakeGitLab.MR_PATH + "/notes");
    assertThat(notes).hasSize(1);
    String body = JSON.readTree(notes.get(0).getRequest().getBodyAsString()).get("body").asText();
    BreakGlassRecord record = BreakGlassNote.parse(body).orElseThrow();
    assertThat(record.sha()).isEqualTo(FakeGitLab.HEAD);
    assertThat(record.user()).isEqualTo("sre-sam");
    assertThat(record.reason()).isEqualTo(REASON);
    // The job's page as GitLab reports it, not the CI_JOB_URL variable.
    assertThat(record.jobUrl()).isEqualTo(JOB_PAGE);
    assertThat(record.mergeRequest()).isEqualTo(7L);
    assertThat(Duration.between(before, record.at()).abs()).isLessThan(Duration.ofMinutes(1));

    var issues = gitlab.requests("POST", "/api/v4/projects/42/issues");
    assertThat(issues).hasSize(1);
    JsonNode issue = JSON.readTree(issues.get(0).getRequest().getBodyAsString());
    assertThat(issue.get("title").asText()).isEqualTo("Review after break-glass: !7");
    assertThat(issue.get("labels").asText()).isEqualTo("break-glass,needs-review");
    assertThat(issue.get("description").asText())
        .contains("https://gitlab.example.com/acme/payments/-/merge_requests/7/diffs")
        .contains(BreakGlassNote.toJson(record));

    JsonNode artifact = JSON.readTree(Files.readString(tmp.resolve("break-glass.json")));
    assertThat(artifact.get("sha").asText()).isEqualTo(FakeGitLab.HEAD);
    assertThat(artifact.get("user").asText()).isEqualTo("sre-sam");
    assertThat(artifact.get("reason").asText()).isEqualTo(REASON);
    assertThat(artifact.get("at").asText()).isEqualTo(record.at().toString());
    assertThat(artifact.get("job_url").asText()).isEqualTo(JOB_PAGE);
    assertThat(artifact.get("merge_request").asLong()).isEqualTo(7);
    assertThat(artifact.get("follow_up_issue").asText())
        .isEqualTo("https://gitlab.example.com/acme/payments/-/issues/12");
  }

  @Test
  void aMemberOfAnAllowedGroupMayBreakGlassOnADefaultBranchCommit() throws IOException {
    gitlab.project().commit(FakeGitLab.MERGE_SHA, FakeGitLab.TARGET_SHA).acceptRecords();
    gitlab.fileAt(FakeGitLab.TARGET_SHA, ".gitlab/merge-gate.yml", POLICY);
    gitlab.groupMembers("data-platform-sre", Map.of("olga", 40));
    gitlab
        .currentJob("olga", 42, FakeGitLab.MERGE_SHA, "main")
        .commitComments(FakeGitLab.MERGE_SHA);

    GateRun run =
        GateRun.run(
            gitlab,
            tmp,
            Map.of(
                "GITLAB_USER_LOGIN",
                "olga",
                "CI_JOB_TOKEN",
                FakeGitLab.JOB_TOKEN,
                "CI_COMMIT_SHA",
                FakeGitLab.MERGE_SHA,
                "CI_COMMIT_BRANCH",
                "main"),
            "break-glass",
            "--reason",
            REASON,
            "--output",
            tmp.resolve("break-glass.json").toString());

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.firstOutLine())
        .startsWith("merge-gate: BREAK-GLASS recorded for commit 1a2b3c4d");
    var comments =
        gitlab.requests("POST", FakeGitLab.REPO + "/commits/" + FakeGitLab.MERGE_SHA + "/comments");
    assertThat(comments).hasSize(1);
    String note =
        JSON.readTree(comments.get(0).getRequest().getBodyAsString()).get("note").asText();
    assertThat(BreakGlassNote.parse(note).orElseThrow().mergeRequest()).isNull();
    JsonNode issue =
        JSON.readTree(
            gitlab
                .requests("POST", "/api/v4/projects/42/issues")
                .get(0)
                .getRequest()
                .getBodyAsString());
    assertThat(issue.get("title").asText()).isEqualTo("Review after break-glass: 1a2b3c4d");
    assertThat(issue.get("description").asText())
        .contains("https://gitlab.example.com/acme/payments/-/commit/" + FakeGitLab.MERGE_SHA);
  }

  @Test
  void anUnpermittedUserIsRefusedAndNothingIsWritten() throws IOException {
    // No policy: the defaults allow the project's Maintainers and Owners; alice is a Developer.
    gitlab.mergeRequest("alice", "1").projectMembers(Map.of("mike", 40, "alice", 30));
    gitlab.acceptRecords();

    GateRun run = breakGlass(ci("alice"));

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: @alice may not break glass: break_glass.allowed in main is @@maintainer,"
                + " @@owner; nothing was recorded, ask one of them to run the job");
    assertThat(gitlab.requests())
        .extracting(e -> e.getRequest().getMethod().getName())
        .containsOnly("GET");
    assertThat(tmp.resolve("break-glass.json")).doesNotExist();
  }

  @Test
  void aForgedGitlabUserLoginIsRefusedBecauseGitLabSaysWhoStartedTheJob() throws IOException {
    gitlab.mergeRequest("alice", "1").targetFile(".gitlab/merge-gate.yml", POLICY).acceptRecords();
    Map<String, String> env = new java.util.HashMap<>(ci("alice"));
    env.put("GITLAB_USER_LOGIN", "sre-sam"); // set as a manual job variable by alice

    GateRun run = breakGlass(env);

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: GITLAB_USER_LOGIN says @sre-sam but GitLab says @alice started this job:"
                + " nothing recorded (job variables cannot choose who breaks glass)");
    assertThat(gitlab.requests("POST", FakeGitLab.MR_PATH + "/notes")).isEmpty();
    assertThat(gitlab.requests("POST", "/api/v4/projects/42/issues")).isEmpty();
    assertThat(tmp.resolve("break-glass.json")).doesNotExist();
  }

  private static final String DIFFS =
      "https://gitlab.example.com/acme/payments/-/merge_requests/7/diffs";

  /** The record {@link #note} carries. */
  private static BreakGlassRecord recordOf(String sha, String user) {
    return BreakGlassNote.parse(note(sha, user)).orElseThrow();
  }

  /** The gate's follow-up issue for {@code record}, as the issue search returns it. */
  private void followUpIssueExists(BreakGlassRecord record) {
    var issue = FakeGitLab.fixture("issue.json");
    issue.put("description", FollowUpIssueText.render(record, DIFFS));
    gitlab.pages("/api/v4/projects/42/issues", List.of(issue));
  }

  @Test
  void reRunningTheJobRecordsNothingNewForTheSamePerson() throws IOException {
    gitlab.mergeRequest("alice", "1").targetFile(".gitlab/merge-gate.yml", POLICY).acceptRecords();
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, note(FakeGitLab.HEAD, "sre-sam")});
    followUpIssueExists(recordOf(FakeGitLab.HEAD, "sre-sam"));

    GateRun run = breakGlass(ci("sre-sam"));

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.firstOutLine())
        .startsWith("merge-gate: @sre-sam already broke glass for !7 at 88888888")
        .endsWith("nothing new recorded");
    assertThat(gitlab.requests("POST", FakeGitLab.MR_PATH + "/notes")).isEmpty();
    assertThat(gitlab.requests("POST", "/api/v4/projects/42/issues")).isEmpty();
    JsonNode artifact = JSON.readTree(Files.readString(tmp.resolve("break-glass.json")));
    assertThat(artifact.get("user").asText()).isEqualTo("sre-sam");
    assertThat(artifact.get("follow_up_issue").asText())
        .isEqualTo("https://gitlab.example.com/acme/payments/-/issues/12");
  }

  @Test
  void whenTheIssueCannotBeOpenedTheJobFailsAndAReRunOpensIt() throws IOException {
    gitlab.mergeRequest("alice", "1").targetFile(".gitlab/merge-gate.yml", POLICY).acceptRecords();
    gitlab
        .server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.post(
                    urlPathEqualTo("/api/v4/projects/42/issues"))
                .atPriority(1)
                .willReturn(FakeGitLab.error(500, "500 Internal Server Error")));

    GateRun failed = breakGlass(ci("sre-sam"));

    assertThat(failed.code).isEqualTo(ExitCode.EXTERNAL);
    assertThat(failed.lastErrLine())
        .startsWith("merge-gate: break-glass for !7 is recorded, but its follow-up review issue")
        .endsWith("re-run the merge-gate:break-glass job to open it");
    var posted = gitlab.requests("POST", FakeGitLab.MR_PATH + "/notes");
    assertThat(posted).hasSize(1);
    String body = JSON.readTree(posted.get(0).getRequest().getBodyAsString()).get("body").asText();

    // The re-run finds the record it wrote, sees no issue for it, and opens one.
    gitlab.server().resetRequests();
    gitlab.acceptRecords();
    gitlab
        .server()
        .removeStub(
            gitlab.server().getStubMappings().stream()
                .filter(m -> m.getPriority() != null && m.getPriority() == 1)
                .findFirst()
                .orElseThrow());
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, body});

    GateRun rerun = breakGlass(ci("sre-sam"));

    assertThat(rerun.code).isEqualTo(ExitCode.OK);
    assertThat(rerun.firstOutLine())
        .startsWith("merge-gate: @sre-sam already broke glass for !7 at 88888888")
        .endsWith(
            "nothing new recorded, but its missing follow-up review issue is now open: #12"
                + " https://gitlab.example.com/acme/payments/-/issues/12");
    assertThat(gitlab.requests("POST", FakeGitLab.MR_PATH + "/notes")).isEmpty();
    var issues = gitlab.requests("POST", "/api/v4/projects/42/issues");
    assertThat(issues).hasSize(1);
    String description =
        JSON.readTree(issues.get(0).getRequest().getBodyAsString()).get("description").asText();
    assertThat(FollowUpIssueText.parse(description).orElseThrow().record())
        .isEqualTo(BreakGlassNote.parse(body).orElseThrow());
  }

  // --- the job must have run for the commit it records (issue 12, part 2) --------------------

  private void assertNothingWritten() {
    assertThat(gitlab.requests())
        .extracting(e -> e.getRequest().getMethod().getName())
        .containsOnly("GET");
    assertThat(tmp.resolve("break-glass.json")).doesNotExist();
  }

  @Test
  void aJobInThePipelineOfAnOlderHeadRecordsNothing() throws IOException {
    // sre-sam plays the job in the pipeline of 7777..., after alice pushed 8888...
    gitlab.mergeRequest("alice", "1").targetFile(".gitlab/merge-gate.yml", POLICY).acceptRecords();
    Map<String, String> env = ci("sre-sam");
    gitlab.currentJob(
        "sre-sam", 42, "7777777777777777777777777777777777777777", "refs/merge-requests/7/head");

    GateRun run = breakGlass(env);

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: this job runs for commit 77777777, but the head of !7 is 88888888:"
                + " nothing recorded, nobody has looked at that commit in this pipeline; run"
                + " break-glass in the pipeline of the current head");
    assertNothingWritten();
  }

  @Test
  void aJobTokenOfAnotherProjectRecordsNothing() throws IOException {
    gitlab.mergeRequest("alice", "1").targetFile(".gitlab/merge-gate.yml", POLICY).acceptRecords();
    Map<String, String> env = ci("sre-sam");
    gitlab.currentJob("sre-sam", 43, FakeGitLab.HEAD, "refs/merge-requests/7/head");

    GateRun run = breakGlass(env);

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: CI_JOB_TOKEN belongs to a job of project 43, not of project 42: nothing"
                + " recorded; run the merge-gate:break-glass job of this project");
    assertNothingWritten();
  }

  @Test
  void aCommitVariableThatContradictsGitLabRecordsNothing() throws IOException {
    gitlab.mergeRequest("alice", "1").targetFile(".gitlab/merge-gate.yml", POLICY).acceptRecords();
    Map<String, String> env = new java.util.HashMap<>(ci("sre-sam"));
    env.put("CI_COMMIT_SHA", "7777777777777777777777777777777777777777");

    GateRun run = breakGlass(env);

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .startsWith("merge-gate: CI_COMMIT_SHA says 7777777777777777777777777777777777777777")
        .endsWith("nothing recorded (job variables cannot choose what breaks glass)");
    assertNothingWritten();
  }

  @Test
  void aMergedResultsPipelineCoversTheHeadItMerged() throws IOException {
    String merged = "5555555555555555555555555555555555555555";
    gitlab.mergeRequest("alice", "1").targetFile(".gitlab/merge-gate.yml", POLICY).acceptRecords();
    Map<String, String> env = ci("sre-sam");
    gitlab.currentJob("sre-sam", 42, merged, "refs/merge-requests/7/merge");
    gitlab.commit(merged, FakeGitLab.TARGET_SHA, FakeGitLab.HEAD);

    GateRun run = breakGlass(env);

    assertThat(run.code).as(run.stderr).isEqualTo(ExitCode.OK);
    String body =
        JSON.readTree(
                gitlab
                    .requests("POST", FakeGitLab.MR_PATH + "/notes")
                    .get(0)
                    .getRequest()
                    .getBodyAsString())
            .get("body")
            .asText();
    assertThat(BreakGlassNote.parse(body).orElseThrow().sha()).isEqualTo(FakeGitLab.HEAD);
  }

  @Test
  void outsideACiJobNobodyCanVouchForTheUserSoNothingHappens() throws IOException {
    GateRun run = breakGlass(Map.of("GITLAB_USER_LOGIN", "sre-sam", "MERGE_GATE_REASON", REASON));

    assertThat(run.code).isEqualTo(ExitCode.CONFIG);
    assertThat(run.lastErrLine()).contains("CI_JOB_TOKEN is not set");
    assertThat(gitlab.requestCount()).isZero();
  }

  @Test
  void aMissingReasonSaysHowToSetItAndAsksGitLabNothing() throws IOException {
    GateRun run = breakGlass(Map.of("GITLAB_USER_LOGIN", "sre-sam", "MERGE_GATE_REASON", "  "));

    assertThat(run.code).isEqualTo(ExitCode.CONFIG);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: break-glass needs a reason: run the manual job with the variable"
                + " MERGE_GATE_REASON set (Run job > Variables), or pass --reason TEXT");
    assertThat(gitlab.requestCount()).isZero();
  }

  // --- check honours the record -------------------------------------------------------------

  private static String note(String sha, String user) {
    return BreakGlassNote.render(
        new BreakGlassRecord(sha, user, REASON, Instant.parse("2024-05-03T12:00:00Z"), JOB, 7L));
  }

  private GateRun check(String... extra) throws IOException {
    gitlab.basicMergeRequest(List.of("src/pay.rb")).approvals();
    gitlab.targetFile(".gitlab/merge-gate.yml", POLICY);
    List<String> args = new java.util.ArrayList<>(List.of("--mr", "7"));
    args.addAll(List.of(extra));
    return GateRun.run(gitlab, tmp, Map.of(), "check", args.toArray(String[]::new));
  }

  @Test
  void checkPassesLoudlyWithAValidRecord() throws IOException {
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, note(FakeGitLab.HEAD, "sre-sam")});

    GateRun run = check("--report-dir", tmp.resolve("report").toString());

    JsonNode report = JSON.readTree(Files.readString(tmp.resolve("report/merge-gate.json")));
    assertThat(report.get("satisfied").asBoolean()).isFalse();
    assertThat(report.get("break_glass").get("user").asText()).isEqualTo("sre-sam");
    assertThat(report.get("break_glass").get("sha").asText()).isEqualTo(FakeGitLab.HEAD);
    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.firstOutLine())
        .isEqualTo(
            "merge-gate: PASSED BY BREAK-GLASS by @sre-sam at 2024-05-03 12:00:00 UTC: "
                + REASON
                + " (review is still required after the fact)");
    assertThat(run.stdout).contains("merge-gate: NOT SATISFIED - 1 of 1 rule unmet");
  }

  @Test
  void checkSaysLoudlyWhenARecordHasNoFollowUpIssue() throws IOException {
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, note(FakeGitLab.HEAD, "sre-sam")});

    GateRun run = check();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stdout.split("\n")[1])
        .isEqualTo(
            "merge-gate: WARNING: the break-glass by @sre-sam for 88888888 has no follow-up review"
                + " issue, though break_glass.follow_up_issue asks for one: re-run the"
                + " merge-gate:break-glass job to open it");
  }

  @Test
  void checkSaysNothingMoreWhenTheFollowUpIssueExists() throws IOException {
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, note(FakeGitLab.HEAD, "sre-sam")});
    followUpIssueExists(recordOf(FakeGitLab.HEAD, "sre-sam"));

    GateRun run = check();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stdout).doesNotContain("WARNING");
  }

  @Test
  void theCommitStatusAndTheStickyNoteSayItPassedByBreakGlass() throws IOException {
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, note(FakeGitLab.HEAD, "sre-sam")});
    gitlab.acceptWrites();
    gitlab.basicMergeRequest(List.of("src/pay.rb")).approvals();
    gitlab.targetFile(".gitlab/merge-gate.yml", POLICY);

    GateRun run = GateRun.run(gitlab, tmp, Map.of(), "check", "--mr", "7", "--comment", "--status");

    assertThat(run.code).isEqualTo(ExitCode.OK);
    gitlab
        .server()
        .verify(
            postRequestedFor(urlPathEqualTo("/api/v4/projects/42/statuses/" + FakeGitLab.HEAD))
                .withRequestBody(matchingJsonPath("$.state", equalTo("success")))
                .withRequestBody(
                    matchingJsonPath(
                        "$.description", containing("passed by break-glass (@sre-sam)"))));
    gitlab
        .server()
        .verify(
            postRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes"))
                .withRequestBody(
                    matchingJsonPath("$.body", containing("**PASSED BY BREAK-GLASS** by @sre-sam")))
                .withRequestBody(matchingJsonPath("$.body", containing("passed by break-glass"))));
  }

  @Test
  void checkIgnoresALookAlikeWrittenByTheAuthor() throws IOException {
    gitlab.notesBy(new String[] {"alice", note(FakeGitLab.HEAD, "sre-sam")});

    GateRun run = check();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.stdout).doesNotContain("BREAK-GLASS");
    assertThat(run.stderr)
        .contains(
            "merge-gate: note 400 by @alice looks like a break-glass record but was not written by"
                + " the gate (@project_42_bot_gate): ignored");
    assertThat(run.lastErrLine())
        .startsWith("merge-gate: merge request not approved as its policy requires");
  }

  @Test
  void checkIgnoresARecordForAnOlderHead() throws IOException {
    String older = "7777777777777777777777777777777777777777";
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, note(older, "sre-sam")});

    GateRun run = check();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.stderr)
        .contains(
            "merge-gate: break-glass by @sre-sam covered 77777777, not the current head 88888888:"
                + " a new push voids it");
  }

  // --- attacks on the record (issue 12, part 1) ---------------------------------------------

  /**
   * The hidden marker of a record for {@code sha} by {@code user}, as an attacker would craft it.
   */
  private static String forgedMarker(String sha, String user) {
    String genuine = note(sha, user);
    return genuine.substring(genuine.lastIndexOf("<!-- merge-gate:break-glass:v1"));
  }

  @Test
  void aStickyNoteQuotingAChangedPathThatCarriesARecordNeverPassesTheCheck() throws IOException {
    // The author pushes a bait commit adding a file whose name is a record for the sha of the
    // change they will push next; check --comment quotes the path in the gate's sticky note.
    String bait = "analytics/" + forgedMarker(FakeGitLab.HEAD, "sre-sam");
    gitlab.basicMergeRequest(List.of(bait)).approvals();
    gitlab.targetFile(".gitlab/merge-gate.yml", POLICY);
    gitlab.targetFile("CODEOWNERS", "analytics/ @data-lead\n");
    gitlab.user("data-lead", "active");
    gitlab.acceptWrites();
    GateRun first = GateRun.run(gitlab, tmp, Map.of(), "check", "--mr", "7", "--comment");
    assertThat(first.code).as(first.stderr).isEqualTo(ExitCode.NOT_SATISFIED);
    var posted = gitlab.requests("POST", FakeGitLab.MR_PATH + "/notes");
    assertThat(posted).hasSize(1);
    String sticky =
        JSON.readTree(posted.get(0).getRequest().getBodyAsString()).get("body").asText();
    assertThat(sticky).contains("analytics/").doesNotContain("<!-- merge-gate:break-glass");

    // Whatever the note says, the gate's own sticky note is never a record, even one that
    // quotes a marker verbatim (as a sticky note written before this fix could).
    gitlab.notesBy(
        new String[] {FakeGitLab.GATE_USER, sticky},
        new String[] {FakeGitLab.GATE_USER, sticky + "\n" + bait});
    GateRun second = GateRun.run(gitlab, tmp, Map.of(), "check", "--mr", "7");

    assertThat(second.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(second.stdout).doesNotContain("BREAK-GLASS");
  }

  @Test
  void aReasonCarryingARecordForALaterCommitDoesNotPassThatCommit() throws IOException {
    String later = "7777777777777777777777777777777777777777";
    String reason = "payments down, INC-1234 " + forgedMarker(later, "sre-sam");
    String body =
        BreakGlassNote.render(
            new BreakGlassRecord(
                FakeGitLab.HEAD,
                "sre-sam",
                reason,
                Instant.parse("2024-05-03T12:00:00Z"),
                JOB,
                7L));
    assertThat(body.split("<!--", -1)).hasSize(2); // the gate's own marker, and only that
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, body});
    gitlab.basicMergeRequest(List.of("src/pay.rb")).approvals();
    gitlab.targetFile(".gitlab/merge-gate.yml", POLICY);
    gitlab
        .server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(FakeGitLab.MR_PATH))
                .willReturn(
                    FakeGitLab.json(
                        FakeGitLab.fixture("merge_request.json")
                            .put("sha", later)
                            .put("changes_count", "1"))));
    gitlab.versions(new String[] {later, "2024-05-03T10:00:00.000Z", "aaaa"});

    GateRun run = GateRun.run(gitlab, tmp, Map.of(), "check", "--mr", "7");

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.stdout).doesNotContain("BREAK-GLASS");
    assertThat(run.stderr).contains("covered 88888888, not the current head 77777777");
  }

  @Test
  void aSatisfiedCheckLooksForNoBreakGlassRecord() throws IOException {
    gitlab
        .basicMergeRequest(List.of("src/pay.rb"))
        .approvals(FakeGitLab.Approver.human("bob", "2024-05-03T11:00:00.000Z"));
    GateRun run = GateRun.run(gitlab, tmp, Map.of(), "check", "--mr", "7");
    assertThat(run.code).isEqualTo(ExitCode.OK);
    // The notes are read once with the MR (for the reviews); the token's user, which only the
    // break-glass lookup needs, is never asked.
    assertThat(gitlab.requests("GET", FakeGitLab.MR_PATH + "/notes")).hasSize(1);
    assertThat(gitlab.requests("GET", "/api/v4/user")).isEmpty();
  }
}
