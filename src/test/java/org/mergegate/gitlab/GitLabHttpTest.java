package org.mergegate.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mergegate.exit.ExitCode;
import org.mergegate.exit.GateException;

class GitLabHttpTest {
  private static final String TOKEN = "glpat-SECRET-do-not-print";
  private final FakeGitLab gitlab = new FakeGitLab();
  private final List<Duration> sleeps = new ArrayList<>();
  private final StringWriter debugLog = new StringWriter();
  private final PrintWriter debugWriter = new PrintWriter(debugLog, true);
  private GitLabHttp http = client(Duration.ofSeconds(5));

  private GitLabHttp client(Duration readTimeout) {
    GitLabHttp.Settings settings =
        GitLabHttp.Settings.defaults().withReadTimeout(readTimeout).withSleeper(d -> sleeps.add(d));
    return new GitLabHttp(
        gitlab.apiUrl(), TOKEN, settings, Deadline.in(Duration.ofMinutes(1)), debugWriter);
  }

  @AfterEach
  void stop() {
    http.close();
    gitlab.close();
    assertThat(debugLog.toString()).doesNotContain(TOKEN);
  }

  private void stubSequence(
      String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
    String state = Scenario.STARTED;
    for (int i = 0; i < answers.length; i++) {
      String next = i == answers.length - 1 ? state : "step" + (i + 1);
      gitlab
          .server()
          .stubFor(
              get(urlPathEqualTo(path))
                  .inScenario(path)
                  .whenScenarioStateIs(state)
                  .willReturn(answers[i])
                  .willSetStateTo(next));
      state = next;
    }
  }

