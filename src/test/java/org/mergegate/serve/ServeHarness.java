package org.mergegate.serve;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.mergegate.gitlab.Deadline;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.GitLabHttp;

/**
 * A running {@code merge-gate serve} on a loopback port against a WireMock GitLab, with helpers to
 * deliver webhooks as GitLab does and to wait for what the server does in the background.
 */
final class ServeHarness implements AutoCloseable {
  static final String SECRET = "whsec-0123456789abcdef";
  static final String TOKEN = "glpat-TOPSECRET-1234567890";
  static final ObjectMapper JSON = new ObjectMapper();

  final FakeGitLab gitlab;
  final GitLabHttp http;
  final StringWriter logText = new StringWriter();
  final WebhookServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  /** Serves project 42 with {@link #SECRET}. */
  ServeHarness(FakeGitLab gitlab, ServeSettings settings) throws IOException {
    this(gitlab, settings, AllowedProjects.of(42, new WebhookSecret(SECRET)));
  }

  ServeHarness(FakeGitLab gitlab, ServeSettings settings, AllowedProjects projects)
      throws IOException {
    this.gitlab = gitlab;
    this.http =
        new GitLabHttp(
            gitlab.apiUrl(),
            TOKEN,
            GitLabHttp.Settings.defaults().withFirstBackoff(Duration.ofMillis(10)),
            Deadline.in(Duration.ofDays(1)),
            null);
    this.server =
        WebhookServer.start(settings, projects, http, new EventLog(new PrintWriter(logText)));
  }

  /**
   * Fast test settings: 150 ms debounce, 2 workers, 3 attempts 40 ms apart and growing; a running
   * check job is polled from 50 ms apart up to 200 ms apart, for 1.5 s at most.
   */
  static ServeSettings settings() {
    return ServeSettings.defaults(new InetSocketAddress("127.0.0.1", 0))
        .withQueue(
            new WorkQueue.Settings(
                Duration.ofMillis(150), 10, 2, 3, Duration.ofMillis(40), Duration.ofSeconds(1)))
        .withRunningJobWait(
            new ServeSettings.RunningJobWait(
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                Duration.ofMillis(1500),
                Duration.ofSeconds(2)))
        .withDrainTimeout(Duration.ofSeconds(5));
  }

  // --- GitLab's side -------------------------------------------------------------------------

  /** MR 7 of project 42 at FakeGitLab.HEAD, open. */
  ServeHarness openMergeRequest() {
    gitlab.mergeRequest("alice", "1");
    return this;
  }

  /** The MR's pipelines, newest first: {@code {id, sha}} pairs. */
  ServeHarness pipelines(Object[]... idAndSha) {
    List<JsonNode> items = new ArrayList<>();
    for (Object[] p : idAndSha) {
      ObjectNode node = FakeGitLab.fixture("mr_pipeline.json");
      node.put("id", (Long) p[0]).put("sha", (String) p[1]);
      items.add(node);
    }
    return pipelineList(items);
  }

