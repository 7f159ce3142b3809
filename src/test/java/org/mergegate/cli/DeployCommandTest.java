package org.mergegate.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mergegate.exit.ExitCode;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.FakeGitLab.Approver;

/**
 * {@code merge-gate deploy} end to end: a WireMock GitLab and a WireMock blunderbuss, the merge
 * commit {@link FakeGitLab#MERGE_SHA} of MR !7 on main, whose first parent is {@link
 * FakeGitLab#TARGET_SHA} (main before the merge).
 */
class DeployCommandTest {
  private static final String SHA = FakeGitLab.MERGE_SHA;
  private static final String BEFORE = FakeGitLab.TARGET_SHA;
  private static final String MERGED_AT = "2024-05-03T12:00:00.000Z";
  private static final String APPROVED = "2024-05-03T11:00:00.000Z";
  private static final String PIPELINE =
      "https://gitlab.example.com/acme/payments/-/pipelines/5150";
  private static final String BB_TOKEN = "bb-SECRET-token-0987";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A commit deployed before the scenario starts. */
  private static final String DEPLOYED = "dddddddddddddddddddddddddddddddddddddddd";

  private final FakeGitLab gitlab = new FakeGitLab();
  private final WireMockServer blunderbuss = new WireMockServer(options().dynamicPort());
  @TempDir Path tmp;

  @BeforeEach
  void start() {
    blunderbuss.start();
  }

  @AfterEach
  void stop() {
    gitlab.close();
    blunderbuss.stop();
  }

  // --- scenario building -------------------------------------------------------------------

  /** main is at the merge commit of !7 by {@code author}, which changed {@code paths}. */
  private void mergedByMergeCommit(String author, List<String> paths, Approver... approvers) {
    gitlab.project().branchAt("main", SHA).commit(SHA, BEFORE, FakeGitLab.HEAD);
    var mr = gitlab.mergedRequest(author, SHA, null, MERGED_AT, paths.size());
    gitlab.commitMergeRequests(SHA, mr);
    gitlab.singleVersion().diffs(paths).approvals(approvers).acceptRecords();
    // main was last deployed just before the merge.
    gitlab.firstParentHistory(List.of(SHA, BEFORE), DEPLOYED).deployedMark(BEFORE);
    gitlab.commitComments(SHA);
  }

