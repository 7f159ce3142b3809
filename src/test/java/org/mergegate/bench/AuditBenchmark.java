package org.mergegate.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mergegate.cli.Main;
import org.mergegate.gitlab.FakeGitLab;

/**
 * How long {@code merge-gate audit} takes over 1,000 merged merge requests against a GitLab that
 * answers every request after 50 ms (issue 11: under a minute). The fake GitLab is WireMock with
 * one transformer computing each answer from a synthetic history (GitLab's shapes, from the same
 * fixtures as the tests), since 10,000 individual stubs would make WireMock itself the bottleneck.
 * Main is run in-process (CLI, judging, JSON rendering); prints wall time and request count.
 *
 * <p>{@code java -cp $CP org.mergegate.bench.AuditBenchmark [MRS]}, with {@code CP} as in the
 * README's Performance section.
 */
public final class AuditBenchmark {
  private static final int LATENCY_MS = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditBenchmark() {}

  public static void main(String[] args) throws Exception {
    int mrs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    SyntheticGitLab history = new SyntheticGitLab(mrs);
    WireMockServer server =
        new WireMockServer(options().dynamicPort().containerThreads(80).extensions(history));
    server.start();
    try {
      server.setGlobalFixedDelay(LATENCY_MS);
      server.stubFor(
          any(urlPathMatching("/api/v4/.*"))
              .willReturn(
                  com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)));
      Path dir = Files.createTempDirectory("merge-gate-audit-bench");
      Path token = Files.writeString(dir.resolve("token"), "bench-token\n");
      Path out = dir.resolve("audit.json");
      StringWriter err = new StringWriter();
      long start = System.nanoTime();
      int exit =
          Main.run(
              new String[] {
                "audit",
                "--gitlab-url",
                server.baseUrl() + "/api/v4",
                "--project",
                "42",
                "--token-file",
                token.toString(),
                "--since",
                "2024-01-01",
                "--until",
                "2025-01-01",
                "--format",
                "json",
                "--output",
                out.toString()
              },
              new PrintWriter(new StringWriter()),
              new PrintWriter(err),
              Map.of());
      long wallMs = (System.nanoTime() - start) / 1_000_000;
      JsonNode report = JSON.readTree(Files.readString(out));
      System.out.printf(
          "audit of %d merged MRs, GitLab latency %d ms/request: wall %d ms, %d requests,"
              + " exit %d, %d commits and %d violations reported%n",
          mrs,
          LATENCY_MS,
          wallMs,
          history.requests.get(),
          exit,
          report.at("/summary/commits").asInt(),
          report.at("/summary/violations").asInt());
      String progress = err.toString().strip();
      System.out.println(
          "last progress line: "
              + (progress.isEmpty()
                  ? "(none)"
                  : progress.substring(progress.lastIndexOf('\n') + 1)));
    } finally {
      server.stop();
    }
  }

  /**
   * main: merge commit m(i) of MR !i, i = 1..N, each approved by bob before it was merged, its
   * first parent m(i-1) and second the MR's head h(i); nothing else on the branch.
   */
  static final class SyntheticGitLab implements ResponseDefinitionTransformerV2 {
    private static final String P = "/api/v4/projects/42";
    private static final Pattern COMMIT_MRS =
        Pattern.compile(P + "/repository/commits/(\\w{40})/merge_requests");
    private static final Pattern COMMIT = Pattern.compile(P + "/repository/commits/(\\w{40})");
    private static final Pattern MR = Pattern.compile(P + "/merge_requests/(\\d+)(/\\w+)?");
    private static final Pattern USER = Pattern.compile("/api/v4/users/(\\d+)");
    private final int n;
    final AtomicInteger requests = new AtomicInteger();

    SyntheticGitLab(int n) {
      this.n = n;
    }

    @Override
    public String getName() {
      return "synthetic-gitlab";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      requests.incrementAndGet();
      String path = event.getRequest().getUrl().split("\\?")[0];
      Matcher m;
      if (path.equals(P)) {
        return ok(fixture("project.json"));
      }
      if (path.equals("/api/v4/user")) {
        return ok(fixture("user.json").put("username", FakeGitLab.GATE_USER));
      }
      if (path.equals(P + "/repository/branches/main")) {
        ObjectNode branch = fixture("branch.json");
        ((ObjectNode) branch.get("commit")).put("id", merge(n));
        return ok(branch);
      }
      if (path.equals(P + "/events")) {
        // Newest first: the push of the newest merge, and main at its root before --since.
        ObjectNode last =
            fixture("push_event.json").put("created_at", at(n).plusSeconds(5).toString());
        ((ObjectNode) last.get("push_data")).put("commit_to", merge(n));
        ObjectNode before = fixture("push_event.json").put("created_at", "2023-12-01T00:00:00Z");
        ((ObjectNode) before.get("push_data")).put("commit_to", head(1));
        return list(List.of(last, before));
      }
      if (path.equals(P + "/repository/commits")) {
        return history(Integer.parseInt(event.getRequest().queryParameter("page").firstValue()));
      }
      if ((m = COMMIT_MRS.matcher(path)).matches()) {
        int i = index(m.group(1));
        return list(i < 1 ? List.of() : List.of(mergeRequest(i)));
      }
      if ((m = COMMIT.matcher(path)).matches()) {
        return ok(commit(index(m.group(1))));
      }
      if ((m = MR.matcher(path)).matches()) {
        int i = Integer.parseInt(m.group(1));
        String rest = m.group(2) == null ? "" : m.group(2);
        return switch (rest) {
          case "" -> ok(mergeRequest(i));
          case "/approvals" -> ok(approvals(i));
          case "/versions" ->
              list(
                  List.of(
                      fixture("version.json")
                          .put("head_commit_sha", head(i))
                          .put("created_at", at(i).minusSeconds(7200).toString())));
          case "/diffs" ->
              list(
                  List.of(
                      fixture("diff.json")
                          .put("old_path", "dags/job_" + i + ".py")
                          .put("new_path", "dags/job_" + i + ".py")));
          case "/notes", "/reviewers" -> list(List.of());
          default -> notFound();
        };
      }
      if ((m = USER.matcher(path)).matches()) {
        return ok(
            fixture("user.json")
                .put("id", Long.parseLong(m.group(1)))
                .put("username", "bob")
                .put("bot", false));
      }
      return notFound();
    }

    private static final Map<String, ObjectNode> FIXTURES =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** The tests' fixtures, parsed once: the fake must not be what the benchmark measures. */
    private static ObjectNode fixture(String name) {
      return FIXTURES.computeIfAbsent(name, FakeGitLab::fixture).deepCopy();
    }

    private static String merge(int i) {
      return String.format("%040x", 0x100000L + i);
    }

    private static String head(int i) {
      return String.format("%040x", 0x200000L + i);
    }

    /** The MR number of a merge commit, or 0 for anything else. */
    private int index(String sha) {
      long v = Long.parseLong(sha.substring(24), 16);
      return v > 0x100000L && v <= 0x100000L + n ? (int) (v - 0x100000L) : 0;
    }

    private static Instant at(int i) {
      return Instant.parse("2024-02-01T00:00:00Z").plusSeconds(600L * i);
    }

    private ObjectNode commit(int i) {
      ObjectNode c = fixture("commit.json");
      c.put("id", merge(i)).put("short_id", merge(i).substring(0, 8));
      c.put("title", "Merge branch 'job-" + i + "' into 'main'");
      c.put("committed_date", at(i).toString());
      ArrayNode parents = c.putArray("parent_ids");
      if (i > 1) {
        parents.add(merge(i - 1));
      }
      parents.add(head(i));
      return c;
    }

    private ObjectNode root() {
      ObjectNode c = fixture("commit.json");
      c.put("id", head(1)).put("short_id", head(1).substring(0, 8));
      c.put("committed_date", at(0).toString());
      c.putArray("parent_ids");
      return c;
    }

    private ObjectNode mergeRequest(int i) {
      ObjectNode mr = fixture("merge_request.json");
      mr.put("iid", i).put("state", "merged").put("sha", head(i)).put("merge_commit_sha", merge(i));
      mr.put("merged_at", at(i).toString());
      ((ObjectNode) mr.get("diff_refs"))
          .put("base_sha", merge(Math.max(1, i - 1)))
          .put("head_sha", head(i));
      return mr;
    }

    private ObjectNode approvals(int i) {
      ObjectNode body = fixture("approvals.json");
      ArrayNode list = body.putArray("approved_by");
      ObjectNode entry = fixture("approved_by_entry.json");
      ((ObjectNode) entry.get("user")).put("id", 20).put("username", "bob");
      entry.put("approved_at", at(i).minusSeconds(60).toString());
      list.add(entry);
      return body;
    }

    /** Newest first, 100 a page, x-next-page and no x-total, as GitLab's commits API. */
    private ResponseDefinition history(int page) {
      ArrayNode body = JSON.createArrayNode();
      // The n merges, then the root they all grew from: head(1), where main was before --since.
      for (int k = (page - 1) * 100; k < Math.min(n + 1, page * 100); k++) {
        body.add(k < n ? commit(n - k) : root());
      }
      boolean more = page * 100 < n + 1;
      return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
          .withStatus(200)
          .withBody(body.toString())
          .withHeaders(
              new HttpHeaders(
                  new HttpHeader("Content-Type", "application/json"),
                  new HttpHeader("x-page", String.valueOf(page)),
                  new HttpHeader("x-per-page", "100"),
                  new HttpHeader("x-next-page", more ? String.valueOf(page + 1) : "")))
          .build();
    }

    private static ResponseDefinition ok(JsonNode body) {
      return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
          .withStatus(200)
          .withBody(body.toString())
          .withHeaders(new HttpHeaders(new HttpHeader("Content-Type", "application/json")))
          .build();
    }

    private static ResponseDefinition list(List<? extends JsonNode> items) {
      ArrayNode body = JSON.createArrayNode();
      items.forEach(body::add);
      return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
          .withStatus(200)
          .withBody(body.toString())
          .withHeaders(
              new HttpHeaders(
                  new HttpHeader("Content-Type", "application/json"),
                  new HttpHeader("x-page", "1"),
                  new HttpHeader("x-per-page", "100"),
                  new HttpHeader("x-total", String.valueOf(items.size())),
                  new HttpHeader("x-total-pages", "1"),
                  new HttpHeader("x-next-page", "")))
          .build();
    }

    private static ResponseDefinition notFound() {
      return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
          .withStatus(404)
          .withBody("{\"message\":\"404 Not found\"}")
          .withHeaders(new HttpHeaders(new HttpHeader("Content-Type", "application/json")))
          .build();
    }
  }
}
