package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.mergegate.breakglass.BreakGlassVerifier;

/** A merge request's notes: every page of them, and posting a new one. */
public final class MergeRequestNotes {
  private final GitLabHttp http;
  private final String notes;

  public MergeRequestNotes(GitLabHttp http, String project, long mrIid) {
    this.http = http;
    this.notes = "/projects/" + GitLabHttp.segment(project) + "/merge_requests/" + mrIid + "/notes";
  }

  /** Every note, oldest first, with the author GitLab records (not what the body claims). */
  public List<BreakGlassVerifier.Note> all() {
    return http
        .getAll(notes + "?sort=asc&order_by=created_at", "the merge request's notes")
        .stream()
        .map(MergeRequestNotes::note)
        .toList();
  }

  /** One note as GitLab lists it, with the author GitLab records. */
  static BreakGlassVerifier.Note note(JsonNode n) {
    return new BreakGlassVerifier.Note(
        n.path("id").asLong(),
        n.path("author").path("username").asText(null),
        n.path("body").asText(""),
        n.path("system").asBoolean(false));
  }

  /** Posts a note as the token's user; returns GitLab's note id. */
  public long post(String body) {
    JsonNode note = http.post(notes, Map.of("body", body), "a note on the merge request").body();
    return note.path("id").asLong();
  }
}