  private void blunderbussAccepts() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(answer(202, "accepted.json")));
  }

  private void blunderbussFinishes(String statusFixture) {
    blunderbuss.stubFor(get("/v1/sync/sync-7f3a").willReturn(answer(200, statusFixture)));
  }

  private ResponseDefinitionBuilder answer(int status, String fixture) {
    try (InputStream in = getClass().getResourceAsStream("/blunderbuss/" + fixture)) {
      String body =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("${base}", blunderbuss.baseUrl());
      return aResponse()
          .withStatus(status)
          .withHeader("Content-Type", "application/json")
          .withBody(body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private GateRun deploy(String... extra) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("BLUNDERBUSS_TOKEN", BB_TOKEN);
    env.put("CI_COMMIT_SHA", SHA);
    env.put("CI_COMMIT_BRANCH", "main");
    env.put("CI_DEFAULT_BRANCH", "main");
    env.put("GITLAB_USER_LOGIN", "brouberol");
    env.put("CI_PIPELINE_URL", PIPELINE);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--blunderbuss-url",
                blunderbuss.baseUrl(),
                "--output",
                tmp.resolve("deploy.json").toString()));
    args.addAll(List.of(extra));
    GateRun run = GateRun.run(gitlab, tmp, env, "deploy", args.toArray(String[]::new));
    assertThat(run.stdout + run.stderr).doesNotContain(BB_TOKEN);
    return run;
  }

  private List<LoggedRequest> syncRequests() {
    return blunderbuss.findAll(
        com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
            urlPathEqualTo("/v1/sync")));
  }

  private List<String> commitComments() throws IOException {
    List<String> out = new ArrayList<>();
    for (var e : gitlab.requests("POST", FakeGitLab.REPO + "/commits/" + SHA + "/comments")) {
      out.add(JSON.readTree(e.getRequest().getBodyAsString()).get("note").asText());
    }
    return out;
  }

  // --- approved -----------------------------------------------------------------------------

  @Test
  void anApprovedMergeRequestIsSyncedOnceWithTheExactCommit() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    blunderbussAccepts();
    blunderbussFinishes("status-succeeded.json");

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stdout)
        .contains("merge-gate: SATISFIED - all 1 rule met")
        .contains(
            "merge-gate: deploying 1a2b3c4d: !7 was approved as the policy of main@d5a3ff13"
                + " requires\n")
        .contains(
            "merge-gate: synced 1a2b3c4 to ceph: s3://airflow-dags/releases/"
                + SHA
                + "/; hdfs:"
                + " hdfs://analytics-hadoop/wmf/airflow-dags/releases/"
                + SHA
                + "/\n");
    List<LoggedRequest> posts = syncRequests();
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).getHeader("Authorization")).isEqualTo("Bearer " + BB_TOKEN);
    assertThat(posts.get(0).getHeader("Idempotency-Key")).isEqualTo("42:" + SHA);
    assertThat(JSON.readTree(posts.get(0).getBodyAsString()))
        .isEqualTo(
            JSON.readTree(
                "{\"project\":\"acme/payments\",\"project_id\":42,\"ref\":\"main\",\"sha\":\""
                    + SHA
                    + "\",\"targets\":[\"ceph\",\"hdfs\"],\"merge_request\":7,"
                    + "\"requested_by\":\"brouberol\",\"pipeline_url\":\""
                    + PIPELINE
                    + "\"}"));
    JsonNode written = JSON.readTree(Files.readString(tmp.resolve("deploy.json")));
    assertThat(written.get("qualified_by").asText()).isEqualTo("approvals");
    assertThat(written.get("merge_request").asLong()).isEqualTo(7);
    assertThat(written.at("/sync/id").asText()).isEqualTo("sync-7f3a");
    assertThat(written.at("/sync/targets/hdfs/state").asText()).isEqualTo("succeeded");
  }

  // --- refused ------------------------------------------------------------------------------

  @Test
  void aSelfMergedRequestWithNoOtherApprovalIsRefusedAndNothingIsSynced() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("alice", APPROVED));
    blunderbussAccepts();

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: not deployed: !7 was not approved as the policy of main@d5a3ff13 (before"
                + " the merge) requires: approvals: needs 1 approval from someone other than the"
                + " author @alice; nothing was synced to ceph,hdfs");
    assertThat(blunderbuss.getAllServeEvents()).isEmpty();
    assertThat(commitComments())
        .singleElement()
        .asString()
        .contains("merge-gate: this commit was not deployed.")
        .contains("!7 was not approved");
  }

  // --- the whole shipped range ---------------------------------------------------------------

  /**
   * main: DEPLOYED (marked) <- BEFORE (a direct push, refused by its own deploy) <- SHA (the
   * approved merge of !7, whose policy is read at BEFORE).
   */
  private void directPushUnderAnApprovedMerge() {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    gitlab.firstParentHistory(List.of(SHA, BEFORE, DEPLOYED), null).deployedMark(DEPLOYED);
    gitlab.commit(BEFORE, DEPLOYED).commitMergeRequests(BEFORE).commitComments(BEFORE);
  }

  @Test
  void anApprovedMergeOnTopOfAnUnreviewedDirectPushIsRefusedNamingThePush() throws IOException {
    directPushUnderAnApprovedMerge();
    blunderbussAccepts();

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: not deployed: 1a2b3c4d would also ship d5a3ff13, which reached main after"
                + " the last deploy (dddddddd): no merged merge request into main produced"
                + " d5a3ff13 (a direct push?) and it carries no valid break-glass record; to ship"
                + " it, have a permitted person run merge-gate:break-glass for d5a3ff13 (on its"
                + " own pipeline), then re-run this job: a revert does not take it out of the"
                + " history this deploy ships; nothing was synced to ceph,hdfs");
    assertThat(run.stdout)
        .contains("merge-gate: main was last deployed at dddddddd; this deploy ships 2 commits")
        .contains("merge-gate:   also ships d5a3ff13: NOT QUALIFIED: no merged merge request");
    assertThat(blunderbuss.getAllServeEvents()).isEmpty();
    assertThat(commitComments())
        .singleElement()
        .asString()
        .contains("would also ship d5a3ff13")
        .contains("merge-gate:break-glass job on the pipeline of " + BEFORE)
        .contains("Reverting it does not help");
  }

  @Test
  void aDeployMarkWrittenBySomeoneElseDoesNotShortenTheRange() throws IOException {
    directPushUnderAnApprovedMerge();
    String older = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    gitlab.firstParentHistory(List.of(SHA, BEFORE, DEPLOYED, older), null).deployedMark(older);
    // mallory copies the gate's mark, byte for byte, onto the direct push itself.
    String lookAlike =
        org.mergegate.deploy.DeployMark.render(
            new org.mergegate.deploy.DeployMark.Mark(
                BEFORE, java.time.Instant.parse("2024-05-03T11:00:00Z"), List.of("ceph")));
    gitlab.commitComments(BEFORE, new String[] {"mallory", lookAlike});
    gitlab.commit(DEPLOYED, older).commitMergeRequests(DEPLOYED).commitComments(DEPLOYED);
    blunderbussAccepts();

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .startsWith(
            "merge-gate: not deployed: 1a2b3c4d would also ship dddddddd, which reached main"
                + " after the last deploy (eeeeeeee): no merged merge request");
    assertThat(blunderbuss.getAllServeEvents()).isEmpty();
  }

  @Test
  void aDirectPushWithAValidBreakGlassRecordShipsUnderTheApprovedMerge() throws IOException {
    directPushUnderAnApprovedMerge();
    gitlab.fileAt(DEPLOYED, ".gitlab/merge-gate.yml", "break_glass:\n  allowed: [\"@sre-sam\"]\n");
    String record =
        org.mergegate.breakglass.BreakGlassNote.render(
            new org.mergegate.breakglass.BreakGlassRecord(
                BEFORE,
                "sre-sam",
                "checkout is down for everyone, shipping the fix",
                java.time.Instant.parse("2024-05-03T10:00:00Z"),
                "https://gitlab.example.com/acme/payments/-/jobs/1",
                null));
    gitlab.commitComments(BEFORE, new String[] {FakeGitLab.GATE_USER, record});
    blunderbussAccepts();
    blunderbussFinishes("status-succeeded.json");

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stdout)
        .contains(
            "merge-gate:   also ships d5a3ff13: no merge request produced it, but it carries a"
                + " valid break-glass record");
    assertThat(syncRequests()).hasSize(1);
  }

  @Test
  void aSuccessfulDeployLeavesTheGatesMarkOnTheShippedCommitOnce() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    blunderbussAccepts();
    blunderbussFinishes("status-succeeded.json");

    assertThat(deploy().code).isEqualTo(ExitCode.OK);

    assertThat(commitComments()).hasSize(1);
    var mark = org.mergegate.deploy.DeployMark.parse(commitComments().get(0));
    assertThat(mark).isPresent();
    assertThat(mark.get().sha()).isEqualTo(SHA);
    assertThat(mark.get().targets()).containsExactly("ceph", "hdfs");

    // A re-run finds its own mark and writes no second one.
    gitlab.commitComments(SHA, new String[] {FakeGitLab.GATE_USER, commitComments().get(0)});
    assertThat(deploy().code).isEqualTo(ExitCode.OK);
    assertThat(commitComments()).hasSize(1);
  }

  @Test
  void theFirstDeployVerifiesTheShippedCommitAloneAndSaysSo() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    // Unreviewed history from before the gate, and no mark anywhere.
    gitlab.firstParentHistory(List.of(SHA, BEFORE), null).commitComments(BEFORE);
    blunderbussAccepts();
    blunderbussFinishes("status-succeeded.json");

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stdout)
        .contains(
            "merge-gate: no deploy mark of merge-gate's own on main before 1a2b3c4d: a first"
                + " deploy, so 1a2b3c4d alone is verified\n");
    assertThat(gitlab.requests("GET", FakeGitLab.REPO + "/commits/" + BEFORE + "/merge_requests"))
        .isEmpty();
  }

  @Test
  void aFailedSyncLeavesNoMark() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    blunderbussAccepts();
    blunderbussFinishes("status-failed-hdfs.json");

    assertThat(deploy().code).isEqualTo(ExitCode.EXTERNAL);
    assertThat(commitComments()).isEmpty();
  }

  @Test
  void anApprovalGivenAfterTheMergeDoesNotCount() throws IOException {
    mergedByMergeCommit(
        "alice", List.of("src/pay.rb"), Approver.human("bob", "2024-05-03T12:30:00.000Z"));

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.stderr)
        .contains(
            "merge-gate: @bob's approval does not count: given at 2024-05-03T12:30:00Z, after the"
                + " merge at 2024-05-03T12:00:00Z");
    assertThat(blunderbuss.getAllServeEvents()).isEmpty();
  }

  @Test
  void aRequestForChangesStandingAtTheMergeRefusesTheDeploy() throws IOException {
    // bob approved, but carol (a reviewer) had requested changes and was removed, then merged.
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    gitlab.systemNotes(
        new String[] {"alice", "requested review from @carol", "2024-05-03T10:10:00.000Z"},
        new String[] {"carol", "requested changes", "2024-05-03T10:40:00.000Z"},
        new String[] {"alice", "removed review request for @carol", "2024-05-03T11:30:00.000Z"},
        new String[] {"carol", "approved this merge request", "2024-05-03T12:30:00.000Z"});

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .contains(
            "requested changes: @carol requested changes at 2024-05-03 10:40 UTC and is no longer"
                + " a reviewer; only @carol's approval lifts it");
    assertThat(blunderbuss.getAllServeEvents()).isEmpty();
  }

  @Test
  void aRequestForChangesMadeAfterTheMergeDoesNotStopTheDeploy() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    gitlab.reviewers(new String[] {"carol", "requested_changes"});
    gitlab.systemNotes(
        new String[] {"alice", "requested review from @carol", "2024-05-03T10:10:00.000Z"},
        new String[] {"carol", "requested changes", "2024-05-03T12:30:00.000Z"});
    blunderbussAccepts();
    blunderbussFinishes("status-succeeded.json");

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(syncRequests()).hasSize(1);
  }

  @Test
  void aDirectPushIsRefusedWithACommitComment() throws IOException {
    gitlab.project().branchAt("main", SHA).commit(SHA, BEFORE).commitMergeRequests(SHA);
    gitlab.commitComments(SHA).acceptRecords();
    gitlab.firstParentHistory(List.of(SHA, BEFORE), DEPLOYED).deployedMark(BEFORE);

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: not deployed: no merged merge request into main produced 1a2b3c4d (a"
                + " direct push?) and it carries no valid break-glass record; nothing was synced"
                + " to ceph,hdfs");
    assertThat(commitComments()).singleElement().asString().contains("\\(a direct push?\\)");
    assertThat(blunderbuss.getAllServeEvents()).isEmpty();
  }

  @Test
  void anMrThatDroppedItsOwnOwnersIsJudgedByTheOldCodeowners() throws IOException {
    mergedByMergeCommit(
        "alice", List.of("CODEOWNERS", "secure/keys.rb"), Approver.human("bob", APPROVED));
    gitlab.fileAt(BEFORE, "CODEOWNERS", "secure/ @sec-lead\n");
    // After the merge, CODEOWNERS names only bob: that copy must not decide.
    gitlab.fileAt(SHA, "CODEOWNERS", "* @bob\n");
    gitlab.fileAt("main", "CODEOWNERS", "* @bob\n");
    gitlab.user("sec-lead", "active");

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .contains("codeowners: secure/ (line 1) needs 1 approval from @sec-lead");
    assertThat(gitlab.requests())
        .extracting(e -> e.getRequest().getUrl())
        .filteredOn(u -> u.contains("/repository/files/"))
        .isNotEmpty()
        .allSatisfy(u -> assertThat(u).endsWith("ref=" + BEFORE));
    assertThat(blunderbuss.getAllServeEvents()).isEmpty();
  }

  @Test
  void aFastForwardMergeIsJudgedByThePolicyAtTheMergeRequestsBase() throws IOException {
    // Fast-forward: main moved to the MR's own head; its base (diff_refs.base_sha) was main.
    String head = FakeGitLab.HEAD;
    String base = "1111111111111111111111111111111111111111";
    gitlab.project().branchAt("main", head);
    var mr = gitlab.mergedRequest("alice", null, null, MERGED_AT, 1);
    gitlab.commitMergeRequests(head, mr);
    gitlab.singleVersion().diffs(List.of("src/pay.rb")).approvals(Approver.human("bob", APPROVED));
    gitlab.fileAt(base, ".gitlab/merge-gate.yml", "approvals:\n  required: 2\n");
    gitlab.acceptRecords();
    gitlab.firstParentHistory(List.of(head, base), null).deployedMark(base);

    GateRun run = deploy("--sha", head);

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: not deployed: !7 was not approved as the policy of main@11111111 (before"
                + " the merge) requires: approvals: needs 1 more approval from someone other than"
                + " the author @alice (approved so far by @bob); nothing was synced to ceph,hdfs");
    assertThat(gitlab.requests("POST", FakeGitLab.REPO + "/commits/" + head + "/comments"))
        .hasSize(1);
  }

  @Test
  void theEarlierCommitsOfAFastForwardMergeShipUnderItsApproval() throws IOException {
    String head = FakeGitLab.HEAD;
    String first = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    String base = "1111111111111111111111111111111111111111";
    gitlab.project().branchAt("main", head);
    var mr = gitlab.mergedRequest("alice", null, null, MERGED_AT, 1);
    gitlab.commitMergeRequests(head, mr).commitMergeRequests(first, mr);
    gitlab.singleVersion().diffs(List.of("src/pay.rb")).approvals(Approver.human("bob", APPROVED));
    gitlab.firstParentHistory(List.of(head, first, base), null).deployedMark(base);
    gitlab.commit(first, base).commitComments(first).commitComments(head).acceptRecords();
    gitlab.pages(FakeGitLab.MR_PATH + "/commits", List.of(mrCommit(head), mrCommit(first)));
    blunderbussAccepts();

    GateRun run = deploy("--sha", head);

    // The judging is what this test is about: blunderbuss's answers (about MERGE_SHA) stop it
    // after.
    assertThat(run.stdout).contains("merge-gate: deploying 88888888: !7 was approved");
    assertThat(run.stdout)
        .contains("merge-gate: main was last deployed at 11111111; this deploy ships 2 commits")
        .contains(
            "merge-gate:   also ships c1c1c1c1: !7 was approved as the policy of main@11111111"
                + " requires");
    assertThat(syncRequests())
        .singleElement()
        .satisfies(r -> assertThat(r.getBodyAsString()).contains(head));
  }

  /** A commit as GitLab lists a merge request's commits. */
  private static JsonNode mrCommit(String sha) {
    return FakeGitLab.fixture("commit.json").put("id", sha);
  }

  @Test
  void offTheDefaultBranchItRefusesToRun() throws IOException {
    GateRun run = deploy("--branch", "feature-x");

    assertThat(run.code).isEqualTo(ExitCode.CONFIG);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: deploy runs only on the default branch main, not feature-x: limit the"
                + " job to rules: if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
    assertThat(gitlab.requestCount()).isZero();
  }

  @Test
  void aSupersededCommitIsNotSynced() throws IOException {
    String newer = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";
    gitlab.project().branchAt("main", newer).mergeBase(SHA);

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stdout)
        .isEqualTo(
            "merge-gate: deploy of 1a2b3c4d superseded by "
                + newer
                + ": main has moved on and its newer pipeline deploys; nothing synced\n");
    assertThat(blunderbuss.getAllServeEvents()).isEmpty();
  }

  // --- break-glass --------------------------------------------------------------------------

  @Test
  void breakGlassByAPermittedUserIsDeployedAfterItsFollowUpIssueWasOpened() throws IOException {
    String policy = "break_glass:\n  allowed: [\"@sre-sam\"]\n";
    // In the MR pipeline, before the merge: sre-sam breaks glass on !7 (open, policy on main).
    gitlab.mergeRequest("alice", "1").targetFile(".gitlab/merge-gate.yml", policy).acceptRecords();
    gitlab.currentJob("sre-sam");
    GateRun glass =
        GateRun.run(
            gitlab,
            tmp,
            Map.of(
                "GITLAB_USER_LOGIN", "sre-sam",
                "CI_JOB_TOKEN", FakeGitLab.JOB_TOKEN,
                "CI_MERGE_REQUEST_IID", "7"),
            "break-glass",
            "--reason",
            "checkout is down for everyone, shipping the fix",
            "--output",
            tmp.resolve("break-glass.json").toString());
    assertThat(glass.code).isEqualTo(ExitCode.OK);
    assertThat(gitlab.requests("POST", "/api/v4/projects/42/issues")).hasSize(1);
    String note =
        JSON.readTree(
                gitlab
                    .requests("POST", FakeGitLab.MR_PATH + "/notes")
                    .get(0)
                    .getRequest()
                    .getBodyAsString())
            .get("body")
            .asText();

    // After the merge, unapproved: the deploy finds the gate's note for the reviewed head.
    mergedByMergeCommit("alice", List.of("src/pay.rb"));
    gitlab.fileAt(BEFORE, ".gitlab/merge-gate.yml", policy);
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, note});
    var issue = FakeGitLab.fixture("issue.json");
    issue.put(
        "description",
        JSON.readTree(
                gitlab
                    .requests("POST", "/api/v4/projects/42/issues")
                    .get(0)
                    .getRequest()
                    .getBodyAsString())
            .get("description")
            .asText());
    gitlab.pages("/api/v4/projects/42/issues", List.of(issue));
    blunderbussAccepts();
    blunderbussFinishes("status-succeeded.json");

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stderr).doesNotContain("WARNING");
    assertThat(run.firstOutLine())
        .startsWith("merge-gate: PASSED BY BREAK-GLASS by @sre-sam at ")
        .endsWith(
            ": checkout is down for everyone, shipping the fix (review is still required after the fact)");
    assertThat(syncRequests()).hasSize(1);
    JsonNode written = JSON.readTree(Files.readString(tmp.resolve("deploy.json")));
    assertThat(written.get("qualified_by").asText()).isEqualTo("break-glass");
    assertThat(written.at("/break_glass/user").asText()).isEqualTo("sre-sam");
  }

  @Test
  void aBreakGlassWithoutItsFollowUpIssueIsDeployedButSaidLoudly() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"));
    gitlab.fileAt(BEFORE, ".gitlab/merge-gate.yml", "break_glass:\n  allowed: [\"@sre-sam\"]\n");
    String note =
        org.mergegate.breakglass.BreakGlassNote.render(
            new org.mergegate.breakglass.BreakGlassRecord(
                FakeGitLab.HEAD,
                "sre-sam",
                "checkout is down for everyone, shipping the fix",
                java.time.Instant.parse("2024-05-03T11:59:00Z"),
                "https://gitlab.example.com/j/1",
                7L));
    gitlab.notesBy(new String[] {FakeGitLab.GATE_USER, note});
    blunderbussAccepts();
    blunderbussFinishes("status-succeeded.json");

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stderr)
        .contains(
            "merge-gate: WARNING: the break-glass by @sre-sam for 88888888 has no follow-up"
                + " review issue, though break_glass.follow_up_issue asks for one: re-run the"
                + " merge-gate:break-glass job to open it");
    assertThat(syncRequests()).hasSize(1);
  }

  @Test
  void aBreakGlassNoteForgedByTheAuthorIsRefused() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"));
    gitlab.fileAt(BEFORE, ".gitlab/merge-gate.yml", "break_glass:\n  allowed: [\"@alice\"]\n");
    String forged =
        org.mergegate.breakglass.BreakGlassNote.render(
            new org.mergegate.breakglass.BreakGlassRecord(
                FakeGitLab.HEAD,
                "alice",
                "trust me, this is an emergency",
                java.time.Instant.parse("2024-05-03T11:59:00Z"),
                "https://gitlab.example.com/j/1",
                7L));
    gitlab.notesBy(new String[] {"alice", forged});
    blunderbussAccepts();

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(run.stderr)
        .contains(
            "merge-gate: note 400 by @alice looks like a break-glass record but was not"
                + " written by the gate (@project_42_bot_gate): ignored");
    assertThat(run.lastErrLine()).startsWith("merge-gate: not deployed: !7 was not approved");
    assertThat(blunderbuss.getAllServeEvents()).isEmpty();
  }

  // --- blunderbuss --------------------------------------------------------------------------

  @Test
  void a503ThenA202IsDeployedWithTheSameIdempotencyKey() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    blunderbuss.stubFor(
        post("/v1/sync")
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    blunderbuss.stubFor(
        post("/v1/sync")
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(answer(202, "accepted.json")));
    blunderbussFinishes("status-succeeded.json");

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.OK);
    assertThat(run.stdout).contains("merge-gate: synced 1a2b3c4 to ceph: ");
    assertThat(syncRequests())
        .hasSize(2)
        .extracting(r -> r.getHeader("Idempotency-Key"))
        .containsOnly("42:" + SHA);
  }

  @Test
  void aFailedSyncIsExit3WithBlunderbussMessage() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    blunderbussAccepts();
    blunderbussFinishes("status-failed-hdfs.json");

    GateRun run = deploy();

    assertThat(run.code).isEqualTo(ExitCode.EXTERNAL);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: blunderbuss: sync of 1a2b3c4 failed on hdfs: permission denied on"
                + " /wmf/airflow (sync sync-7f3a, "
                + blunderbuss.baseUrl()
                + "/v1/sync/sync-7f3a)");
    assertThat(tmp.resolve("deploy.json")).doesNotExist();
  }

  @Test
  void aSyncThatNeverFinishesTimesOutWithExit3() throws IOException {
    mergedByMergeCommit("alice", List.of("src/pay.rb"), Approver.human("bob", APPROVED));
    blunderbussAccepts();
    blunderbussFinishes("status-running.json");

    GateRun run = deploy("--deploy-timeout", "2s");

    assertThat(run.code).isEqualTo(ExitCode.EXTERNAL);
    assertThat(run.lastErrLine())
        .isEqualTo(
            "merge-gate: timed out after 2s waiting for blunderbuss sync sync-7f3a (last state:"
                + " running); check "
                + blunderbuss.baseUrl()
                + "/v1/sync/sync-7f3a; re-running the deploy job is safe");
  }
}
