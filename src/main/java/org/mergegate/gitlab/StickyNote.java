package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The gate's one comment on a merge request: created on the first run, then edited in place. A note
 * is the gate's only if it carries {@link #MARKER} <em>and</em> was written by the token's own
 * user, so nobody can hijack or fake it by pasting the marker into a comment.
 */
public final class StickyNote {
  /** Hidden in GitLab's rendered Markdown. */
  public static final String MARKER = "<!-- merge-gate:sticky-note -->";

  private final GitLabHttp http;
  private final String notes;
  private CompletableFuture<Long> me;

  public StickyNote(GitLabHttp http, String project, long mrIid) {
    this.http = http;
    this.notes = "/projects/" + GitLabHttp.segment(project) + "/merge_requests/" + mrIid + "/notes";
  }

  /** What happened to the note. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /**
   * Starts reading the token's user now, so that {@link #upsert(String, List)} later costs one
   * write only: {@code check} reads it while it reads the merge request (and its notes).
   */
  public StickyNote prefetch() {
    me = http.async(this::me);
    return this;
  }

  /**
   * Creates or edits the note so that it reads {@code markdown} (the marker is added), reading the
   * token's user and every note first.
   */
  public Outcome upsert(String markdown) {
    CompletableFuture<Long> user = me != null ? me : http.async(this::me);
    List<JsonNode> all =
        http.getAll(notes + "?sort=asc&order_by=created_at", "the merge request's notes");
    return write(markdown, find(all, http.await(user, "reading the token's own user")));
  }

  /**
   * The same, among the notes the caller has read already: every note on the merge request as
   * GitLab listed them ({@link MergeRequestSnapshot#notesAsListed()}), so they are not read twice.
   */
  public Outcome upsert(String markdown, List<JsonNode> notesAsListed) {
    long user = me != null ? http.await(me, "reading the token's own user") : me();
    return write(markdown, find(notesAsListed, user));
  }

  private Outcome write(String markdown, Optional<JsonNode> mine) {
    String body = MARKER + "\n" + markdown;
    if (mine.isEmpty()) {
      http.post(notes, Map.of("body", body), "a new merge-gate note");
      return Outcome.CREATED;
    }
    if (body.equals(mine.get().path("body").asText())) {
      return Outcome.UNCHANGED;
    }
    http.put(
        notes + "/" + mine.get().path("id").asLong(), Map.of("body", body), "the merge-gate note");
    return Outcome.UPDATED;
  }

  /** The token's own user id. */
  private long me() {
    return http.get("/user", "the token's own user").body().path("id").asLong(-1);
  }

  /** The gate's note, if it wrote one: the marker, written by the token's own user. */
  private static Optional<JsonNode> find(List<JsonNode> all, long me) {
    return all.stream()
        .filter(n -> !n.path("system").asBoolean(false))
        .filter(n -> n.path("author").path("id").asLong(-2) == me)
        .filter(n -> n.path("body").asText("").startsWith(MARKER))
        .findFirst();
  }
}
