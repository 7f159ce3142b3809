package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.mergegate.breakglass.BreakGlassVerifier;
import org.mergegate.codeowners.CodeOwners;
import org.mergegate.exit.GateException;
import org.mergegate.policy.Policy;
import org.mergegate.review.Approval;
import org.mergegate.review.ChangedPath;
import org.mergegate.review.ReviewEvent;
import org.mergegate.review.ReviewFacts;
import org.mergegate.review.Reviewer;
import org.mergegate.review.Reviews;
import org.mergegate.review.Sha;
import org.mergegate.review.Version;

/**
 * Reads one merge request from GitLab into {@link MergeRequestSnapshot}: independent reads run
 * concurrently, and anything incomplete or inconsistent fails the run (exit 3) rather than yield
 * partial facts.
 *
 * <p>Requests for a typical MR (one page of diffs and of notes, policy and CODEOWNERS at the root,
 * one approver, nobody requesting changes): the MR, approvals, versions, diffs, notes, reviewers,
 * policy, CODEOWNERS, the approver's user record: 9.
 */
public final class MergeRequestReader {
  /** The system note GitLab writes when someone approves; the fallback for approval times. */
  static final String APPROVED_NOTE = "approved this merge request";

  private final GitLabHttp http;
  private final String project;
  private final String mr;

  /**
   * @param project the project's numeric id or full path
   * @param mrIid the MR's project-scoped number
   */
  public MergeRequestReader(GitLabHttp http, String project, long mrIid) {
    this.http = http;
    this.project = "/projects/" + GitLabHttp.segment(project);
    this.mr = this.project + "/merge_requests/" + mrIid;
  }

  /**
   * Reads the MR.
   *
   * @param codeownersPath given the policy text on the target branch, the CODEOWNERS path it names,
   *     or {@code null} for GitLab's lookup order (also when the policy is unreadable: the caller
   *     reports that)
   */
  public MergeRequestSnapshot read(Function<String, String> codeownersPath) {
    return read(codeownersPath, null);
  }

  /**
   * Reads the MR, starting on the target branch's files at once when the caller can name the branch
   * ({@code CI_MERGE_REQUEST_TARGET_BRANCH_NAME}): one round trip less. The name is only a guess;
   * the MR's own {@code target_branch} decides, and a wrong guess is read again.
   *
   * @param expectedTargetBranch the branch the MR probably targets, or {@code null}
   */
  public MergeRequestSnapshot read(
      Function<String, String> codeownersPath, String expectedTargetBranch) {
    CompletableFuture<JsonNode> mrFuture =
        http.async(() -> http.get(mr, "the merge request").body());
    CompletableFuture<TargetFiles> guessed =
        expectedTargetBranch == null || expectedTargetBranch.isBlank()
            ? null
            : http.async(() -> targetFiles(expectedTargetBranch, codeownersPath));
    CompletableFuture<TargetFiles> target =
        mrFuture.thenComposeAsync(
            m -> {
              String branch = text(m, "target_branch", "the merge request");
              return guessed != null && branch.equals(expectedTargetBranch)
                  ? guessed
                  : http.async(() -> targetFiles(branch, codeownersPath));
            },
            http.executor());
    // facts() starts the approvals, notes, reviewers, versions and diffs before it waits for the
    // MR.
    Read read = facts(mrFuture);
    JsonNode m = http.await(mrFuture, "reading the merge request");
    TargetFiles files = http.await(target, "reading the policy and CODEOWNERS");
    return new MergeRequestSnapshot(
        read.facts(),
        m.path("state").asText(""),
        m.path("web_url").asText(""),
        files.branch(),
        files.sha(),
        files.policy(),
        files.codeowners(),
        read.notes(),
        read.noteNodes());
  }

  /**
   * Reads a merged MR's facts and how it was merged, without its target branch's files: {@code
   * deploy} reads those at the commit before the merge instead.
   */
  public MergedRequest readMerged() {
    CompletableFuture<JsonNode> mrFuture =
        http.async(() -> http.get(mr, "the merge request").body());
    Read read = facts(mrFuture);
    JsonNode m = http.await(mrFuture, "reading the merge request");
    return new MergedRequest(
        read.facts(),
        m.path("iid").asLong(),
        m.path("state").asText(""),
        text(m, "target_branch", "the merge request"),
        m.path("web_url").asText(""),
        time(m.get("merged_at")),
        m.path("merge_commit_sha").asText(null),
        m.path("squash_commit_sha").asText(null),
        m.path("diff_refs").path("base_sha").asText(null),
        read.notes());
  }

