package org.mergegate.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.FakeGitLab.Approver;
import org.mergegate.review.Approval;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.Version;

class MergeRequestReaderTest {
  private final FakeGitLab gitlab = new FakeGitLab();
  private final GitLabHttp http = gitlab.client();

  @AfterEach
  void stop() {
    http.close();
    gitlab.close();
  }

  private MergeRequestSnapshot read() {
    return new MergeRequestReader(http, FakeGitLab.PROJECT, FakeGitLab.MR).read(policy -> null);
  }

  @Test
  void readsATypicalMergeRequestInNineRequests() {
    gitlab
        .mergeRequest("alice", "1")
        .approvals(Approver.human("bob", "2024-05-03T11:00:00.000Z"))
        .singleVersion()
        .diffs(List.of("src/pay.rb"))
        .targetFile(".gitlab/merge-gate.yml", "approvals:\n  required: 1\n")
        .targetFile("CODEOWNERS", "* @carol\n");
    MergeRequestSnapshot s = read();
    assertThat(s.facts().author()).isEqualTo("alice");
    assertThat(s.facts().headSha()).isEqualTo(FakeGitLab.HEAD);
    assertThat(s.facts().changes()).containsExactly(ChangedPath.modified("src/pay.rb"));
    assertThat(s.facts().approvals())
        .containsExactly(Approval.byHuman("bob", Instant.parse("2024-05-03T11:00:00Z")));
    assertThat(s.facts().versions())
        .containsExactly(
            new Version(FakeGitLab.HEAD, Instant.parse("2024-05-03T10:00:00Z"), "aaaa"));
    assertThat(s.targetBranch()).isEqualTo("main");
    assertThat(s.targetSha()).isEqualTo(FakeGitLab.TARGET_SHA);
    assertThat(s.policy())
        .contains(new RepoFile(".gitlab/merge-gate.yml", "approvals:\n  required: 1\n"));
    assertThat(s.codeowners()).contains(new RepoFile("CODEOWNERS", "* @carol\n"));
    // The MR, approvals, the approver, versions, diffs, notes, reviewers, policy, CODEOWNERS.
    assertThat(gitlab.requestCount()).isEqualTo(9);
  }

  @Test
  void thePipelinesTargetBranchLetsThePolicyBeReadAlongsideTheMrInTheSameNineRequests() {
    gitlab
        .mergeRequest("alice", "1")
        .approvals(Approver.human("bob", "2024-05-03T11:00:00.000Z"))
        .singleVersion()
        .diffs(List.of("src/pay.rb"))
        .targetFile(".gitlab/merge-gate.yml", "approvals:\n  required: 1\n")
        .targetFile("CODEOWNERS", "* @carol\n");
    MergeRequestSnapshot guessed =
        new MergeRequestReader(http, FakeGitLab.PROJECT, FakeGitLab.MR)
            .read(policy -> null, "main");
    assertThat(gitlab.requestCount()).isEqualTo(9);
    assertThat(guessed).isEqualTo(read());
  }

