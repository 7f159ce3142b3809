package org.mergegate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.exit.ExitCode;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.FakeGitLab.Approver;
import org.mergegate.gitlab.StickyNote;

/** {@code merge-gate check} end to end against a WireMock GitLab, through {@link Main#run}. */
class CheckCommandTest {
  private static final String TOKEN = "glpat-TOPSECRET-1234567890";
  private static final String BEFORE_PUSH = "2024-05-03T09:30:00.000Z";
  private static final String OLD_HEAD = "7777777777777777777777777777777777777777";
  private static final String PUSH = "2024-05-03T10:00:00.000Z";
  private static final String AFTER_PUSH = "2024-05-03T11:00:00.000Z";

  private final FakeGitLab gitlab = new FakeGitLab();
  @TempDir Path tmp;
  private String stdout;
  private String stderr;

  @AfterEach
  void stop() {
    gitlab.close();
  }

  private int check(String... extra) throws IOException {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--debug",
                "check",
                "--gitlab-url",
                gitlab.apiUrl(),
                "--project",
                FakeGitLab.PROJECT,
                "--mr",
                String.valueOf(FakeGitLab.MR),
                "--token-file",
                tokenFile.toString(),
                "--report-dir",
                tmp.resolve("reports").toString(),
                "--retry-delay",
                "10ms"));
    args.addAll(Arrays.asList(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    stdout = out.toString();
    stderr = err.toString();
    assertThat(stdout + stderr).doesNotContain(TOKEN);
    return code;
  }

  private String lastErrLine() {
    String[] lines = stderr.strip().split("\n");
    return lines[lines.length - 1];
  }

  private String firstOutLine() {
    return stdout.split("\n")[0];
  }

  /** An MR by alice touching {@code paths}, one push at {@link #PUSH}. */
  private FakeGitLab mr(String... paths) {
    return gitlab.basicMergeRequest(List.of(paths));
  }

  // --- approvals -----------------------------------------------------------------------------

  @Test
  void noApprovalsIsNotSatisfied() throws IOException {
    mr("src/pay.rb").approvals();
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(firstOutLine()).startsWith("merge-gate: NOT SATISFIED - 1 of 1 rule unmet");
    assertThat(stdout).contains("  [FAIL] approvals  0/1  no approvals\n");
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: merge request not approved as its policy requires: approvals: needs 1"
                + " approval from someone other than the author @alice.");
  }

  @Test
  void oneApprovalByAnotherUserSatisfiesTheDefaultPolicy() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", AFTER_PUSH));
    assertThat(check()).isEqualTo(ExitCode.OK);
    assertThat(firstOutLine()).startsWith("merge-gate: SATISFIED - all 1 rule met");
    assertThat(stdout).contains("  [ok]   approvals  1/1  approved by @bob\n");
    assertThat(tmp.resolve("reports/merge-gate.json")).exists();
    assertThat(tmp.resolve("reports/junit.xml")).exists();
  }

  @Test
  void theAuthorsOwnApprovalNeverCounts() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("alice", AFTER_PUSH));
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout).contains("  @alice: is the author\n");
  }

  @Test
  void aWithdrawnApprovalIsAbsentAndDoesNotCount() throws IOException {
    // GitLab's history: bob approved, then revoked. Only the approvals endpoint decides.
    JsonNode approved = FakeGitLab.fixture("note.json");
    JsonNode revoked =
        FakeGitLab.fixture("note.json")
            .put("id", 303)
            .put("body", "unapproved this merge request")
            .put("created_at", "2024-05-03T11:30:00.000Z");
    gitlab.pages(FakeGitLab.MR_PATH + "/notes", List.of(approved, revoked));
    mr("src/pay.rb").approvals();
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout).contains("  [FAIL] approvals  0/1  no approvals\n");
    assertThat(stdout).doesNotContain("@bob");
  }

  @Test
  void anApprovalGivenBeforeAPushOfNewChangesDoesNotCount() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", BEFORE_PUSH));
    gitlab.versions(
        new String[] {FakeGitLab.HEAD, PUSH, "patch-two"},
        new String[] {OLD_HEAD, "2024-05-03T09:00:00.000Z", "patch-one"});
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout)
        .contains("@bob: approved before the push of 88888888 at 2024-05-03T10:00:00Z");
  }

  @Test
  void anApprovalSurvivesAPushThatLeavesThePatchUnchanged() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", BEFORE_PUSH));
    gitlab.versions(
        new String[] {FakeGitLab.HEAD, PUSH, "same-patch"},
        new String[] {OLD_HEAD, "2024-05-03T09:00:00.000Z", "same-patch"});
    assertThat(check()).isEqualTo(ExitCode.OK);
  }

  @Test
  void anApprovalAfterThePushCounts() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", AFTER_PUSH));
    gitlab.versions(
        new String[] {FakeGitLab.HEAD, PUSH, "patch-two"},
        new String[] {OLD_HEAD, "2024-05-03T09:00:00.000Z", "patch-one"});
    assertThat(check()).isEqualTo(ExitCode.OK);
  }

  @Test
  void anApprovalWithoutAnyTimeCountsAsBeforeTheLatestPush() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", null));
    gitlab.pages(FakeGitLab.MR_PATH + "/notes", List.of());
    gitlab.versions(
        new String[] {FakeGitLab.HEAD, PUSH, "patch-two"},
        new String[] {OLD_HEAD, "2024-05-03T09:00:00.000Z", "patch-one"});
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout)
        .contains(
            "  @bob: approval time unknown, so it counts as given before the push of 88888888 at"
                + " 2024-05-03T10:00:00Z\n");
  }

  @Test
  void aBotApprovalNeverCounts() throws IOException {
    mr("src/pay.rb").approvals(new Approver("project_42_bot_9f", AFTER_PUSH, true, "active"));
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout).contains("  @project_42_bot_9f: is a bot (count_bots is false)\n");
  }

  // --- CODEOWNERS ----------------------------------------------------------------------------

  @Test
  void groupAndRoleOwnersResolveThroughGitLab() throws IOException {
    mr("src/pay.rb", "deploy/prod.yml").approvals(Approver.human("dora", AFTER_PUSH));
    gitlab.targetFile(
        "CODEOWNERS", "src/ @acme/payments-team\n\n[Release]\ndeploy/ @@maintainer\n");
    gitlab.groupMembers("acme/payments-team", Map.of("dora", 30, "erin", 30));
    gitlab.projectMembers(Map.of("mike", 40, "dora", 30));
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout).contains("  [ok]   CODEOWNERS [codeowners]  1/1  approved by @dora\n");
    assertThat(stdout).contains("  [FAIL] CODEOWNERS [Release]     0/1  no approvals\n");
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: merge request not approved as its policy requires: Release: deploy/"
                + " (line 4) needs 1 approval from @mike.");
  }

  @Test
  void groupAndRoleOwnersSatisfiedByTheirMembers() throws IOException {
    mr("src/pay.rb", "deploy/prod.yml")
        .approvals(Approver.human("dora", AFTER_PUSH), Approver.human("mike", AFTER_PUSH));
    gitlab.targetFile(
        "CODEOWNERS", "src/ @acme/payments-team\n\n[Release]\ndeploy/ @@maintainer\n");
    gitlab.groupMembers("acme/payments-team", Map.of("dora", 30, "erin", 30));
    gitlab.projectMembers(Map.of("mike", 40, "dora", 30));
    assertThat(check()).isEqualTo(ExitCode.OK);
  }

  @Test
  void anMrWeakeningCodeownersAndPolicyIsJudgedByTheTargetBranchCopies() throws IOException {
    // The MR edits both files to drop the rules; GitLab serves main's copies, which still bind.
    mr("CODEOWNERS", ".gitlab/merge-gate.yml", "secure/keys.rb")
        .approvals(Approver.human("bob", AFTER_PUSH));
    gitlab.targetFile(".gitlab/merge-gate.yml", "approvals:\n  required: 2\n");
    gitlab.targetFile("CODEOWNERS", "secure/ @sec-lead\n");
    gitlab.user("sec-lead", "active");
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout).contains("  [FAIL] approvals                1/2  approved by @bob\n");
    assertThat(lastErrLine())
        .endsWith("codeowners: secure/ (line 1) needs 1 approval from @sec-lead.");
    assertThat(gitlab.requests())
        .extracting(e -> e.getRequest().getUrl())
        .filteredOn(u -> u.contains("/repository/files/"))
        .allSatisfy(u -> assertThat(u).matches(".*ref=(main|" + FakeGitLab.TARGET_SHA + ")$"));
  }

  @Test
  void aLargeMrIsReadCompletelyAndFile2400NeedsItsOwner() throws IOException {
    List<String> paths =
        IntStream.rangeClosed(1, 2500)
            .mapToObj(i -> i == 2400 ? "secure/keys.rb" : "gen/file" + i + ".txt")
            .toList();
    gitlab.basicMergeRequest(paths).approvals(Approver.human("bob", AFTER_PUSH));
    gitlab.targetFile("CODEOWNERS", "secure/ @sec-lead\n");
    gitlab.user("sec-lead", "active");
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(firstOutLine())
        .isEqualTo(
            "merge-gate: NOT SATISFIED - 1 of 2 rules unmet (MR by @alice, 2500 changed paths,"
                + " head 88888888)");
    assertThat(stdout).contains("           paths: secure/keys.rb\n");
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: merge request not approved as its policy requires: codeowners: secure/"
                + " (line 1) needs 1 approval from @sec-lead.");
  }

  @Test
  void aMalformedCodeownersFileOnTheTargetBranchIsAConfigurationError() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", AFTER_PUSH));
    gitlab.targetFile("CODEOWNERS", "[Unclosed\nsrc/ @carol\n");
    assertThat(check()).isEqualTo(ExitCode.CONFIG);
    assertThat(lastErrLine())
        .startsWith("merge-gate: CODEOWNERS:1: unparsable section header \"[Unclosed\"")
        .endsWith(
            "(in target branch main at d5a3ff13, and 1 more problem): fix it there;"
                + " 'merge-gate validate' lists every problem");
  }

  @Test
  void anInvalidPolicyIsAConfigurationErrorNamingTheLine() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", AFTER_PUSH));
    gitlab.targetFile(".gitlab/merge-gate.yml", "approvals:\n  requird: 0\n");
    assertThat(check()).isEqualTo(ExitCode.CONFIG);
    assertThat(lastErrLine())
        .startsWith("merge-gate: .gitlab/merge-gate.yml:2: unknown key 'requird' in approvals")
        .endsWith(
            "(in target branch main at d5a3ff13): fix it there; 'merge-gate validate' lists every"
                + " problem");
  }

  // --- GitLab failing ------------------------------------------------------------------------

  @Test
  void a429WithRetryAfterIsWaitedOutThenTheCheckSucceeds() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", AFTER_PUSH));
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(FakeGitLab.MR_PATH + "/approvals"))
                .inScenario("rate limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(FakeGitLab.error(429, "Retry later").withHeader("Retry-After", "1"))
                .willSetStateTo("open"));
    long start = System.nanoTime();
    assertThat(check()).isEqualTo(ExitCode.OK);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
    assertThat(stderr).contains("retry 1 of GET " + "/projects/42/merge_requests/7/approvals");
  }

  @Test
  void aPersistent500FailsClosed() throws IOException {
    mr("src/pay.rb").approvals();
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(FakeGitLab.MR_PATH + "/versions"))
                .willReturn(FakeGitLab.error(500, "500 Internal Server Error")));
    assertThat(check()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: GitLab failed GET /projects/42/merge_requests/7/versions (the merge"
                + " request's versions) with 500 Internal Server Error: \"500 Internal Server"
                + " Error\"; re-run the job, and check GitLab's health if it persists");
  }

  @Test
  void a403NamesTheMissingScope() throws IOException {
    mr("src/pay.rb").approvals();
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(FakeGitLab.MR_PATH))
                .willReturn(FakeGitLab.error(403, "403 Forbidden")));
    assertThat(check()).isEqualTo(ExitCode.CONFIG);
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: GitLab refused GET /projects/42/merge_requests/7 (the merge request)"
                + " (403 Forbidden: \"403 Forbidden\"): the token lacks read_api or access to"
                + " this project; fix the token's scopes or role");
  }

  @Test
  void malformedJsonFailsClosed() throws IOException {
    mr("src/pay.rb");
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(FakeGitLab.MR_PATH + "/approvals"))
                .willReturn(aResponse().withStatus(200).withBody("<html>Sign in</html>")));
    assertThat(check()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(lastErrLine())
        .startsWith(
            "merge-gate: GitLab answered GET /projects/42/merge_requests/7/approvals (the merge"
                + " request's approvals) with something that is not the JSON its API documents");
  }

  @Test
  void aDiffPageThatTimesOutFailsClosed() throws IOException {
    List<String> paths = IntStream.rangeClosed(1, 250).mapToObj(i -> "f" + i).toList();
    gitlab.basicMergeRequest(paths).approvals(Approver.human("bob", AFTER_PUSH));
    gitlab
        .server()
        .stubFor(
            FakeGitLab.onPage(get(urlPathEqualTo(FakeGitLab.MR_PATH + "/diffs")), 3)
                .willReturn(aResponse().withStatus(200).withBody("[]").withFixedDelay(3000)));
    assertThat(check("--http-read-timeout", "300ms")).isEqualTo(ExitCode.EXTERNAL);
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: GitLab did not answer within 300ms to GET"
                + " /projects/42/merge_requests/7/diffs (the merge request's changed files) 5"
                + " times; it may be down or overloaded, re-run the job later");
  }

  // --- requested changes ---------------------------------------------------------------------

  /** carol, made a reviewer, requested changes at 10:40 UTC; bob approved afterwards. */
  private void carolRequestedChanges(String... laterNotes) {
    mr("src/pay.rb").approvals(Approver.human("bob", AFTER_PUSH));
    List<String[]> notes = new ArrayList<>();
    notes.add(new String[] {"alice", "requested review from @carol", "2024-05-03T10:10:00.000Z"});
    notes.add(new String[] {"carol", "requested changes", "2024-05-03T10:40:00.000Z"});
    notes.add(new String[] {"bob", "approved this merge request", AFTER_PUSH});
    for (int i = 0; i < laterNotes.length; i += 3) {
      notes.add(new String[] {laterNotes[i], laterNotes[i + 1], laterNotes[i + 2]});
    }
    gitlab.systemNotes(notes.toArray(String[][]::new));
  }

  @Test
  void aStandingRequestForChangesBlocksDespiteAnotherApproval() throws IOException {
    carolRequestedChanges();
    gitlab.reviewers(new String[] {"carol", "requested_changes"});
    gitlab.tokenUser(99, "project_42_bot_gate").acceptWrites();

    assertThat(check("--comment")).isEqualTo(ExitCode.NOT_SATISFIED);

    assertThat(stdout).contains("  [FAIL] requested changes  0/1  blocked by @carol\n");
    assertThat(lastErrLine())
        .isEqualTo(
            "merge-gate: merge request not approved as its policy requires: requested changes:"
                + " @carol requested changes at 2024-05-03 10:40 UTC; only @carol's approval"
                + " lifts it.");
    assertThat(Files.readString(tmp.resolve("reports/merge-gate.json")))
        .contains("\"lifted_only_by\" : \"carol\"");
    assertThat(Files.readString(tmp.resolve("reports/junit.xml")))
        .contains("name=\"requested changes\"")
        .contains("only @carol's approval lifts it");
    gitlab
        .server()
        .verify(
            postRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes"))
                .withRequestBody(
                    matchingJsonPath("$.body", containing("only @carol's approval lifts it"))));
    // The failing check looked for a break-glass record, and the sticky note for its own note,
    // among the notes it had already read for the reviews.
    assertThat(gitlab.requests("GET", FakeGitLab.MR_PATH + "/notes")).hasSize(1);
  }

  @Test
  void aFailingCheckReadsTheNotesOnceForReviewsAndBreakGlass() throws IOException {
    carolRequestedChanges();
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(gitlab.requests("GET", FakeGitLab.MR_PATH + "/notes")).hasSize(1);
    assertThat(gitlab.requests("GET", "/api/v4/user")).hasSize(1);
  }

  @Test
  void removingTheReviewerDoesNotLiftTheirRequest() throws IOException {
    carolRequestedChanges("alice", "removed review request for @carol", "2024-05-03T11:10:00.000Z");
    assertThat(check()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(stdout).contains("and is no longer a reviewer; only @carol's approval lifts it");
  }

  @Test
  void theReviewersOwnApprovalLiftsTheirRequest() throws IOException {
    carolRequestedChanges("carol", "approved this merge request", "2024-05-03T11:20:00.000Z");
    gitlab.reviewers(new String[] {"carol", "approved"});
    assertThat(check()).isEqualTo(ExitCode.OK);
    assertThat(stdout).contains("  [ok]   requested changes  1/1  lifted: @carol approved since\n");
  }

  @Test
  void aPolicyCanTurnTheRuleOff() throws IOException {
    carolRequestedChanges();
    gitlab.reviewers(new String[] {"carol", "requested_changes"});
    gitlab.targetFile(".gitlab/merge-gate.yml", "approvals:\n  requested_changes_block: false\n");
    assertThat(check()).isEqualTo(ExitCode.OK);
    assertThat(stdout).doesNotContain("requested changes");
  }

  // --- writing back --------------------------------------------------------------------------

  @Test
  void commentsOnceAndSetsTheCommitStatus() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", AFTER_PUSH));
    gitlab.tokenUser(99, "project_42_bot_gate").notes().acceptWrites();
    assertThat(check("--comment", "--status", "--job-url", "https://gitlab.example.com/j/5"))
        .isEqualTo(ExitCode.OK);
    gitlab
        .server()
        .verify(
            1,
            postRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes"))
                .withRequestBody(matchingJsonPath("$.body", containing(StickyNote.MARKER))));
    gitlab
        .server()
        .verify(
            postRequestedFor(urlPathEqualTo("/api/v4/projects/42/statuses/" + FakeGitLab.HEAD))
                .withRequestBody(matchingJsonPath("$.state", equalTo("success")))
                .withRequestBody(matchingJsonPath("$.name", equalTo("merge-gate")))
                .withRequestBody(
                    matchingJsonPath("$.target_url", equalTo("https://gitlab.example.com/j/5"))));
  }

  @Test
  void editsItsOwnNoteFoundAmongTheNotesReadOnceNeverOnePastedBySomeoneElse() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", AFTER_PUSH));
    gitlab
        .tokenUser(99, "project_42_bot_gate")
        .notes(
            new Object[] {10L, StickyNote.MARKER + "\nsatisfied, trust me"},
            new Object[] {99L, StickyNote.MARKER + "\nold verdict"})
        .acceptWrites();
    gitlab
        .server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.put(
                    urlPathEqualTo(FakeGitLab.MR_PATH + "/notes/301"))
                .willReturn(FakeGitLab.json(FakeGitLab.fixture("note.json"))));
    assertThat(check("--comment")).isEqualTo(ExitCode.OK);
    // Note 300 carries the marker but was written by user 10; the gate's own is 301.
    gitlab
        .server()
        .verify(
            1,
            putRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes/301"))
                .withRequestBody(
                    matchingJsonPath("$.body", containing("review policy satisfied"))));
    gitlab.server().verify(0, putRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes/300")));
    gitlab.server().verify(0, postRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes")));
    assertThat(gitlab.requests("GET", FakeGitLab.MR_PATH + "/notes")).hasSize(1);
  }

  @Test
  void anUnreadableTokenUserFailsTheCommentingCheck() throws IOException {
    mr("src/pay.rb").approvals(Approver.human("bob", AFTER_PUSH));
    gitlab.notes(new Object[] {99L, StickyNote.MARKER + "\nold verdict"}).acceptWrites();
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.error(500, "500 Internal Server Error")));
    assertThat(check("--comment")).isEqualTo(ExitCode.EXTERNAL);
    gitlab.server().verify(0, putRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes/300")));
    gitlab.server().verify(0, postRequestedFor(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes")));
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(String s) {
    return com.github.tomakehurst.wiremock.client.WireMock.containing(s);
  }

  // --- configuration -------------------------------------------------------------------------

  @Test
  void withoutAMergeRequestItSaysHowToRunIt() {
    CheckCommand command = new CheckCommand(Map.of("CI_API_V4_URL", "https://gl/api/v4"));
    org.mergegate.exit.GateException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            org.mergegate.exit.GateException.class, command::target);
    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(e.getMessage()).startsWith("no project to check");
  }

  @Test
  void ciVariablesAreTheDefaults() {
    CheckCommand command =
        new CheckCommand(
            Map.of(
                "CI_API_V4_URL", "https://gitlab.example.org/api/v4",
                "CI_PROJECT_ID", "42",
                "CI_MERGE_REQUEST_IID", "7",
                "MERGE_GATE_TOKEN", "abc"));
    assertThat(command.target())
        .isEqualTo(new CheckCommand.Target("https://gitlab.example.org/api/v4", "42", 7));
    assertThat(command.token()).isEqualTo("abc");
  }

  @Test
  void outsideCiTheServerUrlGetsTheApiPath() {
    CheckCommand command =
        new CheckCommand(Map.of("MERGE_GATE_GITLAB_URL", "https://gitlab.example.org/"));
    command.gitlab.project = "acme/payments";
    command.mr = "3";
    assertThat(command.target().apiUrl()).isEqualTo("https://gitlab.example.org/api/v4");
  }

  @Test
  void aMissingTokenIsAConfigurationError() {
    CheckCommand command = new CheckCommand(Map.of());
    org.mergegate.exit.GateException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            org.mergegate.exit.GateException.class, command::token);
    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(e.getMessage())
        .startsWith("no GitLab token: set the CI/CD variable MERGE_GATE_TOKEN");
  }
}