  /** The review facts and every note, as read together (and as GitLab listed them). */
  private record Read(
      ReviewFacts facts, List<BreakGlassVerifier.Note> notes, List<JsonNode> noteNodes) {}

  /**
   * Author, head, changes, approvals, pushes, reviewers and notes, read concurrently with the MR
   * itself. The notes are read once, for the reviews, for approval times older GitLab does not
   * give, and for the break-glass lookup of a failing check.
   */
  private Read facts(CompletableFuture<JsonNode> mrFuture) {
    CompletableFuture<List<JsonNode>> notes = http.async(this::notes);
    CompletableFuture<List<JsonNode>> reviewers =
        http.async(() -> http.getAll(mr + "/reviewers", "the merge request's reviewers"));
    CompletableFuture<List<Approval>> approvals = http.async(() -> approvals(notes));
    CompletableFuture<List<JsonNode>> versions =
        http.async(() -> http.getAll(mr + "/versions", "the merge request's versions"));
    CompletableFuture<List<JsonNode>> diffs =
        http.async(() -> http.getAll(mr + "/diffs", "the merge request's changed files"));

    JsonNode m = http.await(mrFuture, "reading the merge request");
    String author = text(m.path("author"), "username", "the merge request's author");
    String headSha = text(m, "sha", "the merge request");
    List<Version> pushes = versions(http.await(versions, "reading the merge request's versions"));
    List<ChangedPath> changes =
        changes(m, http.await(diffs, "reading the merge request's changed files"));
    List<Approval> approvedBy = http.await(approvals, "reading the merge request's approvals");
    List<JsonNode> noteNodes = http.await(notes, "reading the merge request's notes");
    Reviews reviews =
        reviews(
            http.await(reviewers, "reading the merge request's reviewers"),
            noteNodes,
            author,
            approvedBy);

    Optional<Version> latest = pushes.stream().max(Comparator.comparing(Version::createdAt));
    if (latest.isPresent() && !latest.get().headSha().equals(headSha)) {
      throw GateException.external(
          "the merge request received a push while merge-gate read it (head "
              + Sha.abbreviate(headSha)
              + ", latest version "
              + Sha.abbreviate(latest.get().headSha())
              + "); re-run the job",
          null);
    }
    return new Read(
        new ReviewFacts(author, headSha, changes, approvedBy, pushes, reviews),
        noteNodes.stream().map(MergeRequestNotes::note).toList(),
        noteNodes);
  }

  /** Reads of a list of notes longer than a page before merge-gate gives up on a stable one. */
  private static final int NOTE_READS = 3;

  /**
   * Every note, oldest first. GitLab pages them by offset, so a comment its author deletes while
   * the pages are read shifts every later note one page back: one is skipped, and with a comment
   * added meanwhile the total still matches. A list longer than one page is therefore read again
   * until two reads agree, so nobody can hide a reviewer's "requested changes" that way.
   */
  private List<JsonNode> notes() {
    String path = mr + "/notes?sort=asc&order_by=created_at";
    String what = "the merge request's notes";
    List<JsonNode> read = http.getAll(path, what);
    for (int i = 1; read.size() > GitLabHttp.PER_PAGE && i < NOTE_READS; i++) {
      List<JsonNode> again = http.getAll(path, what);
      if (ids(again).equals(ids(read))) {
        return again;
      }
      read = again;
    }
    if (read.size() > GitLabHttp.PER_PAGE) {
      throw GateException.external(
          "the merge request's notes changed each time merge-gate read their "
              + read.size()
              + " notes, so it cannot be sure it saw them all; re-run the job",
          null);
    }
    return read;
  }

  private static List<Long> ids(List<JsonNode> notes) {
    return notes.stream().map(n -> n.path("id").asLong()).toList();
  }

