package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mergegate.breakglass.BreakGlassVerifier;
import org.mergegate.review.Sha;

/**
 * Comments on one commit: where the gate records a break-glass for, or a refusal to deploy, a
 * commit that no merge request produced. GitLab's commit comments carry no id; their position
 * stands in for one.
 */
public final class CommitComments {
  private final GitLabHttp http;
  private final String comments;
  private final String sha;

  public CommitComments(GitLabHttp http, String project, String sha) {
    this.http = http;
    this.sha = sha;
    this.comments =
        "/projects/" + GitLabHttp.segment(project) + "/repository/commits/" + sha + "/comments";
  }

  /** Every comment, in GitLab's order, with the author GitLab records. */
  public List<BreakGlassVerifier.Note> all() {
    List<BreakGlassVerifier.Note> out = new ArrayList<>();
    for (JsonNode c : http.getAll(comments, "the comments on commit " + shortSha())) {
      out.add(
          new BreakGlassVerifier.Note(
              out.size() + 1,
              c.path("author").path("username").asText(null),
              c.path("note").asText(""),
              false));
    }
    return out;
  }

  /** Posts a comment as the token's user. */
  public void post(String markdown) {
    http.post(comments, Map.of("note", markdown), "a comment on commit " + shortSha());
  }

  private String shortSha() {
    return Sha.abbreviate(sha);
  }
}
