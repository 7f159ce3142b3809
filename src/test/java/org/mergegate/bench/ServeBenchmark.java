package org.mergegate.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.mergegate.gitlab.Deadline;
import org.mergegate.gitlab.FakeGitLab;
import org.mergegate.gitlab.GitLabHttp;
import org.mergegate.serve.AllowedProjects;
import org.mergegate.serve.EventLog;
import org.mergegate.serve.ServeSettings;
import org.mergegate.serve.WebhookSecret;
import org.mergegate.serve.WebhookServer;
import org.mergegate.serve.WorkQueue;

/**
 * A bounded loopback load test of {@code merge-gate serve}: 2,000 webhook deliveries (400 merge
 * requests × a burst of 5 approval events each) from 32 concurrent senders to a server on
 * 127.0.0.1, GitLab played by WireMock with 20 ms per answer. Prints deliveries per second, answer
 * times (p50, p99, max), the widest burst, and checks that every MR's check job was retried exactly
 * once. With {@code -Dslow=N}, N further connections stall mid-request throughout the run (headers
 * without their end, a body cut short, or nothing), each reopened as soon as the server drops it,
 * and the time the server took to drop them is printed too. Nothing leaves the machine; the run
 * stops after 2,000 deliveries or 120 s.
 *
 * <p>Run after {@code ./mvnw -B test-compile} and {@code ./mvnw -q dependency:build-classpath
 * -Dmdep.outputFile=target/bench.cp}: {@code java -cp target/test-classes:target/classes:$(cat
 * target/bench.cp) org.mergegate.bench.ServeBenchmark}
 */
public final class ServeBenchmark {
  private static final int MERGE_REQUESTS = 400;
  private static final String[] BURST = {
    "approval", "approved", "approval", "unapproval", "approval"
  };
  private static final int SENDERS = Integer.getInteger("senders", 32);

  /** Connections that stall mid-request throughout the run ({@code -Dslow=N}, default none). */
  private static final int SLOW = Integer.getInteger("slow", 0);

  /** Time the stalled connections get to occupy the server before the deliveries start. */
  private static final long SLOW_HEAD_START_MS = 1_000;

  private static final int GITLAB_LATENCY_MS = 20;
  private static final Duration DEBOUNCE = Duration.ofSeconds(1);
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final String SECRET = "bench-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServeBenchmark() {}

