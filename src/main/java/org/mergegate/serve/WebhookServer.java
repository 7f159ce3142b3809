package org.mergegate.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.mergegate.gitlab.GitLabHttp;

/**
 * The HTTP side of {@code merge-gate serve}, on the JDK's built-in server: {@code POST
 * /hooks/gitlab} verifies the secret, reads at most {@code maxBodyBytes}, parses and enqueues, and
 * answers at once (GitLab disables hooks that time out); {@code GET /healthz} and {@code GET
 * /metrics} serve probes and Prometheus. All work against GitLab happens on the {@link WorkQueue}.
 */
public final class WebhookServer {
  static final String HOOK_PATH = "/hooks/gitlab";

  /**
   * The JDK server's connection limits (JDK 17's {@code sun.net.httpserver.ServerConfig}). They are
   * system properties, read once when the server's classes load, so they are set here, before the
   * first server exists; a value given with {@code -D} wins.
   */
  static final Map<String, String> CONNECTION_LIMITS =
      Map.of(
          // Headers and body are read on a worker thread, before the secret can be checked. A
          // client that has not sent its whole request within 5 s (a delivery takes
          // milliseconds) is disconnected, freeing the thread; so is one that reads no answer.
          "sun.net.httpserver.maxReqTime", "5",
          "sun.net.httpserver.maxRspTime", "5",
          "sun.net.httpserver.timerMillis", "500",
          // A connection that sends nothing is closed after min(idleInterval, maxReqTime), an idle
          // keep-alive connection after idleInterval; the idle timer looks every clockTick ms.
          "sun.net.httpserver.idleInterval", "10",
          "sun.net.httpserver.clockTick", "1000",
          "sun.net.httpserver.maxIdleConnections", "50",
          "jdk.httpserver.maxConnections", "1000",
          // GitLab sends about ten small headers.
          "sun.net.httpserver.maxReqHeaders", "64",
          "sun.net.httpserver.maxReqHeaderSize", "32768",
          // The server writes headers and body separately; with Nagle's algorithm on, each answer
          // then waits ~40 ms for the client's delayed ACK.
          "sun.net.httpserver.nodelay", "true");

  static {
    CONNECTION_LIMITS.forEach(
        (key, value) -> {
          if (System.getProperty(key) == null) {
            System.setProperty(key, value);
          }
        });
  }

  private final ServeSettings settings;
  private final AllowedProjects projects;
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
      ServeSettings settings, AllowedProjects projects, GitLabHttp gitlab, EventLog log)
      throws IOException {
    this.settings = settings;
    this.projects = projects;
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
    // A thread per request being read: a slow client holds one for at most maxReqTime, and the
    // next delivery gets another instead of waiting behind it. Beyond httpThreads at once a new
    // request is refused (the JDK server closes its connection) rather than queued behind slow
    // ones or run on the accepting thread, which would stop all accepting.
    this.httpThreads =
        new ThreadPoolExecutor(
            Math.min(8, settings.httpThreads()),
            settings.httpThreads(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "merge-gate-http");
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    this.server = HttpServer.create(settings.listen(), 256);
    server.setExecutor(httpThreads);
    server.createContext("/", this::route);
  }

  /** Binds the port and starts answering. */
  public static WebhookServer start(
      ServeSettings settings, AllowedProjects projects, GitLabHttp gitlab, EventLog log)
      throws IOException {
    WebhookServer s = new WebhookServer(settings, projects, gitlab, log);
    s.server.start();
    log.line(
        "listening",
        "address",
        s.server.getAddress().getHostString() + ":" + s.port(),
        "job",
        settings.jobName(),
        "debounce",
        settings.queue().debounce().toMillis() + "ms",
        "projects",
        projects.ids().stream().map(String::valueOf).collect(Collectors.joining(",")),
        "request_time_limit",
        System.getProperty("sun.net.httpserver.maxReqTime") + "s",
        "http_threads",
        settings.httpThreads());
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
    String token = ex.getRequestHeaders().getFirst("X-Gitlab-Token");
    if (!projects.anyMatches(token)) {
      refuse(ex, 401, "unauthorized", "wrong or missing X-Gitlab-Token\n");
      return;
    }
    byte[] body;
    try {
      body = readBody(ex);
    } catch (IOException e) {
      // The sender stopped or was cut off at the request-time limit: there is no one to answer.
      metrics.delivery("incomplete");
      log.line(
          "webhook",
          "outcome",
          "incomplete",
          "remote",
          ex.getRemoteAddress().getAddress().getHostAddress());
      return;
    }
    if (body == null) {
      refuse(ex, 413, "too_large", "body larger than " + settings.maxBodyBytes() + " bytes\n");
      return;
    }
    MergeRequestEvent.Parsed parsed = MergeRequestEvent.parse(body);
    if (parsed instanceof MergeRequestEvent.Malformed m) {
      refuse(ex, 400, "malformed", m.reason() + "\n");
      return;
    }
    long project =
        parsed instanceof MergeRequestEvent.Act a
            ? a.event().projectId()
            : ((MergeRequestEvent.Ignore) parsed).projectId();
    if (project > 0 && !admitted(ex, project, token)) {
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
        outcome,
        "trigger",
        event.trigger());
    if (offer == WorkQueue.Offer.QUEUED || offer == WorkQueue.Offer.MERGED) {
      respond(ex, 202, outcome + "\n");
    } else {
      ex.getResponseHeaders().set("Retry-After", "30");
      respond(ex, 503, outcome + ", deliver again later\n");
    }
  }

  /**
   * Whether serve acts for {@code project} with this secret: it must be on the list, and the secret
   * must be its own. Answers the refusal itself; the id is a number, safe to log.
   */
  private boolean admitted(HttpExchange ex, long project, String token) throws IOException {
    switch (projects.admit(project, token)) {
      case ALLOWED:
        return true;
      case NOT_LISTED:
        refuse(
            ex,
            403,
            "project_not_allowed",
            "project " + project + " is not served here\n",
            project);
        return false;
      default:
        refuse(
            ex, 401, "unauthorized", "wrong X-Gitlab-Token for project " + project + "\n", project);
        return false;
    }
  }

  /** A delivery answered with an error: counted and logged (never its body or headers). */
  private void refuse(HttpExchange ex, int status, String reason, String text) throws IOException {
    refuse(ex, status, reason, text, 0);
  }

  private void refuse(HttpExchange ex, int status, String reason, String text, long project)
      throws IOException {
    metrics.delivery(reason);
    String remote = ex.getRemoteAddress().getAddress().getHostAddress();
    if (project > 0) {
      log.line(
          "webhook", "outcome", reason, "status", status, "project", project, "remote", remote);
    } else {
      log.line("webhook", "outcome", reason, "status", status, "remote", remote);
    }
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
