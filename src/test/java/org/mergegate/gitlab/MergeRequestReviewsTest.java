package org.mergegate.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.gitlab.FakeGitLab.Approver;
import org.mergegate.review.ReviewEvent;
import org.mergegate.review.Reviewer;
import org.mergegate.review.Reviews;

/** How the reader turns GitLab's reviewers and review system notes into {@link Reviews}. */
class MergeRequestReviewsTest {
  private static final String ADDED_AT = "2024-05-03T10:10:00.000Z";
  private static final String REQUEST_AT = "2024-05-03T10:40:00.000Z";

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
  void readsReviewerStatesAndTheReviewNotesInOrder() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals(Approver.human("bob", REQUEST_AT));
    gitlab.reviewers(
        new String[] {"carol", "requested_changes"}, new String[] {"erin", "reviewed"});
    gitlab.systemNotes(
        new String[] {
          "alice",
          "requested review from @carol, @dave, and @erin.s and removed review request for @frank",
          ADDED_AT
        },
        new String[] {"carol", "requested changes", REQUEST_AT},
        new String[] {"alice", "removed review request for @dave", "2024-05-03T10:50:00.000Z"},
        new String[] {"bob", "approved this merge request", "2024-05-03T11:00:00.000Z"},
        new String[] {"bob", "unapproved this merge request", "2024-05-03T11:05:00.000Z"},
        new String[] {"alice", "added 1 commit", "2024-05-03T11:06:00.000Z"});

    Reviews reviews = read().facts().reviews();

