package org.mergegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mergegate.exit.GateException;
import org.mergegate.http.HttpTransport;
import org.mergegate.http.Json;

/**
 * The blunderbuss sync API as merge-gate speaks it (docs/blunderbuss.md): {@code POST /v1/sync}
 * with an idempotency key, then {@code GET status_url} until the sync is final. Everything that
 * knows this wire format is in this class, so another sync API is adapted here and nowhere else.
 *
 * <p>Failures are exit 3 with one sentence a person can act on; the token never appears in one.
 * Retries (429, 5xx, connection errors) reuse the same idempotency key, so a retried request can
 * never start a second sync of the same commit. The bearer token is only ever sent to the scheme,
 * host and port of {@code BLUNDERBUSS_URL}: redirects are not followed and a {@code status_url} on
 * another origin is refused.
 */
public final class BlunderbussClient implements SyncService {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Attempts at one request (the POST, or polls in a row) before a failing service is final. */
  static final int MAX_ATTEMPTS = 6;

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofSeconds(30);
  static final Duration FIRST_POLL = Duration.ofSeconds(1);
  static final Duration MAX_POLL = Duration.ofSeconds(15);

  private static final int MAX_QUOTED = 300;

  private final BlunderbussConfig config;
  private final Clock clock;
  private final Sleeper sleeper;

