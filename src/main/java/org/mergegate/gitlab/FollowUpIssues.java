package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.mergegate.breakglass.BreakGlassNote;
import org.mergegate.breakglass.BreakGlassRecord;

/**
 * The review issue the gate opened after a break-glass ({@code break-glass} opens "Review after
 * break-glass: ..." quoting the record). Only an issue the gate's own token user opened, whose
 * description carries the exact record, counts: anyone can open an issue that mentions a commit and
 * close it.
 */
public final class FollowUpIssues {
  private final GitLabHttp http;
  private final String issues;
  private final AtomicReference<String> gateUser = new AtomicReference<>();

  public FollowUpIssues(GitLabHttp http, String project) {
    this.http = http;
    this.issues = "/projects/" + GitLabHttp.segment(project) + "/issues";
  }

  /** A follow-up issue: {@code state} is {@code opened} or {@code closed}. */
  public record FollowUpIssue(long iid, String state, String webUrl) {}

  /** The follow-up issue the gate's own token user opened for this break-glass record, if any. */
  public Optional<FollowUpIssue> find(BreakGlassRecord record) {
    String me = gateUser();
    String recordJson = BreakGlassNote.toJson(record);
    return http
        .getAll(
            issues
                + "?state=all&search="
                + GitLabHttp.query(record.sha())
                + "&in=description&author_username="
                + GitLabHttp.query(me),
            "the follow-up issue of the break-glass on " + record.shortSha())
        .stream()
        .filter(i -> me.equalsIgnoreCase(i.path("author").path("username").asText("")))
        .filter(i -> i.path("description").asText("").contains(recordJson))
        // An open one wins: the review is not done while any copy is open.
        .min(
            Comparator.comparing((JsonNode i) -> !"opened".equals(i.path("state").asText()))
                .thenComparing(i -> -i.path("iid").asLong()))
        .map(
            i ->
                new FollowUpIssue(
                    i.path("iid").asLong(),
                    i.path("state").asText("").toLowerCase(Locale.ROOT),
                    i.path("web_url").asText("")));
  }

  private String gateUser() {
    String me = gateUser.get();
    if (me == null) {
      me = TokenUser.username(http);
      gateUser.set(me);
    }
    return me;
  }
}
