package org.mergegate.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  private static final Duration CONNECT = Duration.ofSeconds(2);
  private final WireMockServer server = new WireMockServer(options().dynamicPort());

  {
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private URI uri(String path) {
    return URI.create(server.baseUrl() + path);
  }

  @Test
  void sendsTheHeadersAndBodyAndReturnsStatusHeadersAndBody() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/notes"))
            .willReturn(
                aResponse().withStatus(201).withHeader("X-Total", "3").withBody("{\"id\":300}")));
    HttpTransport.Answer answer =
        HttpTransport.send(
            "POST",
            uri("/notes"),
            Map.of("PRIVATE-TOKEN", "t0ken", "Content-Type", "application/json"),
            "{\"body\":\"hi\"}".getBytes(StandardCharsets.UTF_8),
            CONNECT,
            Duration.ofSeconds(5));
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.headers().firstValue("x-total")).contains("3");
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":300}");
    server.verify(
        postRequestedFor(urlPathEqualTo("/notes"))
            .withHeader("PRIVATE-TOKEN", equalTo("t0ken"))
            .withRequestBody(equalTo("{\"body\":\"hi\"}")));
  }

  @Test
  void anErrorStatusComesBackWithGitLabsMessage() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/missing"))
            .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"404 Not found\"}")));
    HttpTransport.Answer answer =
        HttpTransport.send("GET", uri("/missing"), Map.of(), null, CONNECT, Duration.ofSeconds(5));
    assertThat(answer.status()).isEqualTo(404);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("404 Not found");
  }

  @Test
  void neverFollowsARedirectSoTheTokenStaysWithTheServerItWasMeantFor() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/moved"))
            .willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
    HttpTransport.Answer answer =
        HttpTransport.send(
            "GET",
            uri("/moved"),
            Map.of("PRIVATE-TOKEN", "t0ken"),
            null,
            CONNECT,
            Duration.ofSeconds(5));
    assertThat(answer.status()).isEqualTo(302);
    server.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
  }

  @Test
  void aSlowAnswerTimesOut() {
    server.stubFor(
        get(urlPathEqualTo("/slow")).willReturn(aResponse().withBody("{}").withFixedDelay(2000)));
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                HttpTransport.send(
                    "GET", uri("/slow"), Map.of(), null, CONNECT, Duration.ofMillis(200)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  void aBodyTrickledSlowerThanTheTimeoutTimesOutToo() {
    server.stubFor(
        get(urlPathEqualTo("/trickle"))
            .willReturn(
                aResponse()
                    .withBody("[" + "1,".repeat(40_000) + "1]")
                    .withChunkedDribbleDelay(40, 3000)));
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                HttpTransport.send(
                    "GET", uri("/trickle"), Map.of(), null, CONNECT, Duration.ofMillis(500)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void interruptingTheCallerAbortsTheExchangeAtOnce() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/slow")).willReturn(aResponse().withBody("{}").withFixedDelay(3000)));
    Thread caller = Thread.currentThread();
    Thread interrupter =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                return;
              }
              caller.interrupt();
            });
    interrupter.start();
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                HttpTransport.send(
                    "GET", uri("/slow"), Map.of(), null, CONNECT, Duration.ofSeconds(10)))
        .isInstanceOf(InterruptedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
    interrupter.join();
  }

  @Test
  void aBrokenConnectionIsAnIoFailure() {
    server.stubFor(
        get(urlPathEqualTo("/reset"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(
            () ->
                HttpTransport.send(
                    "GET", uri("/reset"), Map.of(), null, CONNECT, Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(HttpTimeoutException.class);
  }
}