  private BlunderbussClient(BlunderbussConfig config, Clock clock, Sleeper sleeper) {
    this.config = config;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** A client on the real clock. */
  public static BlunderbussClient create(BlunderbussConfig config) {
    return create(config, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  /** A client whose waiting is driven by the given clock and sleeper (tests use a fake pair). */
  public static BlunderbussClient create(BlunderbussConfig config, Clock clock, Sleeper sleeper) {
    // HttpTransport never follows a redirect, which would carry the bearer token elsewhere.
    return new BlunderbussClient(config, clock, sleeper);
  }

  @Override
  public SyncResult sync(SyncRequest request) {
    Instant deadline = clock.instant().plus(config.timeout());
    URI submitUrl = URI.create(config.url() + "/v1/sync");
    Request post =
        new Request(
            "POST",
            submitUrl,
            authorized(
                "Content-Type",
                "application/json",
                "Idempotency-Key",
                request.projectId() + ":" + request.sha()),
            body(request).getBytes(StandardCharsets.UTF_8));
    String where = "POST " + submitUrl;
    Answer answer =
        sendWithRetries(
            post,
            where,
            deadline,
            last ->
                "timed out after "
                    + human(config.timeout())
                    + " submitting the sync of "
                    + request.shortSha()
                    + " to blunderbuss at "
                    + config.url()
                    + " (last answer: "
                    + last
                    + "); re-running the deploy job is safe");
    if (answer.statusCode() == 409) {
      throw superseded(request, answer);
    }
    if (answer.statusCode() != 200 && answer.statusCode() != 202) {
      throw rejected(request, where, answer);
    }
    boolean alreadySynced = answer.statusCode() == 200;
    Status status =
        parseStatus(request, where, answer, null, alreadySynced)
            .withNextPoll(retryAfter(answer).orElse(FIRST_POLL));
    while (!status.state().isFinal()) {
      status = pollOnce(request, status, deadline);
    }
    return finish(request, status, alreadySynced);
  }

  /** Waits (backing off) and fetches the status once; throws when the deadline has passed. */
  private Status pollOnce(SyncRequest request, Status last, Instant deadline) {
    String timedOut =
        "timed out after "
            + human(config.timeout())
            + " waiting for blunderbuss sync "
            + last.id()
            + " (last state: "
            + last.state().wireName()
            + "); check "
            + last.statusUrl()
            + "; re-running the deploy job is safe";
    Duration wait = last.nextPoll();
    sleepWithin(wait, deadline, timedOut);
    Request get = new Request("GET", URI.create(last.statusUrl()), authorized(), null);
    String where = "GET " + last.statusUrl();
    Answer answer = sendWithRetries(get, where, deadline, lastAnswer -> timedOut);
    if (answer.statusCode() != 200) {
      throw rejected(request, where, answer);
    }
    Status next = parseStatus(request, where, answer, last, false);
    Duration backoff = min(wait.multipliedBy(2), MAX_POLL);
    return next.withNextPoll(retryAfter(answer).orElse(backoff));
  }

  private SyncResult finish(SyncRequest request, Status status, boolean alreadySynced) {
    if (status.state() == SyncState.FAILED) {
      throw fail(failureMessage(request, status));
    }
    for (String target : request.targets()) {
      SyncResult.Target result = status.targets().get(target);
      if (result == null || result.state() != SyncState.SUCCEEDED) {
        throw fail(
            "blunderbuss reported sync "
                + status.id()
                + " of "
                + request.shortSha()
                + " as succeeded, but target "
                + target
                + (result == null ? " is missing" : " is " + result.state().wireName())
                + "; not treating it as deployed, check "
                + status.statusUrl());
      }
    }
    Map<String, SyncResult.Target> ordered = new LinkedHashMap<>();
    request.targets().forEach(t -> ordered.put(t, status.targets().get(t)));
    ordered.putAll(status.targets());
    return new SyncResult(
        status.id(), request.sha(), status.state(), status.statusUrl(), alreadySynced, ordered);
  }

  private static String failureMessage(SyncRequest request, Status status) {
    List<String> failures = new ArrayList<>();
    status
        .targets()
        .forEach(
            (name, target) -> {
              if (target.state() == SyncState.FAILED) {
                failures.add(
                    name
                        + ": "
                        + (target.message() == null ? "no reason given" : target.message()));
              }
            });
    String what =
        failures.isEmpty()
            ? "failed: " + (status.message() == null ? "no reason given" : status.message())
            : "failed on " + String.join("; ", failures);
    return "blunderbuss: sync of "
        + request.shortSha()
        + " "
        + what
        + " (sync "
        + status.id()
        + ", "
        + status.statusUrl()
        + ")";
  }

  // ---------------------------------------------------------------- HTTP with retries

  /** One request to blunderbuss: method, URL, headers, body (or null). */
  private record Request(String method, URI uri, Map<String, String> headers, byte[] body) {}

  /** Blunderbuss's answer, its body as text. */
  private record Answer(int statusCode, String body, HttpHeaders headers) {}

  /** The bearer token and the usual headers, then {@code extra} name/value pairs. */
  private Map<String, String> authorized(String... extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + config.token());
    headers.put("Accept", "application/json");
    headers.put("User-Agent", "merge-gate");
    for (int i = 0; i + 1 < extra.length; i += 2) {
      headers.put(extra[i], extra[i + 1]);
    }
    return headers;
  }

  /**
   * Sends the request, retrying 429, 5xx and connection failures with backoff (or the server's
   * Retry-After) until an answer that is not worth retrying, the attempt limit or the deadline.
   */
  private Answer sendWithRetries(
      Request request, String where, Instant deadline, TimeoutMessage timedOut) {
    Duration backoff = FIRST_RETRY;
    for (int attempt = 1; ; attempt++) {
      String failure;
      Optional<Duration> serverWait = Optional.empty();
      try {
        HttpTransport.Answer raw =
            HttpTransport.send(
                request.method(),
                request.uri(),
                request.headers(),
                request.body(),
                CONNECT_TIMEOUT,
                REQUEST_TIMEOUT);
        Answer response =
            new Answer(raw.status(), new String(raw.body(), StandardCharsets.UTF_8), raw.headers());
        int code = response.statusCode();
        if (code != 429 && code < 500) {
          return response;
        }
        failure = "HTTP " + code;
        serverWait = retryAfter(response);
      } catch (IOException e) {
        failure = describe(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw GateException.external(
            "interrupted while waiting for blunderbuss (" + where + ")", e);
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw fail(
            "blunderbuss failed "
                + MAX_ATTEMPTS
                + " times in a row ("
                + where
                + ": "
                + failure
                + "); check that blunderbuss is up, then re-run the deploy job (safe to repeat)");
      }
      Duration wait = serverWait.orElse(backoff);
      if (serverWait.isPresent() && clock.instant().plus(wait).isAfter(deadline)) {
        // The server said when to come back, and that is past the deadline: stop now.
        throw fail(timedOut.describe(failure));
      }
      sleepWithin(wait, deadline, timedOut.describe(failure));
      backoff = min(backoff.multipliedBy(2), MAX_RETRY);
    }
  }

  /** Sleeps for {@code wait}, cut short at the deadline; throws if the deadline has passed. */
  private void sleepWithin(Duration wait, Instant deadline, String timedOut) {
    Duration remaining = Duration.between(clock.instant(), deadline);
    if (remaining.isNegative() || remaining.isZero()) {
      throw fail(timedOut);
    }
    try {
      sleeper.sleep(min(wait, remaining));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GateException.external("interrupted while waiting for blunderbuss", e);
    }
  }

  /** The server's Retry-After, in seconds or as an HTTP date; empty when absent or unreadable. */
  private Optional<Duration> retryAfter(Answer response) {
    return response.headers().firstValue("Retry-After").flatMap(v -> RetryAfter.parse(v, clock));
  }

  @FunctionalInterface
  private interface TimeoutMessage {
    String describe(String lastFailure);
  }

  // ---------------------------------------------------------------- the wire format

  private static String body(SyncRequest request) {
    ObjectNode body = Json.object();
    body.put("project", request.project());
    body.put("project_id", request.projectId());
    body.put("ref", request.ref());
    body.put("sha", request.sha());
    request.targets().forEach(body.putArray("targets")::add);
    if (request.mergeRequest() == null) {
      body.putNull("merge_request");
    } else {
      body.put("merge_request", request.mergeRequest());
    }
    body.put("requested_by", request.requestedBy());
    body.put("pipeline_url", request.pipelineUrl());
    return Json.write(body);
  }

  /**
   * Reads a submit or status answer. {@code polled} is the sync being polled (null when
   * submitting); {@code complete} demands the full state, as a 200 "already synced" must carry.
   */
  private Status parseStatus(
      SyncRequest request, String where, Answer answer, Status polled, boolean complete) {
    String expectedId = polled == null ? null : polled.id();
    JsonNode root;
    try {
      root = Json.read(answer.body());
    } catch (IOException e) {
      throw malformed(where, answer, "its body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw malformed(where, answer, "its body is not a JSON object");
    }
    String id = text(root, "id");
    if (id == null) {
      throw malformed(where, answer, "it has no \"id\"");
    }
    if (expectedId != null && !expectedId.equals(id)) {
      throw malformed(where, answer, "it describes sync \"" + id + "\", not " + expectedId);
    }
    String sha = text(root, "sha");
    if (sha != null && !sha.equalsIgnoreCase(request.sha())) {
      throw malformed(where, answer, "it is about commit " + sha + ", not " + request.sha());
    }
    String rawStatusUrl = text(root, "status_url");
    if (rawStatusUrl == null && expectedId == null && !complete) {
      throw malformed(where, answer, "it has no \"status_url\" to poll");
    }
    String statusUrl;
    if (rawStatusUrl != null) {
      statusUrl = checkedStatusUrl(rawStatusUrl, where).toString();
    } else if (polled != null) {
      statusUrl = polled.statusUrl();
    } else {
      statusUrl = config.url() + "/v1/sync/" + id;
    }
    String rawState = text(root, "state");
    if (rawState == null && (complete || expectedId != null)) {
      throw malformed(where, answer, "it has no \"state\"");
    }
    SyncState state = rawState == null ? SyncState.QUEUED : state(rawState, where, answer);
    Map<String, SyncResult.Target> targets = new LinkedHashMap<>();
    JsonNode targetsNode = root.path("targets");
    if (!targetsNode.isMissingNode() && !targetsNode.isNull()) {
      if (!targetsNode.isObject()) {
        throw malformed(where, answer, "\"targets\" is not an object");
      }
      for (Map.Entry<String, JsonNode> entry : targetsNode.properties()) {
        JsonNode node = entry.getValue();
        String targetState = node.isObject() ? text(node, "state") : null;
        if (targetState == null) {
          throw malformed(where, answer, "target \"" + entry.getKey() + "\" has no \"state\"");
        }
        targets.put(
            entry.getKey(),
            new SyncResult.Target(
                state(targetState, where, answer), text(node, "location"), text(node, "message")));
      }
    }
    return new Status(id, state, statusUrl, targets, text(root, "message"), FIRST_POLL);
  }

  private SyncState state(String raw, String where, Answer answer) {
    return SyncState.fromWire(raw)
        .orElseThrow(
            () ->
                malformed(
                    where,
                    answer,
                    "state \"" + raw + "\" is not one of queued, running, succeeded, failed"));
  }

  /**
   * A status_url relative to BLUNDERBUSS_URL is resolved against it; an absolute one must have the
   * same scheme, host and port, or the bearer token would go to a host the configuration never
   * named.
   */
  private URI checkedStatusUrl(String raw, String where) {
    URI base = config.url();
    URI url;
    try {
      url = URI.create(base + "/").resolve(new URI(raw));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw fail("blunderbuss answered " + where + " with a status_url that is not a URL: " + raw);
    }
    boolean sameOrigin =
        base.getScheme().equalsIgnoreCase(String.valueOf(url.getScheme()))
            && base.getHost().equalsIgnoreCase(String.valueOf(url.getHost()))
            && port(base) == port(url)
            && url.getRawUserInfo() == null;
    if (!sameOrigin) {
      throw fail(
          "blunderbuss gave a status_url on another host ("
              + url
              + ") than BLUNDERBUSS_URL ("
              + base
              + "); refusing to send BLUNDERBUSS_TOKEN there: fix blunderbuss's public URL"
              + " or BLUNDERBUSS_URL");
    }
    return url;
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** A field as text when it is a non-blank string or number; null otherwise. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !(value.isTextual() || value.isNumber())) {
      return null;
    }
    String text = value.asText().strip();
    return text.isEmpty() ? null : text;
  }

  // ---------------------------------------------------------------- messages

  private GateException malformed(String where, Answer answer, String problem) {
    return fail(
        "blunderbuss answered "
            + where
            + " with HTTP "
            + answer.statusCode()
            + " that merge-gate cannot read: "
            + problem
            + " (body: "
            + quote(answer.body())
            + "); check that BLUNDERBUSS_URL points at blunderbuss's v1 API");
  }

  private GateException rejected(SyncRequest request, String where, Answer answer) {
    int code = answer.statusCode();
    if (code == 401 || code == 403) {
      return fail(
          "blunderbuss refused BLUNDERBUSS_TOKEN (HTTP "
              + code
              + " on "
              + where
              + "); check that the CI/CD variable holds a current token allowed to sync "
              + request.project());
    }
    if (code >= 300 && code < 400) {
      return fail(
          "blunderbuss redirected "
              + where
              + " (HTTP "
              + code
              + " to "
              + answer.headers().firstValue("Location").orElse("nowhere")
              + "); merge-gate does not follow redirects with the token, so set"
              + " BLUNDERBUSS_URL to the final address");
    }
    return fail(
        "blunderbuss rejected "
            + where
            + " for "
            + request.shortSha()
            + " with HTTP "
            + code
            + ": "
            + serverMessage(answer));
  }

  private GateException superseded(SyncRequest request, Answer answer) {
    String liveSha = null;
    String error = null;
    try {
      JsonNode root = Json.read(answer.body());
      if (root != null && root.isObject()) {
        liveSha = text(root, "live_sha");
        error = text(root, "error");
      }
    } catch (IOException e) {
      // Not the documented body: fall through to the generic rejection.
    }
    if (!"superseded".equals(error)) {
      return rejected(request, "POST " + config.url() + "/v1/sync", answer);
    }
    return GateException.refused(
        clean(
            "blunderbuss refused to sync "
                + request.shortSha()
                + ": a newer commit"
                + (liveSha == null ? "" : " (" + liveSha + ")")
                + " is already live on "
                + request.ref()
                + ", so this deploy is superseded and nothing was changed"));
  }

  /** Blunderbuss's own explanation: its JSON "message" or "error", else the start of the body. */
  private static String serverMessage(Answer answer) {
    try {
      JsonNode root = Json.read(answer.body());
      if (root != null && root.isObject()) {
        String message = text(root, "message");
        return message != null ? message : String.valueOf(text(root, "error"));
      }
    } catch (IOException e) {
      // Fall back to the raw body below.
    }
    return quote(answer.body());
  }

  private static String describe(IOException e) {
    String kind = e.getClass().getSimpleName();
    return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
  }

  private static String quote(String body) {
    if (body == null || body.isBlank()) {
      return "empty";
    }
    String text = body.strip();
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
  }

  /** An exit-3 failure whose message is cleaned like every message a person reads. */
  private GateException fail(String message) {
    return GateException.external(clean(message), null);
  }

  /** One line, and never the token, whatever a server chose to echo back. */
  private String clean(String message) {
    String oneLine = message.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return oneLine.replace(config.token(), "***");
  }

  /** A duration as people write it: 10m, 90s → 1m30s, 2h. */
  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      out.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 != 0 || out.length() == 0) {
      out.append(seconds % 60).append('s');
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** What one answer said about the sync, plus when to look again. */
  private record Status(
      String id,
      SyncState state,
      String statusUrl,
      Map<String, SyncResult.Target> targets,
      String message,
      Duration nextPoll) {
    Status withNextPoll(Duration wait) {
      return new Status(id, state, statusUrl, targets, message, wait);
    }
  }
}
