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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;

class BranchTipsTest {
  private static final String EVENTS = "/api/v4/projects/42/events";
  private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

  private final FakeGitLab gitlab = new FakeGitLab();

  @AfterEach
  void stop() {
    gitlab.close();
  }

  private static ObjectNode push(String createdAt, String refType, String ref, String commitTo) {
    ObjectNode e = FakeGitLab.fixture("push_event.json");
    e.put("created_at", createdAt);
    ObjectNode data = (ObjectNode) e.get("push_data");
    data.put("ref_type", refType).put("ref", ref);
    if (commitTo == null) {
      data.putNull("commit_to");
      data.put("action", "removed");
    } else {
      data.put("commit_to", commitTo);
    }
    return e;
  }

  private Optional<String> before(String moment) {
    try (GitLabHttp http = gitlab.client()) {
      return new BranchTips(http, FakeGitLab.PROJECT).before("main", Instant.parse(moment));
    }
  }

  @Test
  void theNewestPushToTheBranchBeforeTheMomentIsWhereItPointed() {
    List<JsonNode> events = new ArrayList<>();
    events.add(push("2024-05-03T12:30:00.000Z", "branch", "main", B)); // after the moment
    events.add(push("2024-05-03T11:10:00.000Z", "branch", "feature", B)); // another branch
    events.add(push("2024-05-03T11:05:00.000Z", "tag", "main", B)); // a tag named main
    // 97 more pushes to other branches, so the answer is on the second page.
    for (int i = 0; i < 97; i++) {
      events.add(push("2024-05-03T11:00:00.000Z", "branch", "topic-" + i, B));
    }
    events.add(push("2024-05-03T10:00:00.000Z", "branch", "main", A));
    gitlab.pages(EVENTS, events);

    assertThat(before("2024-05-03T12:00:00Z")).contains(A);
    assertThat(gitlab.requests("GET", EVENTS)).hasSize(2);
  }

  @Test
  void noPushBeforeTheMomentOrADeletionMeansTheBranchHeldNothing() {
    gitlab.pages(EVENTS, List.of(push("2024-05-03T12:30:00.000Z", "branch", "main", B)));
    assertThat(before("2024-05-03T12:00:00Z")).isEmpty();

    gitlab.pages(EVENTS, List.of(push("2024-05-03T11:30:00.000Z", "branch", "main", null)));
    assertThat(before("2024-05-03T12:00:00Z")).isEmpty();
  }

  @Test
  void aFailingPageIsAnErrorNeverAnAnswer() {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(EVENTS))
                .willReturn(FakeGitLab.error(500, "500 Internal Server Error")));

    assertThatThrownBy(() -> before("2024-05-03T12:00:00Z"))
        .isInstanceOfSatisfying(
            GateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL));
  }
}
