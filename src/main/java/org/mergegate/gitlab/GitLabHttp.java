package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;
import org.mergegate.http.HttpTransport;
import org.mergegate.http.Json;

/**
 * The one place that talks HTTP to GitLab's REST API v4: authentication, per-request timeouts, the
 * whole-run deadline, retries with backoff, pagination with completeness checks, and the mapping of
 * failures to one sentence a person can act on. The token travels only in the {@code PRIVATE-TOKEN}
 * header; it is never part of a URL, a message or a debug line.
 *
 * <p>Built on {@link HttpTransport} and {@link Json} rather than gitlab4j-api: gitlab4j's Jersey
 * stack costs about a second of start-up per run and its models drop fields the gate needs ({@code
 * approved_at}, {@code patch_id_sha}, {@code bot}), so every read would need raw JSON anyway. For
 * the same reason (start-up) it uses neither {@code java.net.http.HttpClient} nor an {@code
 * ObjectMapper}: see {@link org.mergegate.http}.
 */
public final class GitLabHttp implements AutoCloseable {
  /** GitLab's page size limit; the gate always asks for full pages to minimise requests. */
  public static final int PER_PAGE = 100;

  private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

  /**
   * Requests in flight at once: enough for a typical MR's first wave (MR, approvals, versions,
   * diffs, policy, the note's reads) plus the remaining diff pages of a 1,000-file MR in one go.
   */
  static final int MAX_CONCURRENT = HttpTransport.MAX_CONNECTIONS;