  // --- reviewers ---------------------------------------------------------------------------

  /**
   * The reviewers' states and the review notes. Whoever requested changes is looked up ({@code GET
   * /users/:id}, unless they approved and were read already): GitLab gives the bot flag only there,
   * and bots and blocked users never block. An MR where nobody requested changes costs no lookup.
   */
  private Reviews reviews(
      List<JsonNode> reviewerNodes, List<JsonNode> notes, String author, List<Approval> known) {
    List<Reviewer> current = new ArrayList<>();
    Map<String, Long> ids = new HashMap<>();
    for (JsonNode r : reviewerNodes) {
      String username = text(r.path("user"), "username", "a reviewer of the merge request");
      current.add(
          new Reviewer(
              username, text(r, "state", "reviewer " + username), time(r.get("created_at"))));
      if (r.path("state").asText().equals(Reviewer.REQUESTED_CHANGES)) {
        ids.put(username.toLowerCase(Locale.ROOT), userId(r.path("user"), username));
      }
    }
    List<ReviewEvent> events = ReviewNotes.events(notes);
    for (JsonNode note : notes) {
      if (note.path("system").asBoolean(false)
          && ReviewNotes.REQUESTED_CHANGES.equals(note.path("body").asText("").strip())) {
        String username = ReviewNotes.author(note);
        ids.put(username.toLowerCase(Locale.ROOT), userId(note.path("author"), username));
      }
    }
    ids.remove(author.toLowerCase(Locale.ROOT));
    Set<String> bots = new HashSet<>();
    Set<String> inactive = new HashSet<>();
    for (Approval a : known) {
      String username = a.username().toLowerCase(Locale.ROOT);
      if (ids.remove(username) != null) {
        flag(username, a.bot(), a.active(), bots, inactive);
      }
    }
    Map<String, CompletableFuture<JsonNode>> users = new HashMap<>();
    ids.forEach(
        (username, id) ->
            users.put(
                username,
                http.async(() -> http.get("/users/" + id, "a reviewer's user record").body())));
    users.forEach(
        (username, future) -> {
          JsonNode user = http.await(future, "reading a reviewer's user record");
          flag(
              username,
              user.path("bot").asBoolean(false),
              isActive(user, "@" + username + ", who requested changes"),
              bots,
              inactive);
        });
    return new Reviews(current, events, bots, inactive, null);
  }

  private static void flag(
      String username, boolean bot, boolean active, Set<String> bots, Set<String> inactive) {
    if (bot) {
      bots.add(username);
    }
    if (!active) {
      inactive.add(username);
    }
  }

  private static long userId(JsonNode user, String username) {
    long id = user.path("id").asLong(-1);
    if (id < 0) {
      throw GateException.external(
          "GitLab names @" + username + " as requesting changes without a user id; re-run the job",
          null);
    }
    return id;
  }

  // --- approvals ---------------------------------------------------------------------------

