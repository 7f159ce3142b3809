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
  private CompletableFuture<Optional<JsonNode>> existing;

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
   * Starts reading the token's user and the existing notes now, so that {@link #upsert} later costs
   * one write only: {@code check} reads them while it reads the merge request.
   */
  public StickyNote prefetch() {
    existing = http.async(this::existing);
    return this;
  }

  /** Creates or edits the note so that it reads {@code markdown} (the marker is added). */
  public Outcome upsert(String markdown) {
    String body = MARKER + "\n" + markdown;
    Optional<JsonNode> mine =
        existing != null ? http.await(existing, "reading the merge request's notes") : existing();
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

  /** The gate's note, if it wrote one: the token's user and the notes are read concurrently. */
  private Optional<JsonNode> existing() {
    CompletableFuture<Long> me =
        http.async(() -> http.get("/user", "the token's own user").body().path("id").asLong(-1));
    List<JsonNode> all =
        http.getAll(notes + "?sort=asc&order_by=created_at", "the merge request's notes");
    return find(all, http.await(me, "reading the token's own user"));
  }

  private static Optional<JsonNode> find(List<JsonNode> all, long me) {
    return all.stream()
        .filter(n -> !n.path("system").asBoolean(false))
        .filter(n -> n.path("author").path("id").asLong(-2) == me)
        .filter(n -> n.path("body").asText("").startsWith(MARKER))
        .findFirst();
  }
}
