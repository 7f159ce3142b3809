package org.mergegate.serve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mergegate.serve.ServeHarness.event;
import static org.mergegate.serve.ServeHarness.fixture;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.gitlab.FakeGitLab;

/** {@code merge-gate serve} over real HTTP on a loopback port, GitLab played by WireMock. */
class WebhookServerTest {
  private ServeHarness serve;

  private ServeHarness start(ServeSettings settings) throws Exception {
    serve = new ServeHarness(new FakeGitLab(), settings);
    return serve;
  }

  private ServeHarness start() throws Exception {
    return start(ServeHarness.settings());
  }

  @AfterEach
  void stop() {
    if (serve != null) {
      serve.close();
    }
  }

  @Test
  void aWrongOrMissingSecretIsRefusedWithoutAskingGitLabOrLoggingTheBody() throws Exception {
    start().failedCheck();

    HttpResponse<String> wrong = serve.deliver(fixture("merge_request_approval.json"), "guess");
    HttpResponse<String> missing = serve.deliver(fixture("merge_request_approval.json"), null);
    HttpResponse<String> almost =
        serve.deliver(fixture("merge_request_approval.json"), ServeHarness.SECRET + "x");

    assertThat(List.of(wrong.statusCode(), missing.statusCode(), almost.statusCode()))
        .containsOnly(401);
    Thread.sleep(400); // longer than the debounce: a queued run would have started by now
    assertThat(serve.gitlab.requestCount()).isZero();
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"unauthorized\"}"))
        .isEqualTo(3);
    assertThat(serve.log())
        .contains("outcome=unauthorized")
        .doesNotContain("Bob Reviewer", "guess", ServeHarness.SECRET);
  }

  @Test
  void anApprovalRetriesTheCheckJobOfTheHeadPipelineExactlyOnce() throws Exception {
    start().failedCheck();

    HttpResponse<String> answer = serve.deliver(fixture("merge_request_approval.json"));

    assertThat(answer.statusCode()).isEqualTo(202);
    serve.awaitRechecks(1);
    List<ServeEvent> retries = serve.retries();
    assertThat(retries).hasSize(1);
    assertThat(retries.get(0).getRequest().getUrl())
        .isEqualTo("/api/v4/projects/42/jobs/501/retry");
    assertThat(retries.get(0).getRequest().getHeader("PRIVATE-TOKEN"))
        .isEqualTo(ServeHarness.TOKEN);
    assertThat(serve.posts(".*/merge_requests/7/pipelines")).isEmpty();
    assertThat(serve.metric("merge_gate_retries_triggered_total")).isEqualTo(1);
    assertThat(serve.metric("merge_gate_webhook_events_total{action=\"approval\"}")).isEqualTo(1);
    assertThat(serve.log())
        .contains("msg=webhook kind=merge_request project=42 mr=7 action=approval outcome=queued")
        .contains("msg=recheck project=42 mr=7 outcome=retried")
        .doesNotContain(ServeHarness.TOKEN, ServeHarness.SECRET);
  }

  @Test
  void fiveApprovalEventsInABurstCauseOneRetry() throws Exception {
    // A one-second window, so a slow first connection cannot split the burst.
    start(
            ServeHarness.settings()
                .withQueue(
                    new WorkQueue.Settings(
                        Duration.ofSeconds(1),
                        10,
                        2,
                        3,
                        Duration.ofMillis(40),
                        Duration.ofSeconds(1))))
        .failedCheck();

    for (String action : List.of("approval", "approval", "approved", "unapproval", "unapproved")) {
      assertThat(serve.deliver(fixture("merge_request_" + action + ".json")).statusCode())
          .isEqualTo(202);
    }

    serve.awaitRechecks(1);
    Thread.sleep(1_100); // a second run, had one been queued, would have retried by now
    assertThat(serve.retries()).hasSize(1);
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"queued\"}")).isEqualTo(1);
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"merged\"}")).isEqualTo(4);
  }

  @Test
  void whenTheHeadHasNoPipelineANewMergeRequestPipelineIsCreated() throws Exception {
    start()
        .openMergeRequest()
        .pipelines(new Object[] {70L, "7777777777777777777777777777777777777777"})
        .acceptRetries();

    assertThat(serve.deliver(fixture("merge_request_approved.json")).statusCode()).isEqualTo(202);

    serve.awaitRechecks(1);
    assertThat(serve.posts("/api/v4/projects/42/merge_requests/7/pipelines")).hasSize(1);
    assertThat(serve.retries()).isEmpty();
    assertThat(serve.metric("merge_gate_pipelines_created_total")).isEqualTo(1);
  }

  @Test
  void whenTheHeadPipelineIsGoneANewMergeRequestPipelineIsCreated() throws Exception {
    start().openMergeRequest().pipelines(new Object[] {77L, FakeGitLab.HEAD}).acceptRetries();
    serve
        .gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/projects/42/pipelines/77/jobs"))
                .willReturn(FakeGitLab.error(404, "404 Not found")));

    serve.deliver(fixture("merge_request_approval.json"));

    serve.awaitRechecks(1);
    assertThat(serve.posts("/api/v4/projects/42/merge_requests/7/pipelines")).hasSize(1);
  }

  @Test
  void aCheckJobThatHasNotStartedIsLeftAlone() throws Exception {
    start()
        .openMergeRequest()
        .pipelines(new Object[] {77L, FakeGitLab.HEAD})
        .jobs(77L, new Object[] {501L, "merge-gate:check", "pending"})
        .acceptRetries();

    serve.deliver(fixture("merge_request_approval.json"));

    serve.awaitRechecks(1);
    Thread.sleep(300); // several polls' worth: a pending job is not waited for
    assertThat(serve.retries()).isEmpty();
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"already_running\"}")).isEqualTo(1);
    assertThat(jobListings()).isEqualTo(1);
  }

  @Test
  void aCheckJobRunningSinceBeforeTheApprovalIsRetriedOnceItEnds() throws Exception {
    Instant before = Instant.now().minus(Duration.ofMinutes(3));
    Object[] running = {501L, "merge-gate:check", "running", before};
    start()
        .openMergeRequest()
        .pipelines(new Object[] {77L, FakeGitLab.HEAD})
        .acceptRetries()
        .jobsWhile(Scenario.STARTED, "polled once", 77L, running)
        .jobsWhile("polled once", "finished", 77L, running)
        .jobsWhile(
            "finished", "finished", 77L, new Object[] {501L, "merge-gate:check", "failed", before});

    serve.deliver(fixture("merge_request_approval.json"));

    ServeHarness.await(
        () -> serve.metric("merge_gate_rechecks_total{outcome=\"retried\"}") == 1,
        Duration.ofSeconds(10),
        "the job was retried");
    Thread.sleep(400); // a further poll, had one been scheduled, would have retried again by now
    assertThat(serve.retries())
        .singleElement()
        .satisfies(e -> assertThat(e.getRequest().getUrl()).endsWith("/jobs/501/retry"));
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"waiting_for_running_job\"}"))
        .isEqualTo(2);
    // Not while it ran: the retry came only after the third listing, the one showing it failed.
    List<ServeEvent> listings =
        serve.gitlab.requests().stream()
            .filter(
                e -> e.getRequest().getUrl().startsWith("/api/v4/projects/42/pipelines/77/jobs"))
            .sorted(
                (a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
            .toList();
    assertThat(listings).hasSize(3);
    assertThat(serve.retries().get(0).getRequest().getLoggedDate())
        .isAfterOrEqualTo(listings.get(2).getRequest().getLoggedDate());
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"failed\"}")).isZero();
    assertThat(serve.metric("merge_gate_gitlab_errors_total")).isZero();
    assertThat(serve.log())
        .contains("outcome=waiting_for_running_job attempt=1 detail=\"job 501 (running) started at")
        .contains("outcome=retried attempt=1 detail=\"job 501 (failed) retried as job 9001\"");
  }

  @Test
  void aCheckJobThatStartedAfterTheApprovalIsNeverRetried() throws Exception {
    // GitLab's clock: the runner picked the job up after the approval reached us.
    Instant after = Instant.now().plus(Duration.ofSeconds(30));
    start()
        .openMergeRequest()
        .pipelines(new Object[] {77L, FakeGitLab.HEAD})
        .jobs(77L, new Object[] {501L, "merge-gate:check", "running", after})
        .acceptRetries();

    serve.deliver(fixture("merge_request_approval.json"));

    serve.awaitRechecks(1);
    Thread.sleep(600); // longer than several polls
    assertThat(serve.retries()).isEmpty();
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"already_running\"}")).isEqualTo(1);
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"waiting_for_running_job\"}"))
        .isZero();
    assertThat(jobListings()).as("read once, never polled").isEqualTo(1);
  }

  @Test
  void aFinishedCheckJobThatStartedAfterTheApprovalIsNotRetried() throws Exception {
    Instant after = Instant.now().plus(Duration.ofSeconds(30));
    start()
        .openMergeRequest()
        .pipelines(new Object[] {77L, FakeGitLab.HEAD})
        .jobs(77L, new Object[] {501L, "merge-gate:check", "failed", after})
        .acceptRetries();

    serve.deliver(fixture("merge_request_approval.json"));

    serve.awaitRechecks(1);
    Thread.sleep(300);
    assertThat(serve.retries()).isEmpty();
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"already_current\"}")).isEqualTo(1);
    assertThat(serve.metric("merge_gate_retries_triggered_total")).isZero();
    assertThat(serve.log()).contains("outcome=already_current", "after the event; not retried");
  }

  @Test
  void aCheckJobThatKeepsRunningIsWaitedForBoundedThenGivenUpOn() throws Exception {
    start()
        .openMergeRequest()
        .pipelines(new Object[] {77L, FakeGitLab.HEAD})
        .jobs(77L, new Object[] {501L, "merge-gate:check", "running", null})
        .acceptRetries();

    long started = System.nanoTime();
    serve.deliver(fixture("merge_request_approval.json"));

    ServeHarness.await(
        () -> serve.metric("merge_gate_rechecks_total{outcome=\"running_job_timeout\"}") == 1,
        Duration.ofSeconds(10),
        "the wait ran out");
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(tookMillis).isGreaterThanOrEqualTo(1_500); // the test settings' maximum wait
    assertThat(serve.retries()).isEmpty();
    // 50 + 50 + 100 + 200 + 200 + 200 + 200 + 200 + 200 + 100 ms: ten waits, then the last look.
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"waiting_for_running_job\"}"))
        .isEqualTo(10);
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"failed\"}")).isZero();
    assertThat(serve.log())
        .contains("started at an unknown time")
        .contains("outcome=running_job_timeout");
  }

  @Test
  void shutdownDoesNotWaitForARunningCheckJob() throws Exception {
    start()
        .openMergeRequest()
        .pipelines(new Object[] {77L, FakeGitLab.HEAD})
        .jobs(77L, new Object[] {501L, "merge-gate:check", "running"})
        .acceptRetries();
    serve.deliver(fixture("merge_request_approval.json"));
    serve.awaitRechecks(1);

    long started = System.nanoTime();
    WorkQueue.Drain drain = serve.server.shutdown();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(drain.dropped()).isEqualTo(1);
    assertThat(tookMillis).isLessThan(4_000); // the drain timeout is 5 s
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"dropped\"}")).isEqualTo(1);
  }

  /** How often the server listed pipeline 77's jobs. */
  private long jobListings() {
    return serve.gitlab.requests().stream()
        .filter(e -> e.getRequest().getUrl().startsWith("/api/v4/projects/42/pipelines/77/jobs"))
        .count();
  }

  @Test
  void aConfiguredJobNameIsTheOneRetried() throws Exception {
    start(ServeHarness.settings().withJobName("gate"))
        .openMergeRequest()
        .pipelines(new Object[] {77L, FakeGitLab.HEAD})
        .jobs(
            77L,
            new Object[] {501L, "merge-gate:check", "failed"},
            new Object[] {502L, "gate", "canceled"})
        .acceptRetries();

    serve.deliver(fixture("merge_request_approval.json"));

    serve.awaitRechecks(1);
    assertThat(serve.retries())
        .singleElement()
        .satisfies(e -> assertThat(e.getRequest().getUrl()).endsWith("/jobs/502/retry"));
  }

  @Test
  void gitLabFailingTheRetryIsRetriedWithBackoffThenCountedAsAnError() throws Exception {
    start().failedCheck();
    serve
        .gitlab
        .server()
        .stubFor(
            post(urlPathMatching("/api/v4/projects/42/jobs/[0-9]+/retry"))
                .willReturn(FakeGitLab.error(500, "500 Internal Server Error")));

    serve.deliver(fixture("merge_request_approval.json"));

    serve.awaitRechecks(1);
    List<ServeEvent> attempts = serve.retries();
    assertThat(attempts).hasSize(3); // maxAttempts in the test settings
    // Oldest first; each wait is at least half of 40 ms × 2^(attempt-1).
    List<ServeEvent> ordered =
        attempts.stream()
            .sorted(
                (a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
            .toList();
    long first = gap(ordered.get(0), ordered.get(1));
    long second = gap(ordered.get(1), ordered.get(2));
    assertThat(first).isGreaterThanOrEqualTo(20);
    assertThat(second).isGreaterThanOrEqualTo(40);
    assertThat(serve.metric("merge_gate_gitlab_errors_total")).isEqualTo(3);
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"failed\"}")).isEqualTo(1);
    assertThat(serve.metric("merge_gate_retries_triggered_total")).isZero();
    HttpResponse<String> metrics = serve.get("/metrics");
    assertThat(metrics.body())
        .contains("merge_gate_gitlab_errors_total 3\n")
        .contains("merge_gate_rechecks_total{outcome=\"failed\"} 1\n");
    assertThat(serve.log()).contains("outcome=failed", "gave up after 3 attempts");
  }

  private static long gap(ServeEvent earlier, ServeEvent later) {
    return later.getRequest().getLoggedDate().getTime()
        - earlier.getRequest().getLoggedDate().getTime();
  }

  @Test
  void aProjectTheTokenCannotSeeFailsOnceAndIsCounted() throws Exception {
    WebhookSecret secret = new WebhookSecret(ServeHarness.SECRET);
    serve =
        new ServeHarness(
            new FakeGitLab(),
            ServeHarness.settings(),
            new AllowedProjects(java.util.Map.of(42L, secret, 999L, secret)));
    serve
        .gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/projects/999/merge_requests/3"))
                .willReturn(FakeGitLab.error(404, "404 Project Not Found")));

    assertThat(serve.deliver(event("approval", 999, 3)).statusCode()).isEqualTo(202);

    serve.awaitRechecks(1);
    assertThat(serve.gitlab.requestCount()).isEqualTo(1); // 404 is not worth asking again
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"failed\"}")).isEqualTo(1);
    assertThat(serve.metric("merge_gate_gitlab_errors_total")).isEqualTo(1);
  }

  @Test
  void aFullQueueAnswers503SoGitLabDeliversAgainLater() throws Exception {
    ServeSettings settings = ServeHarness.settings();
    start(
            settings.withQueue(
                new WorkQueue.Settings(
                    Duration.ofMinutes(10), 2, 1, 3, Duration.ofMillis(40), Duration.ofSeconds(1))))
        .failedCheck();

    HttpResponse<String> first = serve.deliver(event("approval", 42, 1));
    HttpResponse<String> second = serve.deliver(event("approval", 42, 2));
    HttpResponse<String> third = serve.deliver(event("approval", 42, 3));
    HttpResponse<String> again = serve.deliver(event("approved", 42, 2));

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.headers().firstValue("Retry-After")).contains("30");
    assertThat(again.statusCode()).as("an MR already waiting still merges").isEqualTo(202);
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"queue_full\"}"))
        .isEqualTo(1);
    assertThat(serve.metric("merge_gate_queue_depth")).isEqualTo(2);
    assertThat(serve.log()).contains("project=42 mr=3 action=approval outcome=queue_full");
  }

  @Test
  void shutdownRunsQueuedWorkAtOnceThenStopsListening() throws Exception {
    // A debounce far longer than the test: only the drain can have run these.
    start(
            ServeHarness.settings()
                .withQueue(
                    new WorkQueue.Settings(
                        Duration.ofMinutes(10),
                        10,
                        2,
                        3,
                        Duration.ofMillis(40),
                        Duration.ofSeconds(1))))
        .failedCheck();
    serve.deliver(fixture("merge_request_approval.json"));
    serve.deliver(fixture("merge_request_unapproval.json"));
    assertThat(serve.retries()).isEmpty();

    long started = System.nanoTime();
    WorkQueue.Drain drain = serve.server.shutdown();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(drain.finished()).isEqualTo(1);
    assertThat(drain.dropped()).isZero();
    assertThat(serve.retries()).hasSize(1);
    assertThat(tookMillis).isLessThan(5_000);
    assertThatThrownBy(() -> serve.deliver(fixture("merge_request_approval.json")))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(serve.log()).contains("msg=stopped finished=1 dropped=0");
  }

  @Test
  void shutdownGivesUpAfterTheDrainTimeoutAndCountsWhatItDropped() throws Exception {
    start(
            ServeHarness.settings()
                .withDrainTimeout(Duration.ofMillis(300))
                .withQueue(
                    new WorkQueue.Settings(
                        Duration.ofMinutes(10),
                        10,
                        1,
                        3,
                        Duration.ofMillis(40),
                        Duration.ofSeconds(1))))
        .failedCheck();
    serve
        .gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo(FakeGitLab.MR_PATH))
                .willReturn(
                    aResponse()
                        .withFixedDelay(3_000)
                        .withStatus(200)
                        .withBody("{\"sha\":\"" + FakeGitLab.HEAD + "\",\"state\":\"opened\"}")));
    serve.deliver(event("approval", 42, 7));
    serve.deliver(event("approval", 42, 8));

    long started = System.nanoTime();
    WorkQueue.Drain drain = serve.server.shutdown();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(drain.dropped()).isEqualTo(2);
    assertThat(tookMillis).isLessThan(2_900);
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"dropped\"}")).isEqualTo(2);
    assertThat(serve.log()).contains("outcome=dropped");
  }

  @Test
  void otherEventsAndActionsAreAcknowledgedWith204AndIgnored() throws Exception {
    start().failedCheck();

    assertThat(serve.deliver(fixture("merge_request_update.json")).statusCode()).isEqualTo(204);
    assertThat(serve.deliver(fixture("push.json")).statusCode()).isEqualTo(204);

    Thread.sleep(300);
    assertThat(serve.gitlab.requestCount()).isZero();
    assertThat(serve.metric("merge_gate_webhook_events_total{action=\"update\"}")).isEqualTo(1);
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"ignored\"}"))
        .isEqualTo(2);
  }

  @Test
  void badRequestsGetClearAnswers() throws Exception {
    start(ServeHarness.settings().withMaxBodyBytes(4096)).failedCheck();

    HttpResponse<String> notJson = serve.deliver("not json".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> noIid =
        serve.deliver(
            "{\"object_kind\":\"merge_request\",\"project\":{\"id\":42},\"object_attributes\":{}}"
                .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> tooLarge = serve.deliver(new byte[4097]);
    HttpResponse<String> getHook = serve.get(WebhookServer.HOOK_PATH);
    HttpResponse<String> elsewhere = serve.get("/hooks/gitlabx");

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(noIid.statusCode()).isEqualTo(400);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(getHook.statusCode()).isEqualTo(405);
    assertThat(getHook.headers().firstValue("Allow")).contains("POST");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(serve.gitlab.requestCount()).isZero();
  }

  @Test
  void healthzIsReadyOnlyWhenGitLabAcceptsTheToken() throws Exception {
    start();
    serve
        .gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.error(401, "401 Unauthorized")));

    HttpResponse<String> refused = serve.get("/healthz");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body()).startsWith("not ready: GitLab rejected the token");
    assertThat(refused.body()).doesNotContain(ServeHarness.TOKEN);

    serve.gitlab.tokenUser(5, "merge-gate-bot");
    // A failure is remembered for a second, so that probes cannot flood GitLab.
    ServeHarness.await(
        () -> serve.get("/healthz").statusCode() == 200, Duration.ofSeconds(5), "ready again");
    HttpResponse<String> ready = serve.get("/healthz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ok\n");
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    start().failedCheck();
    serve.deliver(fixture("merge_request_approved.json"));
    serve.awaitRechecks(1);

    HttpResponse<String> metrics =
        serve.send(HttpRequest.newBuilder(serve.uri("/metrics")).GET().build());

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body())
        .contains("# TYPE merge_gate_webhook_events_total counter\n")
        .contains("merge_gate_webhook_events_total{action=\"approved\"} 1\n")
        .contains("merge_gate_retries_triggered_total 1\n")
        .contains("# TYPE merge_gate_queue_depth gauge\nmerge_gate_queue_depth 0\n");
  }
}