  private List<Approval> approvals(CompletableFuture<List<JsonNode>> notes) {
    JsonNode body = http.get(mr + "/approvals", "the merge request's approvals").body();
    JsonNode approvedBy = body.path("approved_by");
    if (!approvedBy.isArray()) {
      throw GateException.external(
          "GitLab's approvals answer for the merge request has no approved_by list; merge-gate"
              + " cannot tell who approved, re-run the job or report the GitLab version",
          null);
    }
    List<JsonNode> records = new ArrayList<>();
    approvedBy.forEach(records::add);
    boolean timesMissing = records.stream().anyMatch(r -> time(r.get("approved_at")) == null);

    // GitLab sends the bot flag only on the user's own record: one request per approver.
    List<CompletableFuture<JsonNode>> users = new ArrayList<>();
    for (JsonNode record : records) {
      long id = record.path("user").path("id").asLong(-1);
      if (id < 0) {
        throw GateException.external(
            "GitLab's approvals answer lists an approver without a user id; re-run the job", null);
      }
      users.add(http.async(() -> http.get("/users/" + id, "an approver's user record").body()));
    }
    Map<String, Instant> fromNotes =
        timesMissing ? approvalNoteTimes(http.await(notes, "reading approval notes")) : Map.of();
    List<Approval> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      JsonNode user = http.await(users.get(i), "reading an approver's user record");
      String username = text(user, "username", "an approver's user record");
      Instant at = time(record.get("approved_at"));
      if (at == null) {
        at = fromNotes.get(username.toLowerCase(Locale.ROOT));
      }
      out.add(
          new Approval(
              username,
              at,
              user.path("bot").asBoolean(false),
              isActive(user, "@" + username + ", who approved")));
    }
    return out;
  }

  /**
   * Whether a user record says the account is active. A record without a state fails the run: an
   * inactive approver's approval does not count, but an inactive requester's request does not block
   * either, so neither may be guessed.
   */
  private static boolean isActive(JsonNode user, String who) {
    String state = user.path("state").asText("");
    if (state.isBlank()) {
      throw GateException.external(
          "GitLab's user record of "
              + who
              + ", gives no state, so merge-gate cannot tell whether they still count; re-run the"
              + " job",
          null);
    }
    return "active".equals(state);
  }

  /** When each user last approved, from system notes (older GitLab has no approved_at). */
  private static Map<String, Instant> approvalNoteTimes(List<JsonNode> notes) {
    Map<String, Instant> latest = new HashMap<>();
    for (JsonNode note : notes) {
      if (note.path("system").asBoolean(false)
          && APPROVED_NOTE.equals(note.path("body").asText().strip())) {
        String who = note.path("author").path("username").asText("").toLowerCase(Locale.ROOT);
        Instant at = time(note.get("created_at"));
        if (at != null && !who.isEmpty()) {
          latest.merge(who, at, (a, b) -> a.isAfter(b) ? a : b);
        }
      }
    }
    return latest;
  }

  // --- versions and changes ----------------------------------------------------------------

  private static List<Version> versions(List<JsonNode> nodes) {
    List<Version> out = new ArrayList<>();
    for (JsonNode v : nodes) {
      Instant created = time(v.get("created_at"));
      String head = v.path("head_commit_sha").asText(null);
      if (created == null || head == null) {
        throw GateException.external(
            "GitLab listed a merge request version without head_commit_sha or created_at;"
                + " merge-gate cannot tell when the latest push happened, re-run the job",
            null);
      }
      JsonNode patchId = v.get("patch_id_sha");
      out.add(
          new Version(
              head, created, patchId == null || patchId.isNull() ? null : patchId.asText()));
    }
    return out;
  }

  /**
   * The changed files, checked against the count GitLab states for the MR ({@code changes_count}, a
   * string that reads e.g. {@code "1000+"} when the MR exceeds the instance's diff limits and
   * GitLab stored only part of the diff).
   */
  static List<ChangedPath> changes(JsonNode mr, List<JsonNode> diffs) {
    JsonNode countNode = mr.get("changes_count");
    String count = countNode == null || countNode.isNull() ? null : countNode.asText().strip();
    if (count == null || count.isEmpty()) {
      throw GateException.external(
          "GitLab has not finished preparing this merge request's diff (no changes_count yet);"
              + " re-run the job in a minute",
          null);
    }
    if (count.endsWith("+")) {
      throw GateException.external(
          "this merge request changes more than "
              + count.substring(0, count.length() - 1)
              + " files, over this GitLab's diff limits, so GitLab keeps only part of its diff and"
              + " merge-gate cannot see every changed path; split the merge request or ask an"
              + " administrator to raise the diff limits",
          null);
    }
    long expected;
    try {
      expected = Long.parseLong(count);
    } catch (NumberFormatException e) {
      throw GateException.external(
          "GitLab gave an unreadable changes_count \"" + count + "\" for the merge request", e);
    }
    if (expected != diffs.size()) {
      throw GateException.external(
          "GitLab says the merge request changes "
              + expected
              + " files but its diff lists "
              + diffs.size()
              + "; the diff is incomplete or changed while being read, re-run the job",
          null);
    }
    List<ChangedPath> out = new ArrayList<>(diffs.size());
    for (JsonNode d : diffs) {
      String oldPath = d.path("old_path").asText(null);
      String newPath = d.path("new_path").asText(null);
      if (oldPath == null || newPath == null) {
        throw GateException.external(
            "GitLab listed a changed file without old_path/new_path; re-run the job", null);
      }
      ChangedPath.Status status =
          d.path("new_file").asBoolean(false)
              ? ChangedPath.Status.ADDED
              : d.path("deleted_file").asBoolean(false)
                  ? ChangedPath.Status.DELETED
                  : d.path("renamed_file").asBoolean(false) || !oldPath.equals(newPath)
                      ? ChangedPath.Status.RENAMED
                      : ChangedPath.Status.MODIFIED;
      out.add(new ChangedPath(oldPath, newPath, status));
    }
    return out;
  }

  // --- policy and CODEOWNERS from the target branch ----------------------------------------

  private record TargetFiles(
      String branch, String sha, Optional<RepoFile> policy, Optional<RepoFile> codeowners) {}

  private TargetFiles targetFiles(String branch, Function<String, String> codeownersPath) {
    // Reading the policy at the branch name also tells us the branch head (commit_id), so every
    // later read can be pinned to that one commit.
    Optional<GitLabHttp.Response> policyResponse =
        http.getIfExists(
            fileUrl(Policy.PATH, branch), Policy.PATH + " on the target branch " + branch);
    String sha;
    Optional<RepoFile> policy;
    CompletableFuture<Boolean> policyRecheck = CompletableFuture.completedFuture(false);
    if (policyResponse.isPresent()) {
      JsonNode body = policyResponse.get().body();
      sha = text(body, "commit_id", Policy.PATH + " on " + branch);
      policy = Optional.of(new RepoFile(Policy.PATH, decode(body, Policy.PATH)));
    } else {
      JsonNode b =
          http.get(
                  project + "/repository/branches/" + GitLabHttp.segment(branch),
                  "the target branch " + branch)
              .body();
      sha = text(b.path("commit"), "id", "the target branch " + branch);
      policy = Optional.empty();
      // The 404 was for the branch name a moment ago; confirm the absence at this exact commit.
      String at = sha;
      policyRecheck =
          http.async(
              () ->
                  http.getIfExists(fileUrl(Policy.PATH, at), Policy.PATH + " on " + branch)
                      .isPresent());
    }
    String named = policy.map(p -> codeownersPath.apply(p.text())).orElse(null);
    List<String> candidates = named != null ? List.of(named) : CodeOwners.LOCATIONS;
    Optional<RepoFile> codeowners = Optional.empty();
    for (String candidate : candidates) {
      Optional<GitLabHttp.Response> file =
          http.getIfExists(fileUrl(candidate, sha), candidate + " on " + branch);
      if (file.isPresent()) {
        codeowners = Optional.of(new RepoFile(candidate, decode(file.get().body(), candidate)));
        break;
      }
    }
    if (http.await(policyRecheck, "reading " + Policy.PATH)) {
      throw GateException.external(
          "the target branch "
              + branch
              + " changed while merge-gate read its policy (now at "
              + Sha.abbreviate(sha)
              + "); re-run the job",
          null);
    }
    if (named != null && codeowners.isEmpty()) {
      throw GateException.config(
          Policy.PATH
              + " on "
              + branch
              + " sets codeowners.path to "
              + named
              + ", which does not exist there; fix the path on "
              + branch);
    }
    return new TargetFiles(branch, sha, policy, codeowners);
  }

  private String fileUrl(String path, String ref) {
    return project
        + "/repository/files/"
        + GitLabHttp.segment(path)
        + "?ref="
        + GitLabHttp.query(ref);
  }

  private static String decode(JsonNode file, String path) {
    return new String(GitLabFiles.content(file, path), StandardCharsets.UTF_8);
  }

  // --- small JSON helpers ------------------------------------------------------------------

  static String text(JsonNode node, String field, String what) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || v.asText().isEmpty()) {
      throw GateException.external(
          "GitLab's answer for " + what + " lacks " + field + "; re-run the job", null);
    }
    return v.asText();
  }

  static Instant time(JsonNode node) {
    if (node == null || node.isNull() || node.asText().isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw GateException.external("GitLab sent an unreadable time \"" + node.asText() + "\"", e);
    }
  }
}