    assertThat(reviews.current())
        .containsExactly(
            new Reviewer("carol", "requested_changes", Instant.parse("2024-05-03T10:30:00.000Z")),
            new Reviewer("erin", "reviewed", Instant.parse("2024-05-03T10:30:00.000Z")));
    Instant added = Instant.parse(ADDED_AT);
    assertThat(reviews.events())
        .containsExactly(
            new ReviewEvent(
                added,
                "alice",
                ReviewEvent.Kind.REVIEW_REQUESTED,
                List.of("carol", "dave", "erin.s")),
            new ReviewEvent(
                added, "alice", ReviewEvent.Kind.REVIEW_REQUEST_REMOVED, List.of("frank")),
            ReviewEvent.by(Instant.parse(REQUEST_AT), "carol", ReviewEvent.Kind.REQUESTED_CHANGES),
            new ReviewEvent(
                Instant.parse("2024-05-03T10:50:00.000Z"),
                "alice",
                ReviewEvent.Kind.REVIEW_REQUEST_REMOVED,
                List.of("dave")),
            ReviewEvent.by(
                Instant.parse("2024-05-03T11:00:00.000Z"), "bob", ReviewEvent.Kind.APPROVED));
    assertThat(reviews.bots()).isEmpty();
    assertThat(reviews.inactive()).isEmpty();
    assertThat(reviews.asOf()).isNull();
    // One user record beyond the approver's: carol's (is she a bot?), as she requested changes.
    assertThat(gitlab.requests())
        .extracting(e -> e.getRequest().getUrl())
        .filteredOn(u -> u.matches("/api/v4/users/\\d+"))
        .containsExactlyInAnyOrder(
            "/api/v4/users/100", "/api/v4/users/" + gitlab.person("carol", "active"));
  }

  @Test
  void aReRequestedReviewThatRemovedAnApprovalNamesOnlyTheReviewer() {
    // GitLab's RequestReviewService note when asking an approver to review again.
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    gitlab.systemNotes(
        new String[] {"alice", "requested review from @carol and removed approval", ADDED_AT});
    assertThat(read().facts().reviews().events())
        .containsExactly(
            new ReviewEvent(
                Instant.parse(ADDED_AT),
                "alice",
                ReviewEvent.Kind.REVIEW_REQUESTED,
                List.of("carol")));
  }

  @Test
  void aCommentSayingRequestedChangesIsNotAReview() {
    // Anyone who can comment can type the words; only GitLab's own system note counts.
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    gitlab.notesBy(new String[] {"mallory", "requested changes"});
    Reviews reviews = read().facts().reviews();
    assertThat(reviews.events()).isEmpty();
    assertThat(gitlab.requests("GET", "/api/v4/users/101")).isEmpty();
  }

  @Test
  void botsAndBlockedUsersWhoRequestedChangesAreMarked() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    gitlab.reviewers(new String[] {"renovate-bot", "requested_changes"});
    long mallory = gitlab.person("mallory", "blocked");
    gitlab.systemNotes(
        new String[] {"renovate-bot", "requested changes", REQUEST_AT},
        new String[] {"mallory", "requested changes", REQUEST_AT});
    Reviews reviews = read().facts().reviews();
    assertThat(reviews.bots()).containsExactly("renovate-bot");
    assertThat(reviews.inactive()).containsExactly("mallory");
    assertThat(gitlab.requests("GET", "/api/v4/users/" + mallory)).hasSize(1);
  }

  @Test
  void theAuthorAndKnownApproversAreNotLookedUpAgain() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals(Approver.human("carol", REQUEST_AT));
    long alice = gitlab.person("alice", "active");
    gitlab.systemNotes(
        new String[] {"alice", "requested changes", ADDED_AT},
        new String[] {"carol", "requested changes", ADDED_AT});
    read();
    assertThat(gitlab.requests("GET", "/api/v4/users/" + alice)).isEmpty();
    // carol's record was read once, as an approver.
    long carolReads =
        gitlab.requests().stream()
            .filter(e -> e.getRequest().getUrl().matches("/api/v4/users/\\d+"))
            .count();
    assertThat(carolReads).isEqualTo(1);
  }

  @Test
  void everyPageOfNotesIsRead() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    List<JsonNode> notes = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      ObjectNode n = FakeGitLab.fixture("note.json");
      n.put("id", 1000 + i).put("system", false).put("body", "comment " + i);
      notes.add(n);
    }
    ObjectNode request = FakeGitLab.fixture("note.json");
    request.put("id", 2000).put("body", "requested changes").put("created_at", REQUEST_AT);
    ((ObjectNode) request.get("author"))
        .put("username", "carol")
        .put("id", gitlab.person("carol", "active"));
    notes.add(request);
    gitlab.pages(FakeGitLab.MR_PATH + "/notes", notes);
    assertThat(read().facts().reviews().events())
        .containsExactly(
            ReviewEvent.by(Instant.parse(REQUEST_AT), "carol", ReviewEvent.Kind.REQUESTED_CHANGES));
  }

  @Test
  void aFailingReviewersReadFailsClosed() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(FakeGitLab.MR_PATH + "/reviewers"))
                .willReturn(FakeGitLab.error(500, "500 Internal Server Error")));
    GateException e = catchThrowableOfType(GateException.class, this::read);
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage()).contains("reviewers");
  }

  @Test
  void aFailingSecondPageOfNotesFailsClosed() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    List<JsonNode> notes = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      notes.add(FakeGitLab.fixture("note.json").put("id", 1000 + i));
    }
    gitlab.pages(FakeGitLab.MR_PATH + "/notes", notes);
    gitlab
        .server()
        .stubFor(
            FakeGitLab.onPage(get(urlPathEqualTo(FakeGitLab.MR_PATH + "/notes")), 2)
                .atPriority(1)
                .willReturn(FakeGitLab.error(404, "404 Not found")));
    GateException e = catchThrowableOfType(GateException.class, this::read);
    assertThat(e.exitCode()).isNotEqualTo(ExitCode.OK);
    assertThat(e.getMessage()).contains("notes");
  }

  @Test
  void aRequesterWhoseUserRecordLacksAStateStillBlocksOrFails() {
    // Not knowing whether carol is active must not read as "blocked user, never blocks".
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    long carol = gitlab.person("carol", "active");
    ObjectNode record = FakeGitLab.fixture("user.json");
    record.put("id", carol).put("username", "carol").put("bot", false).remove("state");
    gitlab
        .server()
        .stubFor(get(urlPathEqualTo("/api/v4/users/" + carol)).willReturn(FakeGitLab.json(record)));
    gitlab.systemNotes(
        new String[] {"alice", "requested review from @carol", ADDED_AT},
        new String[] {"carol", "requested changes", REQUEST_AT});

    GateException e = catchThrowableOfType(GateException.class, this::read);

    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage())
        .isEqualTo(
            "GitLab's user record of @carol, who requested changes, gives no state, so merge-gate"
                + " cannot tell whether they still count; re-run the job");
  }

  @Test
  void aNoteDeletedBetweenTwoPagesCannotHideARequestForChanges() {
    // The author deletes one of their comments on page 1 and adds one while the gate reads:
    // everything shifts left by one, carol's request moves from page 2 onto page 1 (already
    // read), and the total stays 151, so the first read alone misses it without noticing.
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    List<JsonNode> before = new ArrayList<>();
    before.add(systemNote(1, "alice", "requested review from @carol", ADDED_AT));
    for (int i = 2; i <= 100; i++) {
      before.add(comment(i, "alice", "2024-05-03T10:2" + (i % 10) + ":00.000Z"));
    }
    before.add(systemNote(101, "carol", "requested changes", REQUEST_AT));
    before.add(systemNote(102, "alice", "removed review request for @carol", REQUEST_AT));
    for (int i = 103; i <= 151; i++) {
      before.add(comment(i, "alice", "2024-05-03T10:50:00.000Z"));
    }
    List<JsonNode> after = new ArrayList<>(before);
    after.remove(5);
    after.add(comment(152, "alice", "2024-05-03T11:00:00.000Z"));
    String path = FakeGitLab.MR_PATH + "/notes";
    var page1 = get(urlPathEqualTo(path)).withQueryParam("page", equalTo("1"));
    gitlab
        .server()
        .stubFor(
            page1
                .inScenario("delete")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(page(before.subList(0, 100), path, 1, 151))
                .willSetStateTo("deleted"));
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(path))
                .withQueryParam("page", equalTo("1"))
                .inScenario("delete")
                .whenScenarioStateIs("deleted")
                .willReturn(page(after.subList(0, 100), path, 1, 151)));
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(path))
                .withQueryParam("page", equalTo("2"))
                .willReturn(page(after.subList(100, 151), path, 2, 151)));

    Reviews reviews = read().facts().reviews();

    assertThat(reviews.events())
        .contains(
            ReviewEvent.by(Instant.parse(REQUEST_AT), "carol", ReviewEvent.Kind.REQUESTED_CHANGES));
  }

  @Test
  void notesThatChangeOnEveryReadFailClosed() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    List<JsonNode> notes = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      notes.add(comment(i, "alice", ADDED_AT));
    }
    String path = FakeGitLab.MR_PATH + "/notes";
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(path))
                .withQueryParam("page", equalTo("1"))
                .willReturn(page(notes, path, 1, 101)));
    // Each read of page 2 sees a comment added since the last one.
    String state = com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
    for (int read = 0; read < 3; read++) {
      gitlab
          .server()
          .stubFor(
              get(urlPathEqualTo(path))
                  .withQueryParam("page", equalTo("2"))
                  .inScenario("busy")
                  .whenScenarioStateIs(state)
                  .willReturn(page(List.of(comment(200 + read, "alice", REQUEST_AT)), path, 2, 101))
                  .willSetStateTo("read " + read));
      state = "read " + read;
    }

    GateException e = catchThrowableOfType(GateException.class, this::read);

    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage())
        .isEqualTo(
            "the merge request's notes changed each time merge-gate read their 101 notes, so it"
                + " cannot be sure it saw them all; re-run the job");
  }

  private ObjectNode systemNote(long id, String author, String body, String at) {
    ObjectNode n = FakeGitLab.fixture("note.json");
    n.put("id", id).put("body", body).put("system", true);
    n.put("created_at", at).put("updated_at", at);
    ((ObjectNode) n.get("author"))
        .put("username", author)
        .put("id", gitlab.person(author, "active"));
    return n;
  }

  private ObjectNode comment(long id, String author, String at) {
    return systemNote(id, author, "comment " + id, at).put("system", false);
  }

  private com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder page(
      List<JsonNode> items, String path, int page, int total) {
    var body = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
    items.forEach(body::add);
    return FakeGitLab.json(body).withHeaders(gitlab.pageHeaders(path, page, 2, total));
  }

  @Test
  void aReviewerWithoutAStateFailsClosed() {
    gitlab.basicMergeRequest(List.of("a.txt")).approvals();
    ObjectNode entry = FakeGitLab.fixture("reviewer.json");
    entry.remove("state");
    gitlab.pages(FakeGitLab.MR_PATH + "/reviewers", List.of(entry));
    GateException e = catchThrowableOfType(GateException.class, this::read);
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage()).contains("lacks state");
  }
}
