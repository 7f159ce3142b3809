package org.mergegate.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.breakglass.FollowUpIssueText;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;

class FollowUpIssuesTest {
  private static final String ISSUES = "/api/v4/projects/42/issues";
  private static final String DIFF =
      "https://gitlab.example.com/acme/payments/-/merge_requests/7/diffs";
  private static final BreakGlassRecord RECORD =
      new BreakGlassRecord(
          FakeGitLab.HEAD,
          "sre-sam",
          "payments down since 14:02, INC-1234",
          Instant.parse("2024-05-03T12:00:00Z"),
          "https://gitlab.example.com/acme/payments/-/jobs/5151",
          7L);

  private final FakeGitLab gitlab = new FakeGitLab();

  @AfterEach
  void stop() {
    gitlab.close();
  }

  private static ObjectNode issue(long iid, String author, String state, String description) {
    ObjectNode i = FakeGitLab.fixture("issue.json");
    i.put("iid", iid)
        .put("state", state)
        .put("description", description)
        .put("web_url", "https://gitlab.example.com/acme/payments/-/issues/" + iid);
    ((ObjectNode) i.get("author")).put("username", author);
    return i;
  }

  private java.util.Optional<FollowUpIssues.FollowUpIssue> find() {
    try (GitLabHttp http = gitlab.client()) {
      return new FollowUpIssues(http, FakeGitLab.PROJECT).find(RECORD);
    }
  }

  @Test
  void findsTheIssueTheGateOpenedForTheRecordBySearchingItsSha() {
    gitlab.pages(
        ISSUES,
        List.of(issue(12, FakeGitLab.GATE_USER, "closed", FollowUpIssueText.render(RECORD, DIFF))));

    assertThat(find())
        .contains(
            new FollowUpIssues.FollowUpIssue(
                12, "closed", "https://gitlab.example.com/acme/payments/-/issues/12", null));
    String url = gitlab.requests("GET", ISSUES).get(0).getRequest().getUrl();
    assertThat(url)
        .contains("search=" + FakeGitLab.HEAD)
        .contains("in=description")
        .contains("author_username=" + FakeGitLab.GATE_USER);
  }

  @Test
  void copiesByOthersEditedIssuesAndOtherRecordsOfTheSameCommitAreNotTheFollowUp() {
    String genuine = FollowUpIssueText.render(RECORD, DIFF);
    BreakGlassRecord other =
        new BreakGlassRecord(
            RECORD.sha(), "sre-sam", "another reason entirely", RECORD.at(), RECORD.jobUrl(), 7L);
    gitlab.pages(
        ISSUES,
        List.of(
            issue(20, "alice", "opened", genuine),
            issue(21, FakeGitLab.GATE_USER, "opened", genuine.replace("sre-sam", "sre-bob")),
            issue(22, FakeGitLab.GATE_USER, "opened", "Reviewed, fine.\n" + genuine),
            issue(23, FakeGitLab.GATE_USER, "opened", FollowUpIssueText.render(other, DIFF))));

    assertThat(find()).isEmpty();
  }

  @Test
  void readsEveryPageAndPrefersAnOpenIssueToAClosedOne() {
    List<JsonNode> items = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      items.add(issue(100 + i, "alice", "opened", "unrelated " + i));
    }
    items.add(issue(12, FakeGitLab.GATE_USER, "closed", FollowUpIssueText.render(RECORD, DIFF)));
    items.add(issue(14, FakeGitLab.GATE_USER, "opened", FollowUpIssueText.render(RECORD, DIFF)));
    gitlab.pages(ISSUES, items);

    assertThat(find()).map(FollowUpIssues.FollowUpIssue::iid).contains(14L);
    assertThat(gitlab.requests("GET", ISSUES)).hasSize(2);
  }

  @Test
  void aFailingSearchFailsClosedInsteadOfAnsweringNone() {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(ISSUES))
                .willReturn(FakeGitLab.error(500, "500 Internal Server Error")));

    assertThatThrownBy(this::find)
        .isInstanceOf(GateException.class)
        .satisfies(e -> assertThat(((GateException) e).exitCode()).isEqualTo(ExitCode.EXTERNAL));
  }
}
