package org.mergegate.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;

class BlunderbussClientTest {
  private static final String SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
  private static final String TOKEN = "bb-s3cr3t-token-0042";
  private static final String STATUS_PATH = "/v1/sync/sync-7f3a";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension blunderbuss =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** A second server standing in for a host the configuration never named. */
  @RegisterExtension
  static WireMockExtension elsewhere =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final FakeTime time = new FakeTime();

  private static SyncRequest request() {
    return new SyncRequest(
        "data-engineering/airflow-dags",
        1234,
        "main",
        SHA,
        SyncRequest.DEFAULT_TARGETS,
        883L,
        "brouberol",
        "https://gitlab.example.org/data-engineering/airflow-dags/-/pipelines/5150");
  }

  private SyncResult sync() {
    return sync(BlunderbussConfig.DEFAULT_TIMEOUT);
  }

  private SyncResult sync(Duration timeout) {
    BlunderbussConfig config = BlunderbussConfig.of(blunderbuss.baseUrl(), TOKEN, timeout);
    return BlunderbussClient.create(config, time, time).sync(request());
  }

  private GateException syncFails() {
    return catchThrowableOfType(GateException.class, this::sync);
  }

  @Test
  void submitsOnceThenPollsQueuedRunningSucceeded() throws IOException {
    blunderbuss.stubFor(post("/v1/sync").willReturn(json(202, "accepted.json")));
    stubPolls("status-queued.json", "status-running.json", "status-succeeded.json");

    SyncResult result = sync();

    String statusUrl = blunderbuss.baseUrl() + STATUS_PATH;
    assertThat(result.id()).isEqualTo("sync-7f3a");
    assertThat(result.state()).isEqualTo(SyncState.SUCCEEDED);
    assertThat(result.statusUrl()).isEqualTo(statusUrl);
    assertThat(result.alreadySynced()).isFalse();
    assertThat(result.targets()).containsOnlyKeys("ceph", "hdfs");
    assertThat(result.targets().get("hdfs"))
        .isEqualTo(
            new SyncResult.Target(
                SyncState.SUCCEEDED,
                "hdfs://analytics-hadoop/wmf/airflow-dags/releases/" + SHA + "/",
                "1204 files"));
    assertThat(result.summary())
        .isEqualTo(
            "synced 1a2b3c4 to ceph: s3://airflow-dags/releases/"
                + SHA
                + "/; hdfs: hdfs://analytics-hadoop/wmf/airflow-dags/releases/"
                + SHA
                + "/");

    List<LoggedRequest> posts = blunderbuss.findAll(postRequestedFor(urlEqualTo("/v1/sync")));
    assertThat(posts).hasSize(1);
    LoggedRequest post = posts.get(0);
    assertThat(post.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(post.getHeader("Idempotency-Key")).isEqualTo("1234:" + SHA);
    assertThat(post.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(JSON.readTree(post.getBodyAsString()))
        .isEqualTo(JSON.readTree(fixture("sync-request.json")));

    blunderbuss.verify(
        exactly(3),
        getRequestedFor(urlEqualTo(STATUS_PATH))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    // Backoff between polls doubles from one second.
    assertThat(time.sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void alreadySyncedShaIsDoneWithoutPolling() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(json(200, "already-synced.json")));

    SyncResult result = sync();

    assertThat(result.alreadySynced()).isTrue();
    assertThat(result.id()).isEqualTo("sync-51c0");
    assertThat(result.summary())
        .startsWith("synced 1a2b3c4 to ceph: s3://airflow-dags/releases/")
        .endsWith("(already synced before, blunderbuss sync sync-51c0)");
    blunderbuss.verify(exactly(0), getRequestedFor(anyUrl()));
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void retriesA503WithTheSameIdempotencyKeyAndBody() {
    blunderbuss.stubFor(
        post("/v1/sync")
            .inScenario("submit")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("recovered")
            .willReturn(aResponse().withStatus(503).withBody("upstream restarting")));
    blunderbuss.stubFor(
        post("/v1/sync")
            .inScenario("submit")
            .whenScenarioStateIs("recovered")
            .willReturn(json(202, "accepted.json")));
    blunderbuss.stubFor(get(STATUS_PATH).willReturn(json(200, "status-succeeded.json")));

    SyncResult result = sync();

    assertThat(result.state()).isEqualTo(SyncState.SUCCEEDED);
    List<LoggedRequest> posts = blunderbuss.findAll(postRequestedFor(urlEqualTo("/v1/sync")));
    assertThat(posts).hasSize(2);
    assertThat(posts).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("1234:" + SHA);
    assertThat(posts.get(1).getBodyAsString()).isEqualTo(posts.get(0).getBodyAsString());
    assertThat(time.sleeps.get(0)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void retriesAConnectionResetBeforeAnyAnswer() {
    blunderbuss.stubFor(
        post("/v1/sync")
            .inScenario("submit")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("recovered")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    blunderbuss.stubFor(
        post("/v1/sync")
            .inScenario("submit")
            .whenScenarioStateIs("recovered")
            .willReturn(json(200, "already-synced.json")));

    assertThat(sync().alreadySynced()).isTrue();
    blunderbuss.verify(
        exactly(2),
        postRequestedFor(urlEqualTo("/v1/sync"))
            .withHeader("Idempotency-Key", equalTo("1234:" + SHA)));
  }

  @Test
  void honoursRetryAfterOnA429() {
    blunderbuss.stubFor(
        post("/v1/sync")
            .inScenario("submit")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("room")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
    blunderbuss.stubFor(
        post("/v1/sync")
            .inScenario("submit")
            .whenScenarioStateIs("room")
            .willReturn(json(200, "already-synced.json")));

    sync();

    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void aRetryAfterBeyondTheDeadlineGivesUpAtOnce() {
    blunderbuss.stubFor(
        post("/v1/sync").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3600")));

    GateException failure = syncFails();

    assertThat(failure.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(failure.getMessage())
        .startsWith("timed out after 10m submitting the sync of 1a2b3c4 to blunderbuss at ")
        .contains("(last answer: HTTP 503)");
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void aServiceThatKeepsFailingIsExternalAfterSixAttempts() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(aResponse().withStatus(502)));

    GateException failure = syncFails();

    assertThat(failure.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(failure.getMessage())
        .isEqualTo(
            "blunderbuss failed 6 times in a row (POST "
                + blunderbuss.baseUrl()
                + "/v1/sync: HTTP 502); check that blunderbuss is up, then re-run the deploy job"
                + " (safe to repeat)");
    blunderbuss.verify(exactly(6), postRequestedFor(urlEqualTo("/v1/sync")));
    assertThat(time.sleeps)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16));
  }

  @Test
  void aFailedTargetEndsWithBlunderbussOwnMessage() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(json(202, "accepted.json")));
    stubPolls("status-running.json", "status-failed-hdfs.json");

    GateException failure = syncFails();

    assertThat(failure.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(failure.getMessage())
        .isEqualTo(
            "blunderbuss: sync of 1a2b3c4 failed on hdfs: permission denied on /wmf/airflow"
                + " (sync sync-7f3a, "
                + blunderbuss.baseUrl()
                + STATUS_PATH
                + ")");
  }

  @Test
  void stillRunningAtTheDeadlineTimesOutWithWhereToLook() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(json(202, "accepted.json")));
    blunderbuss.stubFor(get(STATUS_PATH).willReturn(json(200, "status-running.json")));

    GateException failure = syncFails();

    assertThat(failure.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(failure.getMessage())
        .isEqualTo(
            "timed out after 10m waiting for blunderbuss sync sync-7f3a (last state: running);"
                + " check "
                + blunderbuss.baseUrl()
                + STATUS_PATH
                + "; re-running the deploy job is safe");
    assertThat(time.elapsed()).isEqualTo(Duration.ofMinutes(10));
    // Polls back off to one every 15 seconds instead of hammering the service for 10 minutes.
    assertThat(time.sleeps)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(15)));
    assertThat(blunderbuss.findAll(getRequestedFor(urlEqualTo(STATUS_PATH)))).hasSizeLessThan(50);
  }

  @Test
  void theTimeoutIsConfigurable() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(json(202, "accepted.json")));
    blunderbuss.stubFor(get(STATUS_PATH).willReturn(json(200, "status-queued.json")));

    GateException failure =
        catchThrowableOfType(GateException.class, () -> sync(Duration.ofSeconds(90)));

    assertThat(failure.getMessage())
        .startsWith(
            "timed out after 1m30s waiting for blunderbuss sync sync-7f3a (last state: queued)");
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aRefusedTokenIsNamedButNeverPrinted() {
    blunderbuss.stubFor(
        post("/v1/sync")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"message\": \"token " + TOKEN + " is expired\"}")));

    GateException failure = syncFails();

    assertThat(failure.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(failure.getMessage())
        .startsWith("blunderbuss refused BLUNDERBUSS_TOKEN (HTTP 401 on POST ")
        .endsWith(
            "check that the CI/CD variable holds a current token allowed to sync"
                + " data-engineering/airflow-dags")
        .doesNotContain(TOKEN);
    blunderbuss.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/sync")));
  }

  @Test
  void anotherClientErrorIsFinalAndQuotesBlunderbussWithoutTheToken() {
    blunderbuss.stubFor(
        post("/v1/sync")
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withBody(
                        "{\"error\": \"unknown_target\", \"message\": \"no target hdfs for"
                            + " project 1234 (auth "
                            + TOKEN
                            + ")\"}")));

    GateException failure = syncFails();

    assertThat(failure.getMessage())
        .isEqualTo(
            "blunderbuss rejected POST "
                + blunderbuss.baseUrl()
                + "/v1/sync for 1a2b3c4 with HTTP 422: no target hdfs for project 1234 (auth ***)");
    blunderbuss.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/sync")));
  }

  @Test
  void aStatusUrlOnAnotherHostIsRefusedBeforeTheTokenIsSent() {
    String foreign = elsewhere.baseUrl() + STATUS_PATH;
    blunderbuss.stubFor(
        post("/v1/sync")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody("{\"id\": \"sync-7f3a\", \"status_url\": \"" + foreign + "\"}")));
    elsewhere.stubFor(get(STATUS_PATH).willReturn(json(200, "status-succeeded.json")));

    GateException failure = syncFails();

    assertThat(failure.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(failure.getMessage())
        .isEqualTo(
            "blunderbuss gave a status_url on another host ("
                + foreign
                + ") than BLUNDERBUSS_URL ("
                + blunderbuss.baseUrl()
                + "); refusing to send BLUNDERBUSS_TOKEN there: fix blunderbuss's public URL or"
                + " BLUNDERBUSS_URL");
    elsewhere.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void aStatusUrlOnAnotherNamedHostIsRefused() {
    blunderbuss.stubFor(
        post("/v1/sync")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody(
                        "{\"id\": \"x\", \"status_url\": \"https://collector.example.net/v1/sync/x\"}")));

    assertThat(syncFails().getMessage())
        .contains("status_url on another host (https://collector.example.net/v1/sync/x)");
    blunderbuss.verify(exactly(0), getRequestedFor(anyUrl()));
  }

  @Test
  void aRelativeStatusUrlIsResolvedAgainstBlunderbussUrl() {
    blunderbuss.stubFor(
        post("/v1/sync")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody("{\"id\": \"sync-7f3a\", \"status_url\": \"" + STATUS_PATH + "\"}")));
    blunderbuss.stubFor(get(STATUS_PATH).willReturn(json(200, "status-succeeded.json")));

    SyncResult result = sync();

    assertThat(result.state()).isEqualTo(SyncState.SUCCEEDED);
    blunderbuss.verify(
        exactly(1),
        getRequestedFor(urlEqualTo(STATUS_PATH))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void aPathPrefixIsKeptForSubmitAndRelativeStatusUrls() {
    String prefixed = blunderbuss.baseUrl() + "/blunderbuss";
    blunderbuss.stubFor(
        post("/blunderbuss/v1/sync")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody("{\"id\": \"sync-7f3a\", \"status_url\": \"status/sync-7f3a\"}")));
    blunderbuss.stubFor(
        get("/blunderbuss/status/sync-7f3a")
            .inScenario("poll")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("done")
            .willReturn(json(200, "status-running.json")));
    blunderbuss.stubFor(
        get("/blunderbuss/status/sync-7f3a")
            .inScenario("poll")
            .whenScenarioStateIs("done")
            .willReturn(json(200, "status-failed-hdfs.json")));
    BlunderbussConfig config =
        BlunderbussConfig.of(prefixed + "/", TOKEN, BlunderbussConfig.DEFAULT_TIMEOUT);

    GateException failure =
        catchThrowableOfType(
            GateException.class,
            () -> BlunderbussClient.create(config, time, time).sync(request()));

    // Status answers without a status_url keep the URL being polled.
    assertThat(failure.getMessage())
        .endsWith("(sync sync-7f3a, " + prefixed + "/status/sync-7f3a)");
    blunderbuss.verify(exactly(2), getRequestedFor(urlEqualTo("/blunderbuss/status/sync-7f3a")));
  }

  @Test
  void aBodyThatIsNotJsonIsExternal() {
    blunderbuss.stubFor(
        post("/v1/sync").willReturn(aResponse().withStatus(202).withBody("<html>Accepted</html>")));

    GateException failure = syncFails();

    assertThat(failure.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(failure.getMessage())
        .isEqualTo(
            "blunderbuss answered POST "
                + blunderbuss.baseUrl()
                + "/v1/sync with HTTP 202 that merge-gate cannot read: its body is not JSON"
                + " (body: <html>Accepted</html>); check that BLUNDERBUSS_URL points at"
                + " blunderbuss's v1 API");
  }

  @Test
  void anAcceptedAnswerWithoutStatusUrlIsExternal() {
    blunderbuss.stubFor(
        post("/v1/sync").willReturn(aResponse().withStatus(202).withBody("{\"id\": \"s-1\"}")));

    assertThat(syncFails().getMessage()).contains("cannot read: it has no \"status_url\" to poll");
  }

  @Test
  void anUnknownStateIsNotGuessed() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(json(202, "accepted.json")));
    blunderbuss.stubFor(
        get(STATUS_PATH).willReturn(okJson("{\"id\": \"sync-7f3a\", \"state\": \"cancelled\"}")));

    assertThat(syncFails().getMessage())
        .contains(
            "cannot read: state \"cancelled\" is not one of queued, running, succeeded, failed");
  }

  @Test
  void aStatusAboutAnotherCommitIsRefused() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(json(202, "accepted.json")));
    blunderbuss.stubFor(
        get(STATUS_PATH)
            .willReturn(
                okJson(
                    fixture("status-succeeded.json")
                        .replace(SHA, "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"))));

