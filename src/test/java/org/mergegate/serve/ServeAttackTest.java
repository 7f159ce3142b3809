package org.mergegate.serve;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mergegate.serve.ServeHarness.event;
import static org.mergegate.serve.ServeHarness.fixture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.gitlab.FakeGitLab;

/**
 * Attacks on {@code merge-gate serve}, each reproduced over real sockets: a sender acting for a
 * project serve was not set up for, a merge request from a fork, clients that never finish.
 */
class ServeAttackTest {
  private ServeHarness serve;

  @AfterEach
  void stop() {
    if (serve != null) {
      serve.close();
    }
  }

  private ServeHarness start() throws Exception {
    serve = new ServeHarness(new FakeGitLab(), ServeHarness.settings());
    return serve;
  }

  // --- issue 12.5: whose events serve acts on ---------------------------------------------

  @Test
  void anEventForAProjectNotOnTheListIsRefusedAndNothingHappensThere() throws Exception {
    start().failedCheck();

    HttpResponse<String> answer = serve.deliver(event("approval", 43, 7));

    assertThat(answer.statusCode()).isEqualTo(403);
    Thread.sleep(400); // longer than the debounce: a queued run would have asked GitLab by now
    assertThat(serve.gitlab.requestCount()).isZero();
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"project_not_allowed\"}"))
        .isEqualTo(1);
    assertThat(serve.log()).contains("outcome=project_not_allowed", "project=43");
  }

  @Test
  void theSecretOfOneProjectCannotActForAnother() throws Exception {
    String secret43 = "whsec-of-project-43-only";
    serve =
        new ServeHarness(
            new FakeGitLab(),
            ServeHarness.settings(),
            new AllowedProjects(
                Map.of(
                    42L,
                    new WebhookSecret(ServeHarness.SECRET),
                    43L,
                    new WebhookSecret(secret43))));
    serve.failedCheck();

    HttpResponse<String> into42 = serve.deliver(event("approval", 42, 7), secret43);
    HttpResponse<String> into43 = serve.deliver(event("approval", 43, 7), ServeHarness.SECRET);

    assertThat(into42.statusCode()).isEqualTo(401);
    assertThat(into43.statusCode()).isEqualTo(401);
    Thread.sleep(400); // longer than the debounce
    assertThat(serve.gitlab.requestCount()).isZero();
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"unauthorized\"}"))
        .isEqualTo(2);
    assertThat(serve.log()).doesNotContain(secret43, ServeHarness.SECRET);
    // Each project's own secret still works.
    assertThat(serve.deliver(event("approval", 42, 7)).statusCode()).isEqualTo(202);
  }

  @Test
  void anEventNamingTwoDifferentProjectsIsRefusedAsMalformed() throws Exception {
    start().failedCheck();
    ObjectNode body =
        (ObjectNode) ServeHarness.JSON.readTree(fixture("merge_request_approval.json"));
    ((ObjectNode) body.get("object_attributes")).put("target_project_id", 43);

    HttpResponse<String> answer = serve.deliver(ServeHarness.JSON.writeValueAsBytes(body));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("target_project_id differ");
    Thread.sleep(400); // longer than the debounce
    assertThat(serve.gitlab.requestCount()).isZero();
  }

  /** MR 7 of project 42 comes from the fork 1001. */
  private void forkMergeRequest() {
    ObjectNode mr = FakeGitLab.fixture("merge_request.json");
    mr.put("source_project_id", 1001);
    serve
        .gitlab
        .server()
        .stubFor(get(urlPathEqualTo(FakeGitLab.MR_PATH)).willReturn(FakeGitLab.json(mr)));
  }

  private static ObjectNode pipeline(long id, long project) {
    ObjectNode p = FakeGitLab.fixture("mr_pipeline.json");
    p.put("id", id).put("project_id", project);
    return p;
  }

  @Test
  void aForkMergeRequestWithoutAnyPipelineGetsNoneFromServe() throws Exception {
    start().acceptRetries();
    forkMergeRequest();
    serve.pipelineList(List.of());

    serve.deliver(fixture("merge_request_approval.json"));

    serve.awaitRechecks(1);
    assertThat(serve.posts("/api/v4/projects/42/merge_requests/7/pipelines")).isEmpty();
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"fork_skipped\"}")).isEqualTo(1);
    assertThat(serve.log()).contains("Pipelines tab");
  }

  @Test
  void aForkMergeRequestsParentPipelineThatAMaintainerStartedIsRetriedThere() throws Exception {
    start().acceptRetries();
    forkMergeRequest();
    // Newest first: the fork's own pipeline 80, then 77, which a maintainer ran in project 42.
    serve.pipelineList(List.of(pipeline(80, 1001), pipeline(77, 42)));
    serve.jobs(77L, new Object[] {501L, "merge-gate:check", "failed"});

    serve.deliver(fixture("merge_request_approval.json"));

    serve.awaitRechecks(1);
    assertThat(serve.retries())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getRequest().getUrl())
                    .isEqualTo("/api/v4/projects/42/jobs/501/retry"));
    assertThat(serve.gitlab.requests().stream().map(e -> e.getRequest().getUrl()))
        .noneMatch(u -> u.contains("/pipelines/80"));
  }

  /** MR 7 of project 42 comes from the fork 1001; its newest pipeline ran in the fork. */
  private void forkMergeRequestWithPipelineInTheFork() {
    ObjectNode mr = FakeGitLab.fixture("merge_request.json");
    mr.put("source_project_id", 1001);
    serve
        .gitlab
        .server()
        .stubFor(get(urlPathEqualTo(FakeGitLab.MR_PATH)).willReturn(FakeGitLab.json(mr)));
    ObjectNode pipeline = FakeGitLab.fixture("mr_pipeline.json");
    pipeline.put("project_id", 1001);
    serve.pipelineList(List.of(pipeline));
    // GitLab scopes pipelines by project: the fork's pipeline is not found under the parent.
    serve
        .gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/projects/42/pipelines/77/jobs"))
                .willReturn(FakeGitLab.error(404, "404 Not found")));
  }

  @Test
  void aForkMergeRequestNeverGetsAPipelineInTheParentProject() throws Exception {
    start().acceptRetries();
    forkMergeRequestWithPipelineInTheFork();

    assertThat(serve.deliver(fixture("merge_request_approval.json")).statusCode()).isEqualTo(202);

    serve.awaitRechecks(1);
    assertThat(serve.posts("/api/v4/projects/42/merge_requests/7/pipelines")).isEmpty();
    assertThat(serve.retries()).isEmpty();
    assertThat(serve.metric("merge_gate_rechecks_total{outcome=\"fork_skipped\"}"))
        .as(serve.log())
        .isEqualTo(1);
    assertThat(serve.metric("merge_gate_pipelines_created_total")).isZero();
    assertThat(serve.log()).contains("outcome=fork_skipped", "fork project 1001");
  }

  // --- what an authenticated sender controls: the body ------------------------------------

  @Test
  void textFromTheBodyNeverBreaksALogLineOrGrowsTheMetrics() throws Exception {
    start().failedCheck();
    String forged = "merge_request\ntime=2024-05-03T11:00:05Z msg=recheck outcome=retried";
    ObjectNode kind = (ObjectNode) ServeHarness.JSON.readTree(fixture("push.json"));
    kind.put("object_kind", forged);
    byte[] action = ServeHarness.withAction("merge_request_update.json", "update\u2028" + forged);

    assertThat(serve.deliver(ServeHarness.JSON.writeValueAsBytes(kind)).statusCode())
        .isEqualTo(204);
    assertThat(serve.deliver(action).statusCode()).isEqualTo(204);

    assertThat(serve.log().lines()).allMatch(l -> l.startsWith("time=")).hasSize(3);
    assertThat(serve.log())
        .doesNotContain("msg=recheck", "\u2028")
        .contains("kind=other project=0", "action=other outcome=ignored");
    assertThat(serve.get("/metrics").body())
        .contains("merge_gate_webhook_events_total{action=\"other\"} 1")
        .doesNotContain("outcome=\"retried\"");
  }

  @Test
  void logValuesNeverCarryLineBreaksOrTerminalEscapes() {
    // GitLab's error messages reach the log through run details: they are text from elsewhere.
    String quoted = EventLog.value("404 \u2028msg=recheck\u0085x\u2029y\u001b[31m\u007f\r\nz");

    assertThat(quoted)
        .isEqualTo("\"404 \\u2028msg=recheck\\u0085x\\u2029y\\u001b[31m\\u007f\\r\\nz\"");
    assertThat(quoted.chars()).allMatch(c -> c >= ' ' && c < 0x7f);
  }

  @Test
  void aJsonBombIsRefusedAsMalformedAndTheServerCarriesOn() throws Exception {
    start().failedCheck();
    byte[] deep = ("[".repeat(300_000) + "]".repeat(300_000)).getBytes(StandardCharsets.UTF_8);
    byte[] longNumber =
        ("{\"object_kind\":\"merge_request\",\"project\":{\"id\":" + "9".repeat(500_000) + "}}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(serve.deliver(deep).statusCode()).isEqualTo(400);
    assertThat(serve.deliver(longNumber).statusCode()).isEqualTo(400);

    assertThat(serve.deliver(fixture("merge_request_approval.json")).statusCode()).isEqualTo(202);
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"malformed\"}"))
        .isEqualTo(2);
  }

  // --- the other endpoints ----------------------------------------------------------------

  @Test
  void aFloodOfHealthProbesWhileGitLabFailsDoesNotBecomeAFloodOfGitLabRequests() throws Exception {
    start();
    serve
        .gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.error(401, "401 Unauthorized").withFixedDelay(200)));
    ExecutorService probes = Executors.newFixedThreadPool(20);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int probe = 0; probe < 40; probe++) {
      answers.add(probes.submit(() -> serve.get("/healthz")));
    }
    for (Future<HttpResponse<String>> a : answers) {
      assertThat(a.get().statusCode()).isEqualTo(503);
    }
    probes.shutdown();

    // One probe at a time asks GitLab, and a failure is remembered for a second.
    assertThat(serve.gitlab.requestCount()).isLessThanOrEqualTo(3);
  }

  // --- issue 12.6: clients that never finish their request --------------------------------

  @Test
  void stalledClientsAreDroppedWithinSecondsWhileDeliveriesAreStillAnswered() throws Exception {
    start().failedCheck();
    List<Socket> stalled = new ArrayList<>();
    long opened = System.nanoTime();
    String headersOnly = "POST /hooks/gitlab HTTP/1.1\r\nHost: merge-gate\r\n";
    String partialBody =
        "POST /hooks/gitlab HTTP/1.1\r\nHost: merge-gate\r\nX-Gitlab-Token: "
            + ServeHarness.SECRET
            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"object_kind\"";
    for (int i = 0; i < 40; i++) {
      Socket s = new Socket("127.0.0.1", serve.server.port());
      OutputStream out = s.getOutputStream();
      // Three kinds that never finish: the end of the headers never comes, the body never
      // comes in full, or nothing is sent at all.
      String sent = i % 4 == 0 ? "" : i % 4 == 1 ? partialBody : headersOnly;
      out.write(sent.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      stalled.add(s);
    }
    Thread.sleep(300); // let the server hand each of them to a thread that waits for headers

    HttpResponse<String> delivery = serve.deliver(fixture("merge_request_approval.json"));

    assertThat(delivery.statusCode()).isEqualTo(202);
    assertThat(stalled).allSatisfy(s -> assertThat(open(s)).as("still stalling").isTrue());
    for (Socket s : stalled) {
      s.setSoTimeout(15_000);
      assertThat(closedByServer(s)).isTrue();
    }
    long tookMillis = (System.nanoTime() - opened) / 1_000_000;
    // The request-time limit (5 s) plus one tick of the server's timer, with room for a slow CI.
    assertThat(tookMillis).isLessThan(9_000);
    assertThat(serve.metric("merge_gate_webhook_deliveries_total{result=\"incomplete\"}"))
        .isEqualTo(10);
    assertThat(serve.get("/healthz").statusCode()).as("still answering").isIn(200, 503);
    for (Socket s : stalled) {
      s.close();
    }
  }

  /** True while the server keeps the connection open and sends nothing. */
  private static boolean open(Socket s) {
    try {
      s.setSoTimeout(1);
      return s.getInputStream().read() != -1;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads until the server closes the connection (end of stream or reset). */
  private static boolean closedByServer(Socket s) {
    try (InputStream in = s.getInputStream()) {
      while (in.read() != -1) {
        // an error page before closing is fine
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }
}
