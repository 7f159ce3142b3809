package org.mergegate.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A GitLab REST API v4 for tests, on WireMock. Responses start from the JSON files under {@code
 * src/test/resources/gitlab/api} (shaped like GitLab's API documentation) and are adjusted per
 * scenario; list endpoints carry GitLab's pagination headers.
 */
public final class FakeGitLab implements AutoCloseable {
  public static final String PROJECT = "42";
  public static final long MR = 7;
  public static final String HEAD = "8888888888888888888888888888888888888888";
  public static final String TARGET_SHA = "d5a3ff139356ce33e37e73add446f16869741b50";
  public static final String MR_PATH = "/api/v4/projects/42/merge_requests/7";

  /** The token's own user unless a test says otherwise ({@code GET /user}). */
  public static final String GATE_USER = "project_42_bot_gate";

  public static final long GATE_USER_ID = 99;

  /** The merge commit of MR !7 on main (blunderbuss's fixtures name the same commit). */
  public static final String MERGE_SHA = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  public static final String REPO = "/api/v4/projects/42/repository";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final WireMockServer server;
  private long nextUserId = 100;

  public FakeGitLab() {
    this(0);
  }

  /** A fake whose every answer takes {@code latencyMillis} (for the benchmark). */
  public FakeGitLab(int latencyMillis) {
    this(options().dynamicPort().containerThreads(32), latencyMillis);
  }

  /**
   * A fake served over HTTPS only, with the key and certificate in {@code keystore} (PKCS12, one
   * password for store and key), so a client pays for TLS as it does with a real GitLab.
   */
  public static FakeGitLab https(int latencyMillis, java.nio.file.Path keystore, String password) {
    return new FakeGitLab(
        options()
            .httpDisabled(true)
            .dynamicHttpsPort()
            .keystorePath(keystore.toString())
            .keystoreType("PKCS12")
            .keystorePassword(password)
            .keyManagerPassword(password)
            .containerThreads(32),
        latencyMillis);
  }

  private FakeGitLab(
      com.github.tomakehurst.wiremock.core.WireMockConfiguration config, int latencyMillis) {
    server = new WireMockServer(config);
    server.start();
    if (latencyMillis > 0) {
      server.setGlobalFixedDelay(latencyMillis);
    }
    // Every read of an MR reads its notes (reviews, break-glass); by default there are none.
    // Scenarios that stub these themselves win (WireMock prefers the lower priority number).
    server.stubFor(
        get(urlPathEqualTo(MR_PATH + "/notes"))
            .atPriority(9)
            .willReturn(
                json(JSON.createArrayNode())
                    .withHeaders(pageHeaders(MR_PATH + "/notes", 1, 1, 0))));
    // Check and deploy look for the follow-up issue of a record they honour; none by default.
    server.stubFor(
        get(urlPathEqualTo("/api/v4/projects/42/issues"))
            .atPriority(9)
            .willReturn(
                json(JSON.createArrayNode())
                    .withHeaders(pageHeaders("/api/v4/projects/42/issues", 1, 1, 0))));
    // Nobody is a reviewer unless a scenario says so.
    server.stubFor(
        get(urlPathEqualTo(MR_PATH + "/reviewers"))
            .atPriority(9)
            .willReturn(
                json(JSON.createArrayNode())
                    .withHeaders(pageHeaders(MR_PATH + "/reviewers", 1, 1, 0))));
    ObjectNode gate = fixture("user.json");
    gate.put("id", GATE_USER_ID).put("username", GATE_USER).put("bot", true);
    server.stubFor(get(urlPathEqualTo("/api/v4/user")).atPriority(9).willReturn(json(gate)));
  }

  /** A client for this fake that never sleeps between retries, with a minute's deadline. */
  public GitLabHttp client() {
    return new GitLabHttp(
        apiUrl(),
        "token",
        GitLabHttp.Settings.defaults().withSleeper(d -> {}),
        Deadline.in(java.time.Duration.ofMinutes(1)),
        null);
  }

  public String apiUrl() {
    return server.baseUrl() + "/api/v4";
  }

  public WireMockServer server() {
    return server;
  }

  /** Requests GitLab received so far. */
  public int requestCount() {
    return server.getAllServeEvents().size();
  }

  public List<ServeEvent> requests() {
    return server.getAllServeEvents();
  }

  // --- fixtures ----------------------------------------------------------------------------

  public static ObjectNode fixture(String name) {
    try (InputStream in = FakeGitLab.class.getResourceAsStream("/gitlab/api/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ResponseDefinitionBuilder json(JsonNode body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body.toString());
  }

  /** GitLab's error answer: {@code {"message": "403 Forbidden"}} with that status. */
  public static ResponseDefinitionBuilder error(int status, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"" + message + "\"}");
  }

  // --- the merge request -------------------------------------------------------------------

  /** The MR by {@code author}, at {@link #HEAD}, into main, with {@code changesCount}. */
  public FakeGitLab mergeRequest(String author, String changesCount) {
    ObjectNode mr = fixture("merge_request.json");
    ((ObjectNode) mr.get("author")).put("username", author);
    mr.put("changes_count", changesCount);
    server.stubFor(get(urlPathEqualTo(MR_PATH)).willReturn(json(mr)));
    return this;
  }

  /** One approval record as GitLab lists it. */
  public record Approver(String username, String approvedAt, boolean bot, String state) {
    public static Approver human(String username, String approvedAt) {
      return new Approver(username, approvedAt, false, "active");
    }
  }

  /** The approvals endpoint plus each approver's {@code GET /users/:id} record. */
  public FakeGitLab approvals(Approver... approvers) {
    ObjectNode body = fixture("approvals.json");
    ArrayNode list = body.putArray("approved_by");
    for (Approver a : approvers) {
      long id = nextUserId++;
      ObjectNode entry = fixture("approved_by_entry.json");
      ObjectNode user = (ObjectNode) entry.get("user");
      user.put("id", id).put("username", a.username()).put("state", a.state());
      if (a.approvedAt() == null) {
        entry.remove("approved_at"); // older GitLab: no approval time at all
      } else {
        entry.put("approved_at", a.approvedAt());
      }
      list.add(entry);
      ObjectNode full = fixture("user.json");
      full.put("id", id).put("username", a.username()).put("state", a.state()).put("bot", a.bot());
      server.stubFor(get(urlPathEqualTo("/api/v4/users/" + id)).willReturn(json(full)));
    }
    body.put("approved", approvers.length > 0);
    server.stubFor(get(urlPathEqualTo(MR_PATH + "/approvals")).willReturn(json(body)));
    return this;
  }

  /** MR versions, newest first as GitLab lists them: each {@code {head, createdAt, patchId}}. */
  public FakeGitLab versions(String[]... versions) {
    List<JsonNode> items = new ArrayList<>();
    long id = 200 + versions.length;
    for (String[] v : versions) {
      ObjectNode node = fixture("version.json");
      node.put("id", id--).put("head_commit_sha", v[0]).put("created_at", v[1]);
      if (v[2] == null) {
        node.remove("patch_id_sha");
      } else {
        node.put("patch_id_sha", v[2]);
      }
      items.add(node);
    }
    return pages(MR_PATH + "/versions", items);
  }

  /** One version at {@link #HEAD}, pushed before any approval of the tests. */
  public FakeGitLab singleVersion() {
    return versions(new String[] {HEAD, "2024-05-03T10:00:00.000Z", "aaaa"});
  }

  /** The MR's diffs: one modified file per path. */
  public FakeGitLab diffs(List<String> paths) {
    List<JsonNode> items = new ArrayList<>(paths.size());
    for (String p : paths) {
      ObjectNode d = fixture("diff.json");
      d.put("old_path", p).put("new_path", p);
      items.add(d);
    }
    return pages(MR_PATH + "/diffs", items);
  }

  public FakeGitLab diffNodes(List<JsonNode> items) {
    return pages(MR_PATH + "/diffs", items);
  }

  /** Serves {@code items} 100 a page with GitLab's pagination headers. */
  public FakeGitLab pages(String path, List<JsonNode> items) {
    int perPage = GitLabHttp.PER_PAGE;
    int totalPages = Math.max(1, (items.size() + perPage - 1) / perPage);
    for (int page = 1; page <= totalPages; page++) {
      ArrayNode body = JSON.createArrayNode();
      items
          .subList((page - 1) * perPage, Math.min(items.size(), page * perPage))
          .forEach(body::add);
      server.stubFor(
          onPage(get(urlPathEqualTo(path)), page)
              .willReturn(
                  json(body).withHeaders(pageHeaders(path, page, totalPages, items.size()))));
    }
    return this;
  }

  public static MappingBuilder onPage(MappingBuilder b, int page) {
    return b.withQueryParam("page", equalTo(String.valueOf(page)));
  }

  public com.github.tomakehurst.wiremock.http.HttpHeaders pageHeaders(
      String path, int page, int totalPages, int total) {
    String url = server.baseUrl() + path + "?per_page=100";
    List<String> links = new ArrayList<>();
    if (page < totalPages) {
      links.add("<" + url + "&page=" + (page + 1) + ">; rel=\"next\"");
    }
    if (page > 1) {
      links.add("<" + url + "&page=" + (page - 1) + ">; rel=\"prev\"");
    }
    links.add("<" + url + "&page=1>; rel=\"first\"");
    links.add("<" + url + "&page=" + totalPages + ">; rel=\"last\"");
    return new com.github.tomakehurst.wiremock.http.HttpHeaders()
        .plus(
            new com.github.tomakehurst.wiremock.http.HttpHeader("Content-Type", "application/json"),
            new com.github.tomakehurst.wiremock.http.HttpHeader("x-page", String.valueOf(page)),
            new com.github.tomakehurst.wiremock.http.HttpHeader("x-per-page", "100"),
            new com.github.tomakehurst.wiremock.http.HttpHeader("x-total", String.valueOf(total)),
            new com.github.tomakehurst.wiremock.http.HttpHeader(
                "x-total-pages", String.valueOf(totalPages)),
            new com.github.tomakehurst.wiremock.http.HttpHeader(
                "x-next-page", page < totalPages ? String.valueOf(page + 1) : ""),
            new com.github.tomakehurst.wiremock.http.HttpHeader(
                "x-prev-page", page > 1 ? String.valueOf(page - 1) : ""),
            new com.github.tomakehurst.wiremock.http.HttpHeader("Link", String.join(", ", links)));
  }

  // --- the target branch -------------------------------------------------------------------

  /** A file on the target branch, served at the branch name and at {@link #TARGET_SHA}. */
  public FakeGitLab targetFile(String path, String text) {
    ObjectNode file = fixture("file.json");
    file.put("file_path", path)
        .put("file_name", path.substring(path.lastIndexOf('/') + 1))
        .put("size", text.getBytes(StandardCharsets.UTF_8).length)
        .put("content", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)))
        .put("commit_id", TARGET_SHA);
    String url = "/api/v4/projects/42/repository/files/" + GitLabHttp.segment(path);
    server.stubFor(
        get(urlPathEqualTo(url)).withQueryParam("ref", equalTo("main")).willReturn(json(file)));
    server.stubFor(
        get(urlPathEqualTo(url)).withQueryParam("ref", equalTo(TARGET_SHA)).willReturn(json(file)));
    return this;
  }

  /** The target branch itself (read when it has no policy file). */
  public FakeGitLab targetBranch() {
    server.stubFor(
        get(urlPathEqualTo("/api/v4/projects/42/repository/branches/main"))
            .willReturn(json(fixture("branch.json"))));
    return this;
  }

  /** A plain MR: author alice, one version, the given changed files, no policy or CODEOWNERS. */
  public FakeGitLab basicMergeRequest(List<String> paths) {
    mergeRequest("alice", String.valueOf(paths.size()));
    singleVersion();
    diffs(paths);
    targetBranch();
    return this;
  }

  // --- people ------------------------------------------------------------------------------

  /** {@code GET /users?username=NAME} finds one user in {@code state}. */
  public FakeGitLab user(String username, String state) {
    ObjectNode u = fixture("user_basic.json");
    u.put("id", nextUserId++).put("username", username).put("state", state);
    return pages("/api/v4/users", List.of(u), Map.of("username", username));
  }

  /** The direct members of a group: {@code username → access level}. */
  public FakeGitLab groupMembers(String fullPath, Map<String, Integer> members) {
    return pages(
        "/api/v4/groups/" + GitLabHttp.segment(fullPath) + "/members", memberNodes(members));
  }

  public FakeGitLab projectMembers(Map<String, Integer> members) {
    return pages("/api/v4/projects/42/members", memberNodes(members));
  }

  private List<JsonNode> memberNodes(Map<String, Integer> members) {
    List<JsonNode> out = new ArrayList<>();
    members.forEach(
        (name, level) -> {
          ObjectNode m = fixture("member.json");
          m.put("id", nextUserId++).put("username", name).put("access_level", level);
          if (name.startsWith("blocked")) {
            m.put("state", "blocked");
          }
          out.add(m);
        });
    return out;
  }

  private FakeGitLab pages(String path, List<JsonNode> items, Map<String, String> query) {
    ArrayNode body = JSON.createArrayNode();
    items.forEach(body::add);
    MappingBuilder b = get(urlPathEqualTo(path));
    for (Map.Entry<String, String> q : query.entrySet()) {
      b = b.withQueryParam(q.getKey(), equalTo(q.getValue()));
    }
    server.stubFor(b.willReturn(json(body).withHeaders(pageHeaders(path, 1, 1, items.size()))));
    return this;
  }

  // --- writes ------------------------------------------------------------------------------

  /** The token's own user ({@code GET /user}). */
  /** The token a test's CI job holds as {@code CI_JOB_TOKEN}. */
  public static final String JOB_TOKEN = "job-token-of-42001";

  /** {@code GET /job} with {@code JOB-TOKEN}: the running job, started by {@code username}. */
  public FakeGitLab currentJob(String username) {
    return currentJob(username, 42, HEAD, "refs/merge-requests/7/head");
  }

  /**
   * {@code GET /job}: the running job of project {@code projectId}, for {@code sha} on {@code ref}.
   */
  public FakeGitLab currentJob(String username, long projectId, String sha, String ref) {
    ObjectNode job = fixture("current_job.json");
    ((ObjectNode) job.get("user")).put("username", username);
    ((ObjectNode) job.get("commit")).put("id", sha).put("short_id", sha.substring(0, 8));
    ((ObjectNode) job.get("pipeline")).put("project_id", projectId).put("sha", sha).put("ref", ref);
    job.put("ref", ref);
    server.stubFor(
        get(urlPathEqualTo("/api/v4/job"))
            .withHeader("JOB-TOKEN", equalTo(JOB_TOKEN))
            .willReturn(json(job)));
    return this;
  }

  public FakeGitLab tokenUser(long id, String username) {
    ObjectNode u = fixture("user.json");
    u.put("id", id).put("username", username).put("bot", true);
    server.stubFor(get(urlPathEqualTo("/api/v4/user")).willReturn(json(u)));
    return this;
  }

  /** Existing MR notes: {@code {authorId, body}} pairs. */
  public FakeGitLab notes(Object[]... notes) {
    List<JsonNode> items = new ArrayList<>();
    long id = 300;
    for (Object[] n : notes) {
      ObjectNode note = fixture("note.json");
      note.put("id", id++).put("body", (String) n[1]).put("system", false);
      ((ObjectNode) note.get("author")).put("id", (Long) n[0]);
      items.add(note);
    }
    return pages(MR_PATH + "/notes", items);
  }

  /**
   * {@code GET .../discussions}, first page without a page parameter as python-gitlab asks for it:
   * one discussion per username, each holding that user's "approved this merge request" system note
   * (what the seed's proof-of-concept script counts).
   */
  public FakeGitLab approvalDiscussions(String... usernames) {
    ArrayNode body = JSON.createArrayNode();
    long id = 500;
    for (String username : usernames) {
      ObjectNode discussion = fixture("discussion.json");
      discussion.put("id", String.format("%040x", id));
      ObjectNode note = (ObjectNode) discussion.get("notes").get(0);
      note.put("id", id++);
      ((ObjectNode) note.get("author")).put("username", username);
      body.add(discussion);
    }
    String path = MR_PATH + "/discussions";
    server.stubFor(
        get(urlPathEqualTo(path))
            .willReturn(json(body).withHeaders(pageHeaders(path, 1, 1, usernames.length))));
    return this;
  }

  public FakeGitLab acceptWrites() {
    ObjectNode note = fixture("note.json");
    note.put("system", false);
    server.stubFor(post(urlPathEqualTo(MR_PATH + "/notes")).willReturn(json(note).withStatus(201)));
    server.stubFor(put(urlPathEqualTo(MR_PATH + "/notes/" + "300")).willReturn(json(note)));
    server.stubFor(
        post(urlPathEqualTo("/api/v4/projects/42/statuses/" + HEAD))
            .willReturn(json(fixture("commit_status.json")).withStatus(201)));
    return this;
  }

  // --- deploy and break-glass ------------------------------------------------------------

  /** {@code GET /projects/42}: acme/payments, default branch main. */
  public FakeGitLab project() {
    server.stubFor(
        get(urlPathEqualTo("/api/v4/projects/42")).willReturn(json(fixture("project.json"))));
    return this;
  }

  /** The branch points at {@code sha}. */
  public FakeGitLab branchAt(String branch, String sha) {
    ObjectNode b = fixture("branch.json");
    ((ObjectNode) b.get("commit")).put("id", sha);
    server.stubFor(
        get(urlPathEqualTo(REPO + "/branches/" + GitLabHttp.segment(branch))).willReturn(json(b)));
    return this;
  }

  /** {@code GET /repository/commits/:sha} with these parents. */
  public FakeGitLab commit(String sha, String... parents) {
    ObjectNode c = fixture("commit.json");
    c.put("id", sha).put("short_id", sha.substring(0, 8));
    ArrayNode ids = c.putArray("parent_ids");
    for (String p : parents) {
      ids.add(p);
    }
    server.stubFor(get(urlPathEqualTo(REPO + "/commits/" + sha)).willReturn(json(c)));
    return this;
  }

  /** {@code GET /repository/merge_base} answers {@code base}. */
  public FakeGitLab mergeBase(String base) {
    ObjectNode c = fixture("commit.json");
    c.put("id", base);
    server.stubFor(get(urlPathEqualTo(REPO + "/merge_base")).willReturn(json(c)));
    return this;
  }

  /** {@code GET /repository/commits/:sha/merge_requests}. */
  public FakeGitLab commitMergeRequests(String sha, JsonNode... mrs) {
    return pages(REPO + "/commits/" + sha + "/merge_requests", List.of(mrs));
  }

  /** MR !7 by {@code author}, merged at {@code mergedAt} into main; returns it for listings. */
  public ObjectNode mergedRequest(
      String author, String mergeCommit, String squashCommit, String mergedAt, int changes) {
    ObjectNode mr = fixture("merge_request.json");
    mr.put("changes_count", String.valueOf(changes));
    ((ObjectNode) mr.get("author")).put("username", author);
    mr.put("state", "merged").put("merged_at", mergedAt);
    mr.put("merge_commit_sha", mergeCommit).put("squash_commit_sha", squashCommit);
    server.stubFor(get(urlPathEqualTo(MR_PATH)).willReturn(json(mr)));
    return mr;
  }

  /** A file at one exact ref only. */
  public FakeGitLab fileAt(String ref, String path, String text) {
    ObjectNode file = fixture("file.json");
    file.put("file_path", path)
        .put("ref", ref)
        .put("content", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    server.stubFor(
        get(urlPathEqualTo(REPO + "/files/" + GitLabHttp.segment(path)))
            .withQueryParam("ref", equalTo(ref))
            .willReturn(json(file)));
    return this;
  }

  // --- reviewers and review notes ------------------------------------------------------------

  private final Map<String, Long> people = new java.util.HashMap<>();

  /**
   * The user's id, stubbing {@code GET /users/:id} the first time: a human in {@code state}, or a
   * bot when the name ends in "-bot".
   */
  public long person(String username, String state) {
    return people.computeIfAbsent(
        username,
        u -> {
          long id = nextUserId++;
          ObjectNode full = fixture("user.json");
          full.put("id", id).put("username", u).put("state", state).put("bot", u.endsWith("-bot"));
          server.stubFor(get(urlPathEqualTo("/api/v4/users/" + id)).willReturn(json(full)));
          return id;
        });
  }

  /** {@code GET .../reviewers}: {@code {username, review state}} pairs, all users active. */
  public FakeGitLab reviewers(String[]... reviewers) {
    List<JsonNode> items = new ArrayList<>();
    for (String[] r : reviewers) {
      ObjectNode entry = fixture("reviewer.json");
      ((ObjectNode) entry.get("user"))
          .put("id", person(r[0], "active"))
          .put("username", r[0])
          .put("web_url", "https://gitlab.example.com/" + r[0]);
      entry.put("state", r[1]);
      items.add(entry);
    }
    return pages(MR_PATH + "/reviewers", items);
  }

  /**
   * The MR's notes, as GitLab lists them oldest first: system notes {@code {author, body,
   * created_at}} such as {@code {"carol", "requested changes", "2024-05-03T10:40:00.000Z"}}.
   */
  public FakeGitLab systemNotes(String[]... notes) {
    List<JsonNode> items = new ArrayList<>();
    long id = 600;
    for (String[] n : notes) {
      ObjectNode note = fixture("note.json");
      note.put("id", id++).put("body", n[1]).put("created_at", n[2]).put("updated_at", n[2]);
      ((ObjectNode) note.get("author"))
          .put("id", person(n[0], "active"))
          .put("username", n[0])
          .put("web_url", "https://gitlab.example.com/" + n[0]);
      items.add(note);
    }
    return pages(MR_PATH + "/notes", items);
  }

  /** MR notes written by the named users: {@code {username, body}} pairs. */
  public FakeGitLab notesBy(String[]... notes) {
    List<JsonNode> items = new ArrayList<>();
    long id = 400;
    for (String[] n : notes) {
      ObjectNode note = fixture("note.json");
      note.put("id", id++).put("body", n[1]).put("system", false);
      ((ObjectNode) note.get("author")).put("username", n[0]).put("id", id + 1000);
      items.add(note);
    }
    return pages(MR_PATH + "/notes", items);
  }

  /** Comments on a commit written by the named users: {@code {username, body}} pairs. */
  public FakeGitLab commitComments(String sha, String[]... comments) {
    List<JsonNode> items = new ArrayList<>();
    for (String[] c : comments) {
      ObjectNode comment = fixture("commit_comment.json");
      comment.put("note", c[1]);
      ((ObjectNode) comment.get("author")).put("username", c[0]);
      items.add(comment);
    }
    return pages(REPO + "/commits/" + sha + "/comments", items);
  }

  /** Accepts new MR notes, commit comments and issues. */
  public FakeGitLab acceptRecords() {
    ObjectNode note = fixture("note.json");
    note.put("system", false).put("id", 501);
    server.stubFor(post(urlPathEqualTo(MR_PATH + "/notes")).willReturn(json(note).withStatus(201)));
    server.stubFor(
        post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                REPO + "/commits/[0-9a-f]{40}/comments"))
            .willReturn(json(fixture("commit_comment.json")).withStatus(201)));
    server.stubFor(
        post(urlPathEqualTo("/api/v4/projects/42/issues"))
            .willReturn(json(fixture("issue.json")).withStatus(201)));
    return this;
  }

  /**
   * {@code GET /repository/commits?ref_name=SHA&first_parent=true} for the first commit, as GitLab
   * serves the commits API: 100 a page, {@code x-next-page} but no {@code x-total}. Each commit's
   * first parent is the next one; the last is a root commit unless {@code parentOfLast} is given.
   */
  public FakeGitLab firstParentHistory(List<String> newestFirst, String parentOfLast) {
    return firstParentHistory(newestFirst, parentOfLast, Map.of());
  }

  /**
   * The same history, with the committer dates of some commits set as their committer chose them (a
   * developer sets {@code GIT_COMMITTER_DATE} freely).
   */
  public FakeGitLab firstParentHistory(
      List<String> newestFirst, String parentOfLast, Map<String, String> committedDates) {
    String ref = newestFirst.get(0);
    List<JsonNode> items = new ArrayList<>();
    java.time.Instant at = java.time.Instant.parse("2024-05-03T12:00:00Z");
    for (int i = 0; i < newestFirst.size(); i++) {
      ObjectNode c = fixture("commit.json");
      String sha = newestFirst.get(i);
      String parent = i + 1 < newestFirst.size() ? newestFirst.get(i + 1) : parentOfLast;
      c.put("id", sha).put("short_id", sha.substring(0, 8)).put("title", "commit " + i);
      c.put(
          "committed_date", committedDates.getOrDefault(sha, at.minusSeconds(60L * i).toString()));
      c.put("web_url", "https://gitlab.example.com/acme/payments/-/commit/" + sha);
      ArrayNode ids = c.putArray("parent_ids");
      if (parent != null) {
        ids.add(parent);
      }
      items.add(c);
    }
    String path = REPO + "/commits";
    int perPage = GitLabHttp.PER_PAGE;
    int totalPages = Math.max(1, (items.size() + perPage - 1) / perPage);
    for (int page = 1; page <= totalPages; page++) {
      ArrayNode body = JSON.createArrayNode();
      items
          .subList((page - 1) * perPage, Math.min(items.size(), page * perPage))
          .forEach(body::add);
      com.github.tomakehurst.wiremock.http.HttpHeaders headers =
          new com.github.tomakehurst.wiremock.http.HttpHeaders()
              .plus(
                  new com.github.tomakehurst.wiremock.http.HttpHeader(
                      "Content-Type", "application/json"),
                  new com.github.tomakehurst.wiremock.http.HttpHeader(
                      "x-page", String.valueOf(page)),
                  new com.github.tomakehurst.wiremock.http.HttpHeader("x-per-page", "100"),
                  new com.github.tomakehurst.wiremock.http.HttpHeader(
                      "x-next-page", page < totalPages ? String.valueOf(page + 1) : ""),
                  new com.github.tomakehurst.wiremock.http.HttpHeader(
                      "x-prev-page", page > 1 ? String.valueOf(page - 1) : ""));
      server.stubFor(
          onPage(get(urlPathEqualTo(path)), page)
              .withQueryParam("ref_name", equalTo(ref))
              .withQueryParam("first_parent", equalTo("true"))
              .willReturn(json(body).withHeaders(headers)));
    }
    return this;
  }

  /**
   * {@code GET /projects/42/events}: GitLab's push events to {@code branch}, newest first as GitLab
   * lists them, one for each pair of {@code createdAt, commitTo}, given newest first.
   */
  public FakeGitLab pushEvents(String branch, String... createdAtThenCommitTo) {
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < createdAtThenCommitTo.length; i += 2) {
      ObjectNode e = fixture("push_event.json");
      e.put("id", 9000 - i).put("created_at", createdAtThenCommitTo[i]);
      ((ObjectNode) e.get("push_data"))
          .put("ref", branch)
          .put("commit_to", createdAtThenCommitTo[i + 1]);
      events.add(e);
    }
    return pages("/api/v4/projects/42/events", events);
  }

  /** The gate's own deploy mark on {@code sha}, as a successful deploy leaves it. */
  public FakeGitLab deployedMark(String sha) {
    return commitComments(
        sha,
        new String[] {
          GATE_USER,
          org.mergegate.deploy.DeployMark.render(
              new org.mergegate.deploy.DeployMark.Mark(
                  sha, java.time.Instant.parse("2024-05-02T09:00:00Z"), List.of("ceph", "hdfs")))
        });
  }

  /**
   * MR {@code !iid} by {@code author}, with one version at {@code head} and one changed file,
   * merged into main at {@code mergedAt} by {@code mergeCommit} (first parent {@code before},
   * second {@code head}; {@code mergeCommit == head} for a fast-forward merge), approved by {@code
   * approvers}. Stubs what {@code deploy} and {@code audit} read for it; returns it for listings.
   */
  public ObjectNode mergedRequest(
      long iid,
      String author,
      String mergeCommit,
      String before,
      String head,
      String mergedAt,
      Approver... approvers) {
    String path = "/api/v4/projects/42/merge_requests/" + iid;
    boolean fastForward = mergeCommit.equals(head);
    ObjectNode mr = fixture("merge_request.json");
    mr.put("iid", iid).put("id", 155000000L + iid).put("title", "Change " + iid);
    ((ObjectNode) mr.get("author")).put("username", author);
    mr.put("state", "merged").put("merged_at", mergedAt).put("sha", head);
    mr.put("web_url", "https://gitlab.example.com/acme/payments/-/merge_requests/" + iid);
    ObjectNode merger = fixture("user_basic.json").put("username", "carol");
    mr.set("merge_user", merger);
    mr.set("merged_by", merger);
    if (fastForward) {
      mr.putNull("merge_commit_sha");
    } else {
      mr.put("merge_commit_sha", mergeCommit);
    }
    ((ObjectNode) mr.get("diff_refs")).put("base_sha", before).put("head_sha", head);
    server.stubFor(get(urlPathEqualTo(path)).willReturn(json(mr)));
    ObjectNode body = fixture("approvals.json");
    body.put("iid", iid);
    ArrayNode list = body.putArray("approved_by");
    for (Approver a : approvers) {
      long id = nextUserId++;
      ObjectNode entry = fixture("approved_by_entry.json");
      ((ObjectNode) entry.get("user")).put("id", id).put("username", a.username());
      entry.put("approved_at", a.approvedAt());
      list.add(entry);
      ObjectNode full = fixture("user.json");
      full.put("id", id).put("username", a.username()).put("bot", a.bot());
      server.stubFor(get(urlPathEqualTo("/api/v4/users/" + id)).willReturn(json(full)));
    }
    server.stubFor(get(urlPathEqualTo(path + "/approvals")).willReturn(json(body)));
    ObjectNode version = fixture("version.json");
    version.put("head_commit_sha", head).put("created_at", "2024-05-01T08:00:00.000Z");
    pages(path + "/versions", List.of(version));
    ObjectNode diff = fixture("diff.json");
    diff.put("old_path", "dags/job_" + iid + ".py").put("new_path", "dags/job_" + iid + ".py");
    pages(path + "/diffs", List.of(diff));
    pages(path + "/notes", List.of());
    pages(path + "/reviewers", List.of());
    if (!fastForward) {
      commit(mergeCommit, before, head);
    }
    commitMergeRequests(mergeCommit, mr);
    return mr;
  }

  /** Requests with this method whose path is {@code path} (the API prefix included). */
  public List<ServeEvent> requests(String method, String path) {
    return server.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getMethod().getName().equals(method))
        .filter(e -> e.getRequest().getUrl().split("\\?")[0].equals(path))
        .toList();
  }

  @Override
  public void close() {
    server.stop();
  }
}
