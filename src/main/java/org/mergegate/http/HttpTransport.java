package org.mergegate.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * One HTTP exchange over the JDK's {@link HttpURLConnection}: connections are kept alive and
 * reused, redirects are never followed (a redirect would carry a token to wherever it points), and
 * the whole exchange, body included, is bounded by a timeout. Blocking by design: callers that want
 * concurrency run exchanges on their own threads.
 *
 * <p>Why not {@code java.net.http.HttpClient}: building one sets up the default {@code SSLContext}
 * (providers, the cacerts keystore) even for {@code http://}, and its selector machinery loads a
 * few hundred classes; together about 0.4 s of every CI job. Here TLS costs only what an {@code
 * https://} URL needs, and {@link #warmUpTls} starts it on another thread while the JVM does other
 * start-up work.
 */
public final class HttpTransport {
  /** A response: status, headers (looked up case-insensitively) and the whole body. */
  public record Answer(int status, HttpHeaders headers, byte[] body) {}

  private static final int CHUNK = 16 * 1024;

  /**
   * Connections kept alive per server. The JDK keeps 5 unless told otherwise ({@code
   * http.maxConnections}); a client with more requests in flight would then open, and for HTTPS
   * handshake, a new connection for every request beyond the fifth.
   */
  public static final int MAX_CONNECTIONS = 16;

  static {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", String.valueOf(MAX_CONNECTIONS));
    }
  }

  private HttpTransport() {}

  /**
   * Sends one request and reads its whole response.
   *
   * @param headers request headers (a body's {@code Content-Type} among them)
   * @param body the request body, or {@code null} for none
   * @param connectTimeout TCP (and TLS) connect limit
   * @param timeout limit from sending the request to having the whole response
   * @throws HttpTimeoutException when either limit is exceeded
   * @throws IOException when the server cannot be reached or the connection breaks
   * @throws InterruptedException when the calling thread is interrupted: the connection is closed,
   *     so a shutting-down server does not wait for a slow GitLab
   */
  public static Answer send(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      Duration connectTimeout,
      Duration timeout)
      throws IOException, InterruptedException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    // A socket read ignores Thread.interrupt(): the exchange runs on a helper thread and this one
    // waits, interruptibly, closing the connection if it is interrupted.
    Future<Answer> exchange =
        EXCHANGES.submit(
            () -> exchange(connection, method, headers, body, connectTimeout, timeout));
    try {
      return exchange.get();
    } catch (InterruptedException e) {
      connection.disconnect();
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  private static final ExecutorService EXCHANGES =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "merge-gate-http");
            t.setDaemon(true);
            return t;
          });

  private static Answer exchange(
      HttpURLConnection connection,
      String method,
      Map<String, String> headers,
      byte[] body,
      Duration connectTimeout,
      Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setConnectTimeout(positiveMillis(connectTimeout.toNanos()));
      connection.setReadTimeout(positiveMillis(timeout.toNanos()));
      connection.setRequestMethod(method);
      headers.forEach(connection::setRequestProperty);
      if (body != null) {
        connection.setDoOutput(true);
        // A known length streams the body and rules out the JDK's silent resend of a POST.
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body);
        }
      }
      int status = connection.getResponseCode();
      HttpHeaders responseHeaders = headersOf(connection);
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      byte[] content = in == null ? new byte[0] : readAll(in, deadline, timeout);
      return new Answer(status, responseHeaders, content);
    } catch (SocketTimeoutException e) {
      connection.disconnect();
      throw timedOut(timeout, e);
    } catch (IOException e) {
      connection.disconnect();
      throw e;
    }
  }

  /**
   * Reads a body to its end, failing once the exchange's deadline has passed: a server that
   * trickles bytes cannot hold the run beyond its timeout by more than one read's wait.
   */
  private static byte[] readAll(InputStream in, long deadline, Duration timeout)
      throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[CHUNK];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        if (System.nanoTime() - deadline > 0) {
          throw timedOut(timeout, null);
        }
      }
      return out.toByteArray();
    }
  }

  private static HttpHeaders headersOf(HttpURLConnection connection) {
    Map<String, List<String>> fields = new HashMap<>();
    // The status line is listed under a null key.
    connection
        .getHeaderFields()
        .forEach(
            (name, values) -> {
              if (name != null) {
                fields.put(name, values);
              }
            });
    return HttpHeaders.of(fields, (name, value) -> true);
  }

  private static HttpTimeoutException timedOut(Duration timeout, Throwable cause) {
    HttpTimeoutException e =
        new HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** Whether TLS is being set up already: {@code Main} and {@code GitLabHttp} both ask. */
  private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

  private static int positiveMillis(long nanos) {
    long millis = Math.max(1, nanos / 1_000_000);
    return (int) Math.min(Integer.MAX_VALUE, millis);
  }

  /**
   * For an {@code https://} URL, sets up the JDK's TLS (providers, trust store, the classes of a
   * handshake) on a background thread, so the first request finds it ready; does nothing for any
   * other URL. Failures are left for the real request to report.
   */
  public static void warmUpTls(String url) {
    if (url == null || !url.regionMatches(true, 0, "https://", 0, 8) || WARMED_UP.getAndSet(true)) {
      return;
    }
    Thread warmUp =
        new Thread(
            () -> {
              try {
                SSLEngine engine = SSLContext.getDefault().createSSLEngine();
                engine.setUseClientMode(true);
                // Producing a ClientHello loads and links what the first handshake needs.
                engine.wrap(
                    ByteBuffer.allocate(0),
                    ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
                javax.net.ssl.HttpsURLConnection.getDefaultSSLSocketFactory();
              } catch (Exception | LinkageError e) {
                // The request itself will meet the same problem and explain it.
              }
            },
            "merge-gate-tls-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }
}