  @Test
  void sendsTheTokenInTheHeaderOnly() {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.json(FakeGitLab.fixture("user.json"))));
    http.get("/user", "the token's own user");
    var request = gitlab.requests().get(0).getRequest();
    assertThat(request.getHeader("PRIVATE-TOKEN")).isEqualTo(TOKEN);
    assertThat(request.getUrl()).doesNotContain(TOKEN);
  }

  @Test
  void aReadThatEndsAfterTheClientClosedLogsNothingBelowTheCommandsLastLine() throws Exception {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.json(FakeGitLab.fixture("user.json"))));
    // Holding the log's lock keeps the answered read from logging until the command has failed,
    // closed its client and printed its reason, which must stay the last line.
    synchronized (debugWriter) {
      http.async(() -> http.get("/user", "the token's own user"));
      long waited = 0;
      while (gitlab.requests().isEmpty() && waited < 5000) {
        Thread.sleep(10);
        waited += 10;
      }
      Thread.sleep(300);
      http.close();
      debugWriter.println("merge-gate: the command's reason");
    }
    Thread.sleep(500);

    assertThat(gitlab.requests()).hasSize(1);
    assertThat(debugLog.toString().strip()).endsWith("merge-gate: the command's reason");
  }

  @Test
  void honoursRetryAfterOn429ThenSucceeds() {
    stubSequence(
        "/api/v4/user",
        FakeGitLab.error(429, "Retry later").withHeader("Retry-After", "7"),
        FakeGitLab.json(FakeGitLab.fixture("user.json")));
    JsonNode me = http.get("/user", "the token's own user").body();
    assertThat(me.path("username").asText()).isEqualTo("bob");
    assertThat(sleeps).hasSize(1);
    assertThat(sleeps.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    assertThat(gitlab.requestCount()).isEqualTo(2);
  }

  @Test
  void honoursRateLimitResetWhenThereIsNoRetryAfter() {
    long reset = java.time.Instant.now().getEpochSecond() + 20;
    stubSequence(
        "/api/v4/user",
        FakeGitLab.error(429, "Retry later").withHeader("RateLimit-Reset", String.valueOf(reset)),
        FakeGitLab.json(FakeGitLab.fixture("user.json")));
    http.get("/user", "the token's own user");
    assertThat(sleeps.get(0)).isGreaterThan(Duration.ofSeconds(15));
  }

  @Test
  void backsOffExponentiallyAndGivesUpAfterFiveAttemptsOf503() {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.error(503, "503 Service Unavailable")));
    GateException e =
        catchThrowableOfType(GateException.class, () -> http.get("/user", "the token's own user"));
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage())
        .isEqualTo(
            "GitLab answered 503 Service Unavailable to GET /user (the token's own user) 5 times;"
                + " it may be down or overloaded, re-run the job later");
    assertThat(gitlab.requestCount()).isEqualTo(5);
    assertThat(sleeps).hasSize(4);
    // Full-jitter halves: attempt n waits between 2^(n-2) and 2^(n-1) seconds.
    for (int i = 0; i < 4; i++) {
      assertThat(sleeps.get(i).toMillis()).isBetween(500L << i, 1000L << i);
    }
  }

  @Test
  void neverRetriesA500() {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.error(500, "500 Internal Server Error")));
    GateException e =
        catchThrowableOfType(GateException.class, () -> http.get("/user", "the token's own user"));
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage())
        .startsWith(
            "GitLab failed GET /user (the token's own user) with 500 Internal Server Error: \"500 Internal Server Error\"");
    assertThat(gitlab.requestCount()).isEqualTo(1);
  }

  @Test
  void neverRepeatsATokenThatGitLabEchoesBack() {
    // A proxy or a GitLab error may quote the request's credentials back in its message.
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.error(422, "token " + TOKEN + " is not valid here")));
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/projects/42"))
                .willReturn(FakeGitLab.error(403, "403 Forbidden - " + TOKEN)));

    GateException rejected =
        catchThrowableOfType(GateException.class, () -> http.get("/user", "the token's own user"));
    GateException forbidden =
        catchThrowableOfType(GateException.class, () -> http.get("/projects/42", "the project"));

    assertThat(rejected.getMessage())
        .contains("\"token *** is not valid here\"")
        .doesNotContain(TOKEN);
    assertThat(((GitLabHttp.Rejected) rejected).gitlabMessage()).doesNotContain(TOKEN);
    assertThat(forbidden.getMessage()).contains("403 Forbidden - ***").doesNotContain(TOKEN);
  }

  @Test
  void explainsA403AsAMissingScopeWithoutRetrying() {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/projects/42/merge_requests/7"))
                .willReturn(FakeGitLab.error(403, "403 Forbidden")));
    GateException e =
        catchThrowableOfType(
            GateException.class,
            () -> http.get("/projects/42/merge_requests/7", "the merge request"));
    assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(e.getMessage())
        .isEqualTo(
            "GitLab refused GET /projects/42/merge_requests/7 (the merge request) (403 Forbidden:"
                + " \"403 Forbidden\"): the token lacks read_api or access to this project; fix"
                + " the token's scopes or role");
    assertThat(gitlab.requestCount()).isEqualTo(1);
  }

  @Test
  void explainsA401AsABadToken() {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.error(401, "401 Unauthorized")));
    GateException e =
        catchThrowableOfType(GateException.class, () -> http.get("/user", "the token's own user"));
    assertThat(e.getMessage())
        .contains("401 Unauthorized")
        .contains("MERGE_GATE_TOKEN")
        .doesNotContain(TOKEN);
    assertThat(gitlab.requestCount()).isEqualTo(1);
  }

  @Test
  void aMalformedBodyFailsClosed() {
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(aResponse().withStatus(200).withBody("{\"id\": 1, \"username\": ")));
    GateException e =
        catchThrowableOfType(GateException.class, () -> http.get("/user", "the token's own user"));
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage()).contains("not the JSON its API documents");
  }

  @Test
  void readsEveryPageAndChecksTheTotal() {
    List<JsonNode> items = new ArrayList<>();
    IntStream.range(0, 250).forEach(i -> items.add(FakeGitLab.fixture("member.json").put("id", i)));
    gitlab.pages("/api/v4/projects/42/members", items);
    List<JsonNode> read = http.getAll("/projects/42/members", "members");
    assertThat(read)
        .extracting(n -> n.path("id").asInt())
        .containsExactlyElementsOf(IntStream.range(0, 250).boxed().toList());
    assertThat(gitlab.requestCount()).isEqualTo(3);
  }

  @Test
  void aPageShorterThanTheStatedTotalFailsClosed() {
    List<JsonNode> items = new ArrayList<>();
    IntStream.range(0, 150).forEach(i -> items.add(FakeGitLab.fixture("member.json").put("id", i)));
    gitlab.pages("/api/v4/projects/42/members", items);
    // Page 2 now answers with an empty list while still claiming 150 in total.
    gitlab
        .server()
        .stubFor(
            FakeGitLab.onPage(get(urlPathEqualTo("/api/v4/projects/42/members")), 2)
                .willReturn(
                    FakeGitLab.json(
                            new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode())
                        .withHeaders(
                            gitlab.pageHeaders("/api/v4/projects/42/members", 2, 2, 150))));
    GateException e =
        catchThrowableOfType(
            GateException.class,
            () -> http.getAll("/projects/42/members", "the project's members"));
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage())
        .isEqualTo(
            "GitLab said the project's members has 150 entries but merge-gate read 100; the list changed or was cut short, re-run the job");
  }

  @Test
  void aPageThatTimesOutIsRetriedThenFailsClosed() {
    http.close();
    http = client(Duration.ofMillis(200));
    List<JsonNode> items = new ArrayList<>();
    IntStream.range(0, 150).forEach(i -> items.add(FakeGitLab.fixture("member.json").put("id", i)));
    gitlab.pages("/api/v4/projects/42/members", items);
    gitlab
        .server()
        .stubFor(
            FakeGitLab.onPage(get(urlPathEqualTo("/api/v4/projects/42/members")), 2)
                .willReturn(
                    FakeGitLab.json(
                            new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode())
                        .withFixedDelay(1500)));
    GateException e =
        catchThrowableOfType(
            GateException.class,
            () -> http.getAll("/projects/42/members", "the project's members"));
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage())
        .startsWith(
            "GitLab did not answer within 200ms to GET /projects/42/members (the project's members) 5 times");
  }

  @Test
  void theWholeRunDeadlineBoundsRetries() {
    http.close();
    http =
        new GitLabHttp(
            gitlab.apiUrl(),
            TOKEN,
            GitLabHttp.Settings.defaults().withSleeper(d -> sleeps.add(d)),
            Deadline.in(Duration.ofSeconds(3)),
            null);
    gitlab
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v4/user"))
                .willReturn(FakeGitLab.error(429, "Retry later").withHeader("Retry-After", "60")));
    GateException e =
        catchThrowableOfType(GateException.class, () -> http.get("/user", "the token's own user"));
    assertThat(e.exitCode()).isEqualTo(ExitCode.EXTERNAL);
    assertThat(e.getMessage())
        .startsWith(
            "merge-gate ran out of its 3s time budget while waiting to retry the token's own user");
    assertThat(sleeps).isEmpty();
  }
}