  @Test
  void aWrongGuessOfTheTargetBranchIsReadAgainFromTheBranchTheMrNames() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    gitlab.targetFile(".gitlab/merge-gate.yml", "approvals:\n  required: 2\n");
    gitlab.targetFile("CODEOWNERS", "a.txt @carol\n");
    // A branch that exists, with its own (weaker) policy: it must not be the one judged by.
    gitlab.fileAt("release", ".gitlab/merge-gate.yml", "approvals:\n  required: 0\n");
    MergeRequestSnapshot s =
        new MergeRequestReader(http, FakeGitLab.PROJECT, FakeGitLab.MR)
            .read(policy -> null, "release");
    assertThat(s.targetBranch()).isEqualTo("main");
    assertThat(s.targetSha()).isEqualTo(FakeGitLab.TARGET_SHA);
    assertThat(s.policy())
        .contains(new RepoFile(".gitlab/merge-gate.yml", "approvals:\n  required: 2\n"));
  }

  @Test
  void noPolicyMeansDefaultsAndTheBranchHeadComesFromTheBranch() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    gitlab.targetFile(".gitlab/CODEOWNERS", "a.txt @carol\n");
    MergeRequestSnapshot s = read();
    assertThat(s.policy()).isEmpty();
    assertThat(s.targetSha()).isEqualTo(FakeGitLab.TARGET_SHA);
    assertThat(s.codeowners()).contains(new RepoFile(".gitlab/CODEOWNERS", "a.txt @carol\n"));
    // CODEOWNERS and docs/CODEOWNERS were looked for first, at the branch head, not the MR.
    assertThat(gitlab.requests())
        .extracting(e -> e.getRequest().getUrl())
        .contains(
            "/api/v4/projects/42/repository/files/CODEOWNERS?ref=" + FakeGitLab.TARGET_SHA,
            "/api/v4/projects/42/repository/files/docs%2FCODEOWNERS?ref=" + FakeGitLab.TARGET_SHA);
  }

  @Test
  void aPolicyAppearingOnTheTargetBranchMidReadFailsClosed() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    // Absent at the branch name, but present at the head commit read a moment later.
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/projects/42/repository/files/%2Egitlab%2Fmerge-gate%2Eyml"))
                .withQueryParam(
                    "ref",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo(FakeGitLab.TARGET_SHA))
                .willReturn(FakeGitLab.json(FakeGitLab.fixture("file.json"))));
    GateException e = catchThrowableOfType(GateException.class, this::read);
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage())
        .isEqualTo(
            "the target branch main changed while merge-gate read its policy (now at d5a3ff13); re-run the job");
  }

  @Test
  void aPolicyNamingAMissingCodeownersFileIsAConfigurationError() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    gitlab.targetFile(".gitlab/merge-gate.yml", "codeowners:\n  path: OWNERS\n");
    GateException e =
        catchThrowableOfType(
            GateException.class,
            () -> new MergeRequestReader(http, "42", 7).read(policy -> "OWNERS"));
    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(e.getMessage()).contains("codeowners.path to OWNERS, which does not exist there");
  }

  @Test
  void approvalTimesFallBackToTheApprovalSystemNoteThenToUnknown() {
    gitlab.basicMergeRequest(List.of("a.txt"));
    gitlab.approvals(Approver.human("bob", null), Approver.human("dave", null));
    JsonNode note = FakeGitLab.fixture("note.json"); // bob: "approved this merge request"
    gitlab.pages(FakeGitLab.MR_PATH + "/notes", List.of(note));
    List<Approval> approvals = read().facts().approvals();
    assertThat(approvals)
        .containsExactly(
            Approval.byHuman("bob", Instant.parse("2024-05-03T11:00:00Z")),
            Approval.byHuman("dave", null));
  }

  @Test
  void botsAndBlockedApproversAreMarked() {
    gitlab.basicMergeRequest(List.of("a.txt"));
    gitlab.approvals(
        new Approver("project_42_bot_1", "2024-05-03T11:00:00Z", true, "active"),
        new Approver("mallory", "2024-05-03T11:00:00Z", false, "blocked"));
    assertThat(read().facts().approvals())
        .containsExactly(
            new Approval("project_42_bot_1", Instant.parse("2024-05-03T11:00:00Z"), true, true),
            new Approval("mallory", Instant.parse("2024-05-03T11:00:00Z"), false, false));
  }

  @Test
  void readsAll2500ChangedPathsAcross25Pages() {
    List<String> paths =
        IntStream.rangeClosed(1, 2500).mapToObj(i -> "gen/file" + i + ".txt").toList();
    gitlab.basicMergeRequest(paths).approvals();
    MergeRequestSnapshot s = read();
    assertThat(s.facts().changes()).hasSize(2500);
    assertThat(s.facts().changes().get(2399)).isEqualTo(ChangedPath.modified("gen/file2400.txt"));
    long diffPages =
        gitlab.requests().stream().filter(e -> e.getRequest().getUrl().contains("/diffs")).count();
    assertThat(diffPages).isEqualTo(25);
  }

  @Test
  void renamesKeepBothPaths() {
    gitlab.basicMergeRequest(List.of()).approvals();
    gitlab.mergeRequest("alice", "1");
    gitlab.diffNodes(
        List.of(
            FakeGitLab.fixture("diff.json")
                .put("old_path", "secure/keys.rb")
                .put("new_path", "public/keys.rb")
                .put("renamed_file", true)));
    assertThat(read().facts().changes())
        .containsExactly(
            new ChangedPath("secure/keys.rb", "public/keys.rb", ChangedPath.Status.RENAMED));
  }

  @Test
  void fewerDiffsThanChangesCountFailsClosed() {
    gitlab.basicMergeRequest(List.of("a.txt", "b.txt")).approvals();
    gitlab.mergeRequest("alice", "3");
    GateException e = catchThrowableOfType(GateException.class, this::read);
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage())
        .isEqualTo(
            "GitLab says the merge request changes 3 files but its diff lists 2; the diff is"
                + " incomplete or changed while being read, re-run the job");
  }

  @Test
  void anMrOverGitLabsDiffLimitsFailsClosed() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    gitlab.mergeRequest("alice", "1000+");
    GateException e = catchThrowableOfType(GateException.class, this::read);
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage()).startsWith("this merge request changes more than 1000 files");
  }

  @Test
  void aPushDuringTheReadFailsClosed() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    gitlab.versions(
        new String[] {"9999999999999999999999999999999999999999", "2024-05-03T12:00:00Z", null});
    GateException e = catchThrowableOfType(GateException.class, this::read);
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage()).contains("received a push while merge-gate read it");
  }

  @Test
  void aMissingMergeRequestIsAConfigurationError() {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(FakeGitLab.MR_PATH))
                .willReturn(FakeGitLab.error(404, "404 Not found")));
    GateException e = catchThrowableOfType(GateException.class, this::read);
    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(e.getMessage())
        .isEqualTo(
            "GitLab cannot find the merge request (GET /projects/42/merge_requests/7: 404 Not Found); check --project and --mr, and that the token can see the project");
  }
}