    assertThat(syncFails().getMessage())
        .contains("it is about commit 9f8e7d6c5b4a39281706f5e4d3c2b1a098765432, not " + SHA);
  }

  @Test
  void successWithoutEveryRequestedTargetIsNotADeploy() {
    blunderbuss.stubFor(
        post("/v1/sync")
            .willReturn(
                okJson(
                    "{\"id\": \"s-9\", \"state\": \"succeeded\", \"targets\": {\"ceph\":"
                        + " {\"state\": \"succeeded\", \"location\": \"s3://b/\"}}}")));

    GateException failure = syncFails();

    assertThat(failure.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(failure.getMessage())
        .isEqualTo(
            "blunderbuss reported sync s-9 of 1a2b3c4 as succeeded, but target hdfs is missing;"
                + " not treating it as deployed, check "
                + blunderbuss.baseUrl()
                + "/v1/sync/s-9");
  }

  @Test
  void aSupersededCommitIsARefusedDeploy() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(json(409, "superseded.json")));

    GateException failure = syncFails();

    assertThat(failure.exitCode()).isEqualTo(ExitCode.NOT_SATISFIED);
    assertThat(failure.getMessage())
        .isEqualTo(
            "blunderbuss refused to sync 1a2b3c4: a newer commit"
                + " (9f8e7d6c5b4a39281706f5e4d3c2b1a098765432) is already live on main, so this"
                + " deploy is superseded and nothing was changed");
  }

  @Test
  void aRedirectIsNotFollowedWithTheToken() {
    blunderbuss.stubFor(
        post("/v1/sync")
            .willReturn(
                aResponse()
                    .withStatus(307)
                    .withHeader("Location", elsewhere.baseUrl() + "/v1/sync")));

    GateException failure = syncFails();

    assertThat(failure.getMessage())
        .contains("merge-gate does not follow redirects with the token");
    elsewhere.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void pollingRetriesAFlakyStatusEndpoint() {
    blunderbuss.stubFor(post("/v1/sync").willReturn(json(202, "accepted.json")));
    blunderbuss.stubFor(
        get(STATUS_PATH)
            .inScenario("poll")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("up")
            .willReturn(aResponse().withStatus(500)));
    blunderbuss.stubFor(
        get(STATUS_PATH)
            .inScenario("poll")
            .whenScenarioStateIs("up")
            .willReturn(json(200, "status-succeeded.json")));

    assertThat(sync().state()).isEqualTo(SyncState.SUCCEEDED);
    blunderbuss.verify(exactly(2), getRequestedFor(urlEqualTo(STATUS_PATH)));
  }

  @Test
  void theRequestBodyMatchesTheDocumentedContract() {
    // Same request as the first test, matched by WireMock itself: proves field names and types.
    blunderbuss.stubFor(
        post("/v1/sync")
            .withRequestBody(equalToJson(fixture("sync-request.json")))
            .withHeader("Idempotency-Key", equalTo("1234:" + SHA))
            .willReturn(json(200, "already-synced.json")));

    assertThat(sync().id()).isEqualTo("sync-51c0");
  }

  /** Each poll answers with the next fixture; the last one repeats. */
  private void stubPolls(String... fixtures) {
    for (int i = 0; i < fixtures.length; i++) {
      var stub =
          get(STATUS_PATH)
              .inScenario("poll")
              .whenScenarioStateIs(i == 0 ? STARTED : "poll-" + i)
              .willReturn(json(200, fixtures[i]));
      if (i + 1 < fixtures.length) {
        stub = stub.willSetStateTo("poll-" + (i + 1));
      }
      blunderbuss.stubFor(stub);
    }
  }

  private ResponseDefinitionBuilder json(int status, String fixture) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture(fixture).replace("${base}", blunderbuss.baseUrl()));
  }

  static String fixture(String name) {
    try (InputStream in = BlunderbussClientTest.class.getResourceAsStream("/blunderbuss/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test fixture blunderbuss/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