  /** The MR's pipelines as GitLab lists them, newest first. */
  ServeHarness pipelineList(List<JsonNode> items) {
    gitlab
        .server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.get(
                    urlPathEqualTo(FakeGitLab.MR_PATH + "/pipelines"))
                .willReturn(
                    FakeGitLab.json(JSON.valueToTree(items))
                        .withHeaders(
                            gitlab.pageHeaders(
                                FakeGitLab.MR_PATH + "/pipelines", 1, 1, items.size()))));
    return this;
  }

  /**
   * The jobs of one pipeline: {@code {id, name, status}} triples, or {@code {id, name, status,
   * startedAt}} with an {@link Instant} or null. Without one, a job that has not started has no
   * {@code started_at} and any other keeps the fixture's (long before any test's events).
   */
  ServeHarness jobs(long pipeline, Object[]... jobs) {
    gitlab.pages(jobsPath(pipeline), jobNodes(jobs));
    return this;
  }

  /**
   * The jobs of one pipeline while the WireMock scenario {@code JOB_SCENARIO} is in {@code state};
   * each listing moves it to {@code next}. A way to let a job run on between two polls.
   */
  ServeHarness jobsWhile(String state, String next, long pipeline, Object[]... jobs) {
    ArrayNode body = JSON.createArrayNode();
    jobNodes(jobs).forEach(body::add);
    gitlab
        .server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(jobsPath(pipeline)))
                .inScenario(JOB_SCENARIO)
                .whenScenarioStateIs(state)
                .willSetStateTo(next)
                .willReturn(
                    FakeGitLab.json(body)
                        .withHeaders(gitlab.pageHeaders(jobsPath(pipeline), 1, 1, body.size()))));
    return this;
  }

  static final String JOB_SCENARIO = "check job";

  private static String jobsPath(long pipeline) {
    return "/api/v4/projects/42/pipelines/" + pipeline + "/jobs";
  }

  private static List<JsonNode> jobNodes(Object[]... jobs) {
    List<JsonNode> items = new ArrayList<>();
    for (Object[] j : jobs) {
      ObjectNode node = FakeGitLab.fixture("job.json");
      String status = (String) j[2];
      node.put("id", (Long) j[0]).put("name", (String) j[1]).put("status", status);
      boolean finished = List.of("failed", "success", "canceled").contains(status);
      boolean started = finished || "running".equals(status);
      if (j.length > 3) {
        node.put("started_at", j[3] == null ? null : j[3].toString());
      } else if (!started) {
        node.putNull("started_at");
      }
      if (!finished) {
        node.putNull("finished_at").putNull("duration").putNull("failure_reason");
      }
      items.add(node);
    }
    return items;
  }

  /** GitLab accepts every job retry and every new MR pipeline. */
  ServeHarness acceptRetries() {
    ObjectNode retried = FakeGitLab.fixture("job.json");
    retried.put("id", 9001).put("status", "pending");
    retried.putNull("started_at").putNull("finished_at").putNull("duration");
    gitlab
        .server()
        .stubFor(
            post(urlPathMatching("/api/v4/projects/42/jobs/[0-9]+/retry"))
                .willReturn(FakeGitLab.json(retried).withStatus(201)));
    ObjectNode pipeline = FakeGitLab.fixture("mr_pipeline.json");
    pipeline.put("id", 8001).put("status", "created");
    gitlab
        .server()
        .stubFor(
            post(urlPathEqualTo(FakeGitLab.MR_PATH + "/pipelines"))
                .willReturn(FakeGitLab.json(pipeline).withStatus(201)));
    return this;
  }

  /** The usual world: the head's pipeline 77 holds lint (500) and the check job (501, failed). */
  ServeHarness failedCheck() {
    return openMergeRequest()
        .pipelines(
            new Object[] {77L, FakeGitLab.HEAD},
            new Object[] {70L, "7777777777777777777777777777777777777777"})
        .jobs(
            77L,
            new Object[] {500L, "lint", "success"},
            new Object[] {501L, "merge-gate:check", "failed"})
        .acceptRetries();
  }

  /** POSTs GitLab received to {@code pathRegex}. */
  List<ServeEvent> posts(String pathRegex) {
    return gitlab.requests().stream()
        .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
        .filter(e -> e.getRequest().getUrl().matches(pathRegex))
        .toList();
  }

  List<ServeEvent> retries() {
    return posts("/api/v4/projects/42/jobs/[0-9]+/retry");
  }

  // --- the webhook side ----------------------------------------------------------------------

  static byte[] fixture(String name) {
    try (InputStream in = ServeHarness.class.getResourceAsStream("/serve/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A merge request event fixture for another project or MR. */
  static byte[] event(String action, long project, long iid) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(fixture("merge_request_" + action + ".json"));
      ((ObjectNode) node.get("project")).put("id", project);
      ((ObjectNode) node.get("object_attributes"))
          .put("iid", iid)
          .put("source_project_id", project)
          .put("target_project_id", project);
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** Delivers a body as GitLab would: POST, JSON, the event header and the secret. */
  HttpResponse<String> deliver(byte[] body, String secret) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(WebhookServer.HOOK_PATH))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .header("X-Gitlab-Event", "Merge Request Hook")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      b.header("X-Gitlab-Token", secret);
    }
    return send(b.build());
  }

  /** A fixture for MR 7 of project 42 with another action (approval events keep theirs). */
  static byte[] withAction(String fixture, String action) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(fixture(fixture));
      ((ObjectNode) node.get("object_attributes")).put("action", action);
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> deliver(byte[] body) {
    return deliver(body, SECRET);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of one metric line, e.g. {@code merge_gate_rechecks_total{outcome="retried"}}. */
  long metric(String series) {
    for (String line : server.metrics().render().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Long.parseLong(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  /** Waits for a condition, polling; fails after {@code timeout}. */
  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits until {@code n} runs have ended (any outcome). */
  void awaitRechecks(long n) {
    await(
        () ->
            server
                    .metrics()
                    .render()
                    .lines()
                    .filter(l -> l.startsWith("merge_gate_rechecks_total{"))
                    .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum()
                >= n,
        Duration.ofSeconds(10),
        n + " rechecks ended");
  }

  String log() {
    return logText.toString();
  }

  @Override
  public void close() {
    server.shutdown();
    http.close();
    gitlab.close();
  }
}