  public static void main(String[] args) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    try (FakeGitLab gitlab = new FakeGitLab(GITLAB_LATENCY_MS);
        GitLabHttp http =
            new GitLabHttp(
                gitlab.apiUrl(),
                "glpat-bench",
                GitLabHttp.Settings.defaults(),
                Deadline.in(Duration.ofDays(1)),
                null)) {
      stub(gitlab);
      StringWriter log = new StringWriter();
      ServeSettings settings =
          ServeSettings.defaults(new InetSocketAddress("127.0.0.1", 0))
              .withQueue(
                  new WorkQueue.Settings(
                      DEBOUNCE, 1000, 8, 5, Duration.ofMillis(200), Duration.ofSeconds(5)));
      WebhookServer server =
          WebhookServer.start(
              settings,
              AllowedProjects.of(42, new WebhookSecret(SECRET)),
              http,
              new EventLog(new PrintWriter(log)));
      try {
        run(server, gitlab, deadline);
      } finally {
        server.shutdown();
      }
    }
  }

  private static void run(WebhookServer server, FakeGitLab gitlab, long deadline) throws Exception {
    try (SlowClients slow = new SlowClients(SLOW, server.port(), SECRET)) {
      if (SLOW > 0) {
        Thread.sleep(SLOW_HEAD_START_MS);
      }
      deliver(server, gitlab, deadline, slow);
    }
  }

  private static void deliver(
      WebhookServer server, FakeGitLab gitlab, long deadline, SlowClients slow) throws Exception {
    URI hook = URI.create("http://127.0.0.1:" + server.port() + "/hooks/gitlab");
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    byte[] template;
    try (InputStream in =
        ServeBenchmark.class.getResourceAsStream("/serve/merge_request_approval.json")) {
      template = in.readAllBytes();
    }
    // Delivery k is event k % 5 of MR k / 5 + 1: like GitLab, which sends "approval" and
    // "approved" for one click within milliseconds, each MR's events arrive together, while the
    // 32 senders interleave many MRs.
    int total = MERGE_REQUESTS * BURST.length;
    List<byte[]> bodies = new ArrayList<>(total);
    for (int k = 0; k < total; k++) {
      ObjectNode event = (ObjectNode) JSON.readTree(template);
      ((ObjectNode) event.get("object_attributes"))
          .put("iid", k / BURST.length + 1)
          .put("action", BURST[k % BURST.length]);
      bodies.add(JSON.writeValueAsBytes(event));
    }
    long[] answerNanos = new long[total];
    int[] status = new int[total];
    AtomicLongArray firstSent = new AtomicLongArray(MERGE_REQUESTS + 1);
    AtomicLongArray lastSent = new AtomicLongArray(MERGE_REQUESTS + 1);
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    long started = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      running.add(
          senders.submit(
              () -> {
                for (int k = next.getAndIncrement();
                    k < total && System.nanoTime() < deadline;
                    k = next.getAndIncrement()) {
                  int mr = k / BURST.length + 1;
                  HttpRequest request =
                      HttpRequest.newBuilder(hook)
                          .timeout(Duration.ofSeconds(5))
                          .header("Content-Type", "application/json")
                          .header("X-Gitlab-Event", "Merge Request Hook")
                          .header("X-Gitlab-Token", SECRET)
                          .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(k)))
                          .build();
                  long t0 = System.nanoTime();
                  firstSent.compareAndSet(mr, 0, t0);
                  try {
                    status[k] =
                        client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                  } catch (Exception e) {
                    status[k] = -1;
                  }
                  long t1 = System.nanoTime();
                  answerNanos[k] = t1 - t0;
                  lastSent.accumulateAndGet(mr, t1, Math::max);
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    long sendNanos = System.nanoTime() - started;
    senders.shutdown();

    Map<Integer, Long> statuses =
        Arrays.stream(status)
            .boxed()
            .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    long[] sorted = answerNanos.clone();
    Arrays.sort(sorted);
    long widestBurst = 0;
    for (int mr = 1; mr <= MERGE_REQUESTS; mr++) {
      widestBurst = Math.max(widestBurst, lastSent.get(mr) - firstSent.get(mr));
    }

    // Wait for every MR's run, bounded by the overall limit.
    while (server
                .metrics()
                .render()
                .lines()
                .filter(l -> l.startsWith("merge_gate_rechecks_total{"))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
                .sum()
            < MERGE_REQUESTS
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long doneNanos = System.nanoTime() - started;
    Map<String, Long> retriesPerJob = new ConcurrentHashMap<>();
    for (ServeEvent e : gitlab.requests()) {
      String url = e.getRequest().getUrl();
      if (e.getRequest().getMethod().getName().equals("POST") && url.endsWith("/retry")) {
        retriesPerJob.merge(url, 1L, Long::sum);
      }
    }
    long exactlyOnce = retriesPerJob.values().stream().filter(n -> n == 1).count();

    System.out.printf(
        "deliveries: %d (%d MRs x %d events), %d senders, %d slow clients, GitLab latency %d ms,"
            + " debounce %d ms%n",
        total, MERGE_REQUESTS, BURST.length, SENDERS, SLOW, GITLAB_LATENCY_MS, DEBOUNCE.toMillis());
    System.out.printf("answers by status: %s%n", statuses);
    System.out.printf(
        "throughput: %.0f deliveries/s (%d ms to send all)%n",
        total / (sendNanos / 1e9), sendNanos / 1_000_000);
    System.out.printf(
        "answer time: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        pct(sorted, 0.50) / 1e6, pct(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
    System.out.printf(
        "widest burst (first to last event of one MR): %d ms%n", widestBurst / 1_000_000);
    if (SLOW > 0) {
      long[] drops = slow.dropMillis();
      System.out.printf(
          "slow clients: %d stalled connections kept open throughout; %d dropped by the server,"
              + " after p50 %d ms, max %d ms%n",
          SLOW,
          drops.length,
          drops.length == 0 ? 0 : drops[drops.length / 2],
          drops.length == 0 ? 0 : drops[drops.length - 1]);
    }
    System.out.printf(
        "all runs finished after %d ms; GitLab requests: %d%n",
        doneNanos / 1_000_000, gitlab.requestCount());
    System.out.printf(
        "retries: %d MRs retried exactly once, %d retried more than once, %d never (of %d)%n",
        exactlyOnce,
        retriesPerJob.size() - exactlyOnce,
        MERGE_REQUESTS - retriesPerJob.size(),
        MERGE_REQUESTS);
    System.out.println(
        server
            .metrics()
            .render()
            .lines()
            .filter(l -> !l.startsWith("#"))
            .collect(Collectors.joining("\n")));
    boolean ok =
        exactlyOnce == MERGE_REQUESTS && statuses.keySet().stream().allMatch(s -> s == 202);
    System.out.println(ok ? "RESULT: PASS" : "RESULT: FAIL");
    if (!ok) {
      System.exit(1);
    }
  }

  /** The sum of the metric lines starting with {@code prefix}. */
  private static long metric(WebhookServer server, String prefix) {
    return server
        .metrics()
        .render()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static long pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** Every MR is open at FakeGitLab.HEAD; MR n's head pipeline is n and its check job is n. */
  private static void stub(FakeGitLab gitlab) {
    var w = gitlab.server();
    String sha = FakeGitLab.HEAD;
    w.stubFor(
        get(urlPathMatching("/api/v4/projects/42/merge_requests/[0-9]+"))
            .willReturn(
                json(
                    "{\"iid\":{{request.pathSegments.[5]}},\"sha\":\""
                        + sha
                        + "\",\"state\":\"opened\"}")));
    w.stubFor(
        get(urlPathMatching("/api/v4/projects/42/merge_requests/[0-9]+/pipelines"))
            .willReturn(
                json(
                    "[{\"id\":{{request.pathSegments.[5]}},\"sha\":\""
                        + sha
                        + "\",\"status\":\"failed\",\"source\":\"merge_request_event\"}]")));
    w.stubFor(
        get(urlPathMatching("/api/v4/projects/42/pipelines/[0-9]+/jobs"))
            .willReturn(
                json("[{\"id\":{{request.pathSegments.[5]}},\"name\":\"merge-gate:check\","
                        + "\"status\":\"failed\",\"started_at\":\"2024-05-03T10:00:20.000Z\"}]")
                    .withHeader("x-total", "1")
                    .withHeader("x-total-pages", "1")
                    .withHeader("x-page", "1")));
    w.stubFor(
        post(urlPathMatching("/api/v4/projects/42/jobs/[0-9]+/retry"))
            .willReturn(
                json("{\"id\":{{request.pathSegments.[5]}}0,\"name\":\"merge-gate:check\",\"status\":\"pending\"}")
                    .withStatus(201)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body)
        .withTransformers("response-template");
  }
}