  /** How long to wait between attempts; tests substitute one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /**
   * Transport settings.
   *
   * @param connectTimeout TCP/TLS connect limit per request
   * @param readTimeout limit from sending a request to having its whole response
   * @param maxAttempts attempts per request, the first included
   * @param firstBackoff the wait after the first failed attempt; doubled after each further one
   * @param maxBackoff upper bound of one computed wait (a server's Retry-After may exceed it)
   * @param maxConcurrent requests in flight at once
   * @param sleeper how waits happen
   */
  public record Settings(
      Duration connectTimeout,
      Duration readTimeout,
      int maxAttempts,
      Duration firstBackoff,
      Duration maxBackoff,
      int maxConcurrent,
      Sleeper sleeper) {
    /** The numbers: connect 10 s, read 30 s, 5 attempts starting at 1 s. */
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          5,
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          MAX_CONCURRENT,
          d -> Thread.sleep(d.toMillis()));
    }

    public Settings withReadTimeout(Duration value) {
      return new Settings(
          connectTimeout, value, maxAttempts, firstBackoff, maxBackoff, maxConcurrent, sleeper);
    }

    public Settings withFirstBackoff(Duration value) {
      return new Settings(
          connectTimeout, readTimeout, maxAttempts, value, maxBackoff, maxConcurrent, sleeper);
    }

    public Settings withMaxConcurrent(int value) {
      return new Settings(
          connectTimeout, readTimeout, maxAttempts, firstBackoff, maxBackoff, value, sleeper);
    }

    public Settings withSleeper(Sleeper value) {
      return new Settings(
          connectTimeout, readTimeout, maxAttempts, firstBackoff, maxBackoff, maxConcurrent, value);
    }
  }

  /** A successful response: its JSON body and the headers pagination needs. */
  public record Response(JsonNode body, HttpHeaders headers) {}

  /** The response headers, looked up case-insensitively. */
  public record HttpHeaders(java.net.http.HttpHeaders raw) {
    public Optional<String> first(String name) {
      return raw.firstValue(name).filter(v -> !v.isBlank());
    }

    OptionalLong number(String name) {
      Optional<String> v = first(name);
      if (v.isEmpty()) {
        return OptionalLong.empty();
      }
      try {
        return OptionalLong.of(Long.parseLong(v.get().trim()));
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
  }

  private final String api;
  private final String authHeader;
  private final String token;
  private final Settings settings;
  private final Deadline deadline;
  private final PrintWriter debug;
  private final Semaphore inFlight;
  private final AtomicInteger requests = new AtomicInteger();
  private final ExecutorService pool;
  private final Clock clock = Clock.systemUTC();

  /** False for a {@link #withDeadline} view: closing it must not stop the shared threads. */
  private final boolean ownsPool;

  /**
   * @param apiUrl GitLab's API root, e.g. {@code https://gitlab.example.org/api/v4}
   * @param token the access token (kept in a header only)
   * @param debug where to log one line per request (method, path, status, time), or {@code null}
   */
  public GitLabHttp(
      String apiUrl, String token, Settings settings, Deadline deadline, PrintWriter debug) {
    this(apiUrl, "PRIVATE-TOKEN", token, settings, deadline, debug);
  }

  /**
   * A client that authenticates with a CI job token ({@code JOB-TOKEN} header) instead of an access
   * token: GitLab then answers as the running job, which a CI variable cannot fake.
   */
  public static GitLabHttp withJobToken(
      String apiUrl, String jobToken, Settings settings, Deadline deadline, PrintWriter debug) {
    return new GitLabHttp(apiUrl, "JOB-TOKEN", jobToken, settings, deadline, debug);
  }

  private GitLabHttp(
      String apiUrl,
      String authHeader,
      String token,
      Settings settings,
      Deadline deadline,
      PrintWriter debug) {
    this.authHeader = authHeader;
    this.api = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.token = token;
    this.settings = settings;
    this.deadline = deadline;
    this.debug = debug;
    this.inFlight = new Semaphore(settings.maxConcurrent());
    this.ownsPool = true;
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "merge-gate-gitlab");
              t.setDaemon(true);
              return t;
            });
    HttpTransport.warmUpTls(this.api);
  }

  private GitLabHttp(GitLabHttp shared, Deadline deadline) {
    this.authHeader = shared.authHeader;
    this.api = shared.api;
    this.token = shared.token;
    this.settings = shared.settings;
    this.deadline = deadline;
    this.debug = shared.debug;
    this.inFlight = shared.inFlight;
    this.pool = shared.pool;
    this.ownsPool = false;
  }

  /**
   * The same client (connections, threads, concurrency limit) under another time budget. A
   * long-running server gives each unit of work its own deadline this way instead of building a
   * client per task; closing the view is a no-op, closing this client stops both.
   */
  public GitLabHttp withDeadline(Deadline perTask) {
    return new GitLabHttp(this, perTask);
  }

  /** Runs {@code task} on this client's threads (for fetching independent things concurrently). */
  public <T> CompletableFuture<T> async(java.util.function.Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, pool);
  }

  /** The threads behind {@link #async}, for chaining dependent reads. */
  public java.util.concurrent.Executor executor() {
    return pool;
  }

  /** Waits for a result of {@link #async}, within the deadline, unwrapping the failure. */
  public <T> T await(Future<T> future, String what) {
    try {
      return future.get(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw deadline.exceeded(what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GateException.external("merge-gate was interrupted while " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof GateException g) {
        throw g;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw GateException.external("merge-gate failed while " + what, cause);
    }
  }

  /** How many HTTP requests were sent, retries included. */
  public int requestCount() {
    return requests.get();
  }

  /**
   * URL-encodes one path segment the way GitLab expects ({@code a/b.yml} → {@code a%2Fb%2Eyml}).
   */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace(".", "%2E")
        .replace("*", "%2A");
  }

  /** URL-encodes a query parameter value. */
  public static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * GETs one JSON document.
   *
   * @param what what is being read, for messages ("the merge request")
   * @throws NotFound on 404
   */
  public Response get(String path, String what) {
    return exchange("GET", path, null, what);
  }

  /** GETs one JSON document, or empty when GitLab answers 404. */
  public Optional<Response> getIfExists(String path, String what) {
    try {
      return Optional.of(get(path, what));
    } catch (NotFound e) {
      return Optional.empty();
    }
  }

  /** POSTs a JSON body and returns the JSON answer. */
  public Response post(String path, Object body, String what) {
    return exchange("POST", path, body, what);
  }

  /** PUTs a JSON body and returns the JSON answer. */
  public Response put(String path, Object body, String what) {
    return exchange("PUT", path, body, what);
  }

  /**
   * Reads every page of a list endpoint, {@value #PER_PAGE} items a page; pages after the first are
   * fetched concurrently when GitLab says how many there are. Fails (exit 3) when a page fails or
   * when the items read disagree with GitLab's {@code x-total}: a partial list is never returned.
   */
  public List<JsonNode> getAll(String path, String what) {
    String base = path + (path.contains("?") ? "&" : "?") + "per_page=" + PER_PAGE + "&page=";
    Response first = exchange("GET", base + 1, null, what);
    List<JsonNode> items = new ArrayList<>(arrayOf(first, path, what));
    OptionalLong totalPages = first.headers().number("x-total-pages");
    OptionalLong total = first.headers().number("x-total");
    if (totalPages.isPresent()) {
      List<CompletableFuture<Response>> rest = new ArrayList<>();
      for (long page = 2; page <= totalPages.getAsLong(); page++) {
        String pageUrl = base + page;
        rest.add(async(() -> exchange("GET", pageUrl, null, what)));
      }
      for (CompletableFuture<Response> page : rest) {
        items.addAll(arrayOf(await(page, "reading " + what), path, what));
      }
    } else {
      // GitLab omits the totals for very long lists; then follow x-next-page one by one.
      Optional<String> next = first.headers().first("x-next-page");
      while (next.isPresent()) {
        Response page = exchange("GET", base + next.get().trim(), null, what);
        items.addAll(arrayOf(page, path, what));
        next = page.headers().first("x-next-page");
      }
    }
    if (total.isPresent() && total.getAsLong() != items.size()) {
      throw GateException.external(
          "GitLab said "
              + what
              + " has "
              + total.getAsLong()
              + " entries but merge-gate read "
              + items.size()
              + "; the list changed or was cut short, re-run the job",
          null);
    }
    return items;
  }

  private List<JsonNode> arrayOf(Response r, String path, String what) {
    if (!r.body().isArray()) {
      throw malformed("GET", path, what, null);
    }
    List<JsonNode> out = new ArrayList<>(r.body().size());
    r.body().forEach(out::add);
    return out;
  }

  private Response exchange(String method, String path, Object body, String what) {
    for (int attempt = 1; ; attempt++) {
      if (deadline.expired()) {
        throw deadline.exceeded("reading " + what);
      }
      Duration timeout = min(settings.readTimeout(), deadline.remaining());
      String retryReason;
      Duration serverWait = Duration.ZERO;
      try {
        HttpTransport.Answer response = send(method, path, body, timeout);
        int status = response.status();
        if (status / 100 == 2) {
          return new Response(parse(response.body(), method, path, what), headers(response));
        }
        if (!RETRYABLE.contains(status)) {
          throw failure(status, response.body(), method, path, what);
        }
        retryReason = "answered " + status + " " + Statuses.reason(status);
        serverWait = serverWait(headers(response));
      } catch (HttpTimeoutException e) {
        retryReason = "did not answer within " + Durations.format(timeout);
      } catch (IOException e) {
        retryReason = "could not be reached (" + e.getClass().getSimpleName() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw GateException.external("merge-gate was interrupted while reading " + what, e);
      }
      if (attempt >= settings.maxAttempts()) {
        throw GateException.external(
            "GitLab "
                + retryReason
                + " to "
                + method
                + " "
                + stripQuery(path)
                + " ("
                + what
                + ") "
                + attempt
                + " times; it may be down or overloaded, re-run the job later",
            null);
      }
      Duration wait = max(serverWait, backoff(attempt));
      if (wait.compareTo(deadline.remaining()) >= 0) {
        throw deadline.exceeded("waiting to retry " + what + " (GitLab " + retryReason + ")");
      }
      log(
          "  retry %d of %s %s in %d ms (GitLab %s)",
          attempt, method, path, wait.toMillis(), retryReason);
      try {
        settings.sleeper().sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw GateException.external("merge-gate was interrupted while reading " + what, e);
      }
    }
  }

  private HttpTransport.Answer send(String method, String path, Object body, Duration timeout)
      throws IOException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(authHeader, token);
    headers.put("Accept", "application/json");
    headers.put("User-Agent", "merge-gate");
    byte[] bytes = null;
    if (body != null) {
      headers.put("Content-Type", "application/json");
      bytes = Json.bytes(body);
    }
    URI uri = URI.create(api + path);
    inFlight.acquire();
    long start = System.nanoTime();
    try {
      requests.incrementAndGet();
      HttpTransport.Answer response =
          HttpTransport.send(method, uri, headers, bytes, settings.connectTimeout(), timeout);
      log("%s %s -> %d (%d ms)", method, path, response.status(), millisSince(start));
      return response;
    } catch (HttpTimeoutException e) {
      log("%s %s -> timed out (%d ms)", method, path, millisSince(start));
      throw e;
    } catch (IOException e) {
      log("%s %s -> %s (%d ms)", method, path, e, millisSince(start));
      throw e;
    } finally {
      inFlight.release();
    }
  }

  private JsonNode parse(byte[] body, String method, String path, String what) {
    try {
      return Json.read(body);
    } catch (IOException e) {
      throw malformed(method, path, what, e);
    }
  }

  private static GateException malformed(String method, String path, String what, Throwable e) {
    return GateException.external(
        "GitLab answered "
            + method
            + " "
            + stripQuery(path)
            + " ("
            + what
            + ") with something that is not the JSON its API documents; a proxy may be in the"
            + " way, check the GitLab URL and re-run",
        e);
  }

  private GateException failure(int status, byte[] body, String method, String path, String what) {
    String said = gitlabMessage(body);
    String request = method + " " + stripQuery(path) + " (" + what + ")";
    boolean write = !"GET".equals(method);
    return switch (status) {
      case 401 ->
          new GateException(
              ExitCode.CONFIG,
              "GitLab rejected the token (401 Unauthorized) on "
                  + request
                  + ": MERGE_GATE_TOKEN is missing, expired or revoked; set it to a valid access"
                  + " token");
      case 403 ->
          new GateException(
              ExitCode.CONFIG,
              "GitLab refused "
                  + request
                  + " (403 Forbidden"
                  + said
                  + "): "
                  + (write
                      ? "the token lacks the api scope or the role needed to post notes and statuses"
                      : "the token lacks read_api or access to this project")
                  + "; fix the token's scopes or role");
      case 404 ->
          new NotFound(
              "GitLab cannot find "
                  + what
                  + " ("
                  + method
                  + " "
                  + stripQuery(path)
                  + ": 404 Not Found); check --project and --mr, and that the token can see the"
                  + " project");
      default ->
          new Rejected(
              status,
              said,
              "GitLab failed "
                  + request
                  + " with "
                  + status
                  + " "
                  + Statuses.reason(status)
                  + said
                  + "; re-run the job, and check GitLab's health if it persists");
    };
  }

  /** GitLab's own error text ({@code {"message": "..."}}), short and on one line. */
  private String gitlabMessage(byte[] body) {
    try {
      JsonNode node = Json.read(body);
      JsonNode message = node == null ? null : node.get("message");
      if (message == null) {
        message = node == null ? null : node.get("error");
      }
      if (message == null || message.isNull()) {
        return "";
      }
      String text = message.isTextual() ? message.asText() : Json.write(message);
      text = redact(text).replaceAll("\\s+", " ").strip();
      if (text.length() > 160) {
        text = text.substring(0, 160) + "...";
      }
      return text.isEmpty() ? "" : ": \"" + text + "\"";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The text with the token blotted out: GitLab (or a proxy) may echo credentials back. */
  private String redact(String text) {
    return token == null || token.isBlank() ? text : text.replace(token, "***");
  }

  /** How long GitLab asked us to wait: Retry-After (seconds or date), else RateLimit-Reset. */
  Duration serverWait(HttpHeaders headers) {
    Optional<String> retryAfter = headers.first("Retry-After");
    if (retryAfter.isPresent()) {
      String v = retryAfter.get().trim();
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          return positive(Duration.between(clock.instant(), at));
        } catch (DateTimeParseException ignored) {
          // An unreadable hint falls back to our own backoff.
        }
      }
    }
    OptionalLong reset = headers.number("RateLimit-Reset");
    if (reset.isPresent()) {
      return positive(Duration.between(clock.instant(), Instant.ofEpochSecond(reset.getAsLong())));
    }
    return Duration.ZERO;
  }

  /** Exponential backoff with jitter: between half and all of first × 2^(attempt-1). */
  Duration backoff(int attempt) {
    long ceiling =
        Math.min(
            settings.maxBackoff().toMillis(),
            settings.firstBackoff().toMillis() << Math.min(attempt - 1, 20));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  private static HttpHeaders headers(HttpTransport.Answer response) {
    return new HttpHeaders(response.headers());
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private void log(String format, Object... args) {
    if (debug != null) {
      synchronized (debug) {
        // A read still in flight when the command has failed must not print after its last line.
        if (pool.isShutdown()) {
          return;
        }
        debug.printf("merge-gate: " + format + "%n", args);
        debug.flush();
      }
    }
  }

  @Override
  public void close() {
    if (!ownsPool) {
      return;
    }
    if (debug == null) {
      pool.shutdownNow();
      return;
    }
    // Under the log's lock: once close returns, no request of this client logs another line.
    synchronized (debug) {
      pool.shutdownNow();
    }
  }

  /** GitLab refused or failed a request for a reason other than access (exit 3). */
  public static final class Rejected extends GateException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String gitlabMessage;

    Rejected(int status, String gitlabMessage, String message) {
      super(ExitCode.EXTERNAL, message);
      this.status = status;
      this.gitlabMessage = gitlabMessage;
    }

    public int status() {
      return status;
    }

    /** GitLab's own words, possibly empty. */
    public String gitlabMessage() {
      return gitlabMessage;
    }
  }

  /** GitLab answered 404: callers decide whether absence is an error or a fact. */
  public static final class NotFound extends GateException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(ExitCode.CONFIG, message);
    }
  }
}
