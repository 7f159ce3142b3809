package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mergegate.breakglass.BreakGlassRecord;
import org.mergegate.breakglass.FollowUpIssueText;

/**
 * Finds the follow-up issue of a break-glass record: an issue opened by the gate's own token user
 * whose whole description is exactly what {@link FollowUpIssueText#render} writes for that very
 * record. Anyone may open an issue that quotes the record, and people with the right role may edit
 * the gate's issue; neither is taken for the follow-up.
 *
 * <p>The candidates come from {@code GET /projects/:id/issues?search=<sha>&in=description}, every
 * page of it; a failed or truncated read fails the run (exit 3) rather than answer "none".
 */
public final class FollowUpIssues {
  private final GitLabHttp http;
  private final String project;

  public FollowUpIssues(GitLabHttp http, String project) {
    this.http = http;
    this.project = project;
  }

  /**
   * The follow-up issue the gate's own token user opened for this break-glass record, if any. When
   * a re-run opened more than one, an open one wins (the review is still pending), else the newest.
   */
  public Optional<FollowUpIssue> find(BreakGlassRecord record) {
    String me = TokenUser.username(http);
    List<JsonNode> candidates =
        http.getAll(
            "/projects/"
                + GitLabHttp.segment(project)
                + "/issues?scope=all&in=description&search="
                + GitLabHttp.query(record.sha())
                + "&author_username="
                + GitLabHttp.query(me),
            "the follow-up issues of commit " + record.shortSha());
    return candidates.stream()
        .filter(i -> same(i.path("author").path("username").asText(null), me))
        .filter(
            i ->
                FollowUpIssueText.parse(i.path("description").asText(null))
                    .filter(f -> f.record().equals(record))
                    .isPresent())
        .map(
            i ->
                new FollowUpIssue(
                    i.path("iid").asLong(),
                    i.path("state").asText(""),
                    i.path("web_url").asText(""),
                    i.path("closed_by").path("username").asText(null)))
        .max(
            Comparator.comparing((FollowUpIssue i) -> "opened".equals(i.state()))
                .thenComparingLong(FollowUpIssue::iid));
  }

  /**
   * One follow-up issue.
   *
   * @param iid the issue's number in the project
   * @param state {@code opened} or {@code closed}, as GitLab says
   * @param webUrl its page
   * @param closedBy who closed it, as GitLab records; {@code null} when open or unknown
   */
  public record FollowUpIssue(long iid, String state, String webUrl, String closedBy) {}

  private static boolean same(String a, String b) {
    return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
  }
}
