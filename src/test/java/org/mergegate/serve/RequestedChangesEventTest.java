package org.mergegate.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mergegate.serve.ServeHarness.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.gitlab.FakeGitLab;

/**
 * A reviewer's "Request changes" must turn the check red at once (issue 10): GitLab reports a
 * submitted review, and a re-requested one, as a merge request event with action {@code update}
 * whose {@code changes.reviewers} holds the reviewers before and after, each with its {@code
 * state}.
 */
class RequestedChangesEventTest {
  private ServeHarness serve;

  @AfterEach
  void stop() {
    if (serve != null) {
      serve.close();
    }
  }

  @Test
  void aReviewSubmittedWithRequestChangesRetriesTheCheckJob() throws Exception {
    serve = new ServeHarness(new FakeGitLab(), ServeHarness.settings()).failedCheck();

    HttpResponse<String> answer = serve.deliver(fixture("merge_request_requested_changes.json"));

    assertThat(answer.statusCode()).isEqualTo(202);
    serve.awaitRechecks(1);
    assertThat(serve.retries())
        .singleElement()
        .satisfies(e -> assertThat(e.getRequest().getUrl()).endsWith("/jobs/501/retry"));
    assertThat(serve.metric("merge_gate_webhook_events_total{action=\"update\"}")).isEqualTo(1);
    assertThat(serve.log())
        .contains("action=update outcome=queued trigger=review_state")
        .contains("outcome=retried");
  }

  @Test
  void aReRequestedReviewRetriesTheCheckJob() throws Exception {
    serve = new ServeHarness(new FakeGitLab(), ServeHarness.settings()).failedCheck();

    assertThat(serve.deliver(fixture("merge_request_review_rerequested.json")).statusCode())
        .isEqualTo(202);

    serve.awaitRechecks(1);
    assertThat(serve.retries()).hasSize(1);
  }

  @Test
  void addingAReviewerOrEditingTheTitleChangesNothingAndIsIgnored() throws Exception {
    serve = new ServeHarness(new FakeGitLab(), ServeHarness.settings()).failedCheck();

    assertThat(serve.deliver(fixture("merge_request_reviewer_added.json")).statusCode())
        .isEqualTo(204);
    assertThat(serve.deliver(fixture("merge_request_update.json")).statusCode()).isEqualTo(204);

    Thread.sleep(400); // longer than the debounce
    assertThat(serve.gitlab.requestCount()).isZero();
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"ignored\"}"))
        .isEqualTo(2);
  }

  // --- which changes count, on the parsed body ---------------------------------------------

  private static JsonNode reviewers(String fixture) throws Exception {
    return ServeHarness.JSON.readTree(fixture(fixture)).path("changes").path("reviewers");
  }

  @Test
  void bothShapesOfChangesReviewersAreRead() throws Exception {
    JsonNode pair = reviewers("merge_request_requested_changes.json");
    ObjectNode previousCurrent = ServeHarness.JSON.createObjectNode();
    previousCurrent.set("previous", pair.get(0));
    previousCurrent.set("current", pair.get(1));

    assertThat(MergeRequestEvent.reviewStateChanged(pair)).isTrue();
    assertThat(MergeRequestEvent.reviewStateChanged(previousCurrent)).isTrue();
  }

  @Test
  void removingAReviewerWhoRequestedChangesCountsButRemovingAnyoneElseDoesNot() throws Exception {
    JsonNode requested = reviewers("merge_request_requested_changes.json").get(1);
    JsonNode unreviewed = reviewers("merge_request_reviewer_added.json").get(0);
    JsonNode none = ServeHarness.JSON.createArrayNode();

    assertThat(
            MergeRequestEvent.reviewStateChanged(
                ServeHarness.JSON.createArrayNode().add(requested).add(none)))
        .isTrue();
    assertThat(
            MergeRequestEvent.reviewStateChanged(
                ServeHarness.JSON.createArrayNode().add(unreviewed).add(none)))
        .isFalse();
  }

  @Test
  void reviewersWithoutAStateAsOlderGitLabSendsThemAreIgnored() throws Exception {
    ObjectNode body =
        (ObjectNode) ServeHarness.JSON.readTree(fixture("merge_request_requested_changes.json"));
    for (JsonNode side : body.path("changes").path("reviewers")) {
      for (JsonNode r : side) {
        ((ObjectNode) r).remove("state");
      }
    }

    assertThat(MergeRequestEvent.parse(ServeHarness.JSON.writeValueAsBytes(body)))
        .isInstanceOf(MergeRequestEvent.Ignore.class);
  }
}
