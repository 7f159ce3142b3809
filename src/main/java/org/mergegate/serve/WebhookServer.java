package org.mergegate.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mergegate.gitlab.GitLabHttp;

/**
 * The HTTP side of {@code merge-gate serve}, on the JDK's built-in server: {@code POST
 * /hooks/gitlab} verifies the secret, reads at most {@code maxBodyBytes}, parses and enqueues, and
 * answers at once (GitLab disables hooks that time out); {@code GET /healthz} and {@code GET
 * /metrics} serve probes and Prometheus. All work against GitLab happens on the {@link WorkQueue}.
 */
public final class WebhookServer {
  static final String HOOK_PATH = "/hooks/gitlab";

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, each answer
    // then waits ~40 ms for the client's delayed ACK. Read once, when the server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final ServeSettings settings;
  private final WebhookSecret secret;
  private final EventLog log;
  private final Metrics metrics;
  private final WorkQueue<MergeRequestRef> queue;
  private final HealthCheck health;
  private final HttpServer server;
  private final ThreadPoolExecutor httpThreads;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean accepting = true;
  private WorkQueue.Drain drained;

  private WebhookServer(
      ServeSettings settings, WebhookSecret secret, GitLabHttp gitlab, EventLog log)
      throws IOException {
    this.settings = settings;
    this.secret = secret;
    this.log = log;
    // The gauges read the queue built just below; they are only read once the server runs.
    this.metrics = new Metrics(this::queueDepth, this::queueInProgress);
    this.queue =
        new WorkQueue<>(
            settings.queue(),
            new RecheckAction(
                gitlab,
                settings.jobName(),
                settings.runTimeout(),
                settings.runningJob(),
                metrics,
                log));
    this.health = new HealthCheck(gitlab, settings.healthTimeout(), settings.healthRemember());
    this.httpThreads =
        new ThreadPoolExecutor(
            settings.httpThreads(),
            settings.httpThreads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1024),
            r -> {
              Thread t = new Thread(r, "merge-gate-http");
              t.setDaemon(true);
              return t;
            },
            // Handlers are quick; when all threads and the backlog are busy, the accepting thread
            // answers itself, which slows accepting instead of failing requests.
            new ThreadPoolExecutor.CallerRunsPolicy());
    this.server = HttpServer.create(settings.listen(), 256);
    server.setExecutor(httpThreads);
    server.createContext("/", this::route);
  }

  /** Binds the port and starts answering. */
  public static WebhookServer start(
      ServeSettings settings, WebhookSecret secret, GitLabHttp gitlab, EventLog log)
      throws IOException {
    WebhookServer s = new WebhookServer(settings, secret, gitlab, log);
    s.server.start();
    log.line(
        "listening",
        "address",
        s.server.getAddress().getHostString() + ":" + s.port(),
        "job",
        settings.jobName(),
        "debounce",
        settings.queue().debounce().toMillis() + "ms");
    return s;
  }

  private int queueDepth() {
    return queue.depth();
  }

  private int queueInProgress() {
    return queue.inProgress();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  public Metrics metrics() {
    return metrics;
  }

  /**
   * Graceful stop, as on SIGTERM: refuse new deliveries with 503, let the ones being answered
   * finish, close the port, then drain the queue for up to the drain timeout. Safe to call twice.
   */
  public synchronized WorkQueue.Drain shutdown() {
    if (drained != null) {
      return drained;
    }
    accepting = false;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (inFlight.get() > 0 && System.nanoTime() < end) {
      Thread.onSpinWait();
      Thread.yield();
    }
    server.stop(0);
    log.line("draining", "waiting", queue.depth(), "running", queue.inProgress());
    drained = queue.shutdown(settings.drainTimeout());
    httpThreads.shutdownNow();
    log.line("stopped", "finished", drained.finished(), "dropped", drained.dropped());
    stopped.countDown();
    return drained;
  }

  /** Blocks until {@link #shutdown} has finished. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  // --- HTTP ---------------------------------------------------------------------------------

  private void route(HttpExchange ex) throws IOException {
    inFlight.incrementAndGet();
    try (ex) {
      String path = ex.getRequestURI().getPath();
      switch (path) {
        case HOOK_PATH -> hook(ex);
        case "/healthz" -> healthz(ex);
        case "/metrics" -> metricsPage(ex);
        default -> respond(ex, 404, "not found\n");
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void hook(HttpExchange ex) throws IOException {
    if (!accepting) {
      refuse(ex, 503, "shutting_down", "shutting down, deliver again later\n");
      return;
    }
    if (!"POST".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "POST");
      refuse(ex, 405, "method_not_allowed", "POST only\n");
      return;
    }
    // The secret is checked before the body is read: an unauthenticated sender costs us nothing.
    if (!secret.matches(ex.getRequestHeaders().getFirst("X-Gitlab-Token"))) {
      refuse(ex, 401, "unauthorized", "wrong or missing X-Gitlab-Token\n");
      return;
    }
    byte[] body = readBody(ex);
    if (body == null) {
      refuse(ex, 413, "too_large", "body larger than " + settings.maxBodyBytes() + " bytes\n");
      return;
    }
    MergeRequestEvent.Parsed parsed = MergeRequestEvent.parse(body);
    if (parsed instanceof MergeRequestEvent.Malformed m) {
      refuse(ex, 400, "malformed", m.reason() + "\n");
      return;
    }
    if (parsed instanceof MergeRequestEvent.Ignore i) {
      if ("merge_request".equals(i.kind())) {
        metrics.event(i.action());
      }
      metrics.delivery("ignored");
      log.line(
          "webhook",
          "kind",
          i.kind(),
          "project",
          i.projectId(),
          "mr",
          i.iid(),
          "action",
          i.action(),
          "outcome",
          "ignored");
      respond(ex, 204, null);
      return;
    }
    MergeRequestEvent event = ((MergeRequestEvent.Act) parsed).event();
    metrics.event(event.action());
    WorkQueue.Offer offer = queue.offer(new MergeRequestRef(event.projectId(), event.iid()));
    String outcome =
        switch (offer) {
          case QUEUED -> "queued";
          case MERGED -> "merged";
          case FULL -> "queue_full";
          case CLOSED -> "shutting_down";
        };
    metrics.delivery(outcome);
    log.line(
        "webhook",
        "kind",
        "merge_request",
        "project",
        event.projectId(),
        "mr",
        event.iid(),
        "action",
        event.action(),
        "outcome",
        outcome);
    if (offer == WorkQueue.Offer.QUEUED || offer == WorkQueue.Offer.MERGED) {
      respond(ex, 202, outcome + "\n");
    } else {
      ex.getResponseHeaders().set("Retry-After", "30");
      respond(ex, 503, outcome + ", deliver again later\n");
    }
  }

  /** A delivery answered with an error: counted and logged (never its body or headers). */
  private void refuse(HttpExchange ex, int status, String reason, String text) throws IOException {
    metrics.delivery(reason);
    log.line(
        "webhook",
        "outcome",
        reason,
        "status",
        status,
        "remote",
        ex.getRemoteAddress().getAddress().getHostAddress());
    if (status == 503) {
      ex.getResponseHeaders().set("Retry-After", "30");
    }
    respond(ex, status, text);
  }

  /** The body, or null when it exceeds the limit (declared or actual). */
  private byte[] readBody(HttpExchange ex) throws IOException {
    int limit = settings.maxBodyBytes();
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limit) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(limit + 1);
      return body.length > limit ? null : body;
    }
  }

  private void healthz(HttpExchange ex) throws IOException {
    if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      respond(ex, 405, "GET only\n");
      return;
    }
    if (!accepting) {
      respond(ex, 503, "not ready: shutting down\n");
      return;
    }
    HealthCheck.Health h = health.check();
    respond(ex, h.ready() ? 200 : 503, h.ready() ? "ok\n" : "not ready: " + h.reason() + "\n");
  }

  private void metricsPage(HttpExchange ex) throws IOException {
    if (!"GET".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "GET");
      respond(ex, 405, "GET only\n");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    respond(ex, 200, metrics.render());
  }

  private static void respond(HttpExchange ex, int status, String text) throws IOException {
    if (text == null || "HEAD".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (!ex.getResponseHeaders().containsKey("Content-Type")) {
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
