package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.mergegate.exit.GateException;
import org.mergegate.review.Sha;

/**
 * Where a branch pointed at a past moment, from GitLab's push events ({@code GET
 * /projects/:id/events?action=pushed}): the {@code commit_to} of the newest push to the branch
 * created before that moment. GitLab writes these events itself when a push or a merge lands, so
 * unlike a commit's committer date (which whoever makes the commit sets freely) they say when a
 * commit reached the branch.
 *
 * <p>Events are read newest first, page by page, only as far back as needed; a page that fails ends
 * the run (exit 3), never with an answer.
 */
public final class BranchTips {
  private final GitLabHttp http;
  private final String events;

  public BranchTips(GitLabHttp http, String project) {
    this.http = http;
    this.events = "/projects/" + GitLabHttp.segment(project) + "/events";
  }

  /**
   * The commit {@code branch} pointed at just before {@code moment}, or empty when GitLab records
   * no push to it before then (it did not exist, was deleted, or the events have expired: GitLab
   * keeps them for three years).
   */
  public Optional<String> before(String branch, Instant moment) {
    // GitLab's before= takes a date and excludes that day: two days later surely covers moment.
    String day = moment.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2).toString();
    String query =
        events
            + "?action=pushed&sort=desc&before="
            + day
            + "&per_page="
            + GitLabHttp.PER_PAGE
            + "&page=";
    String what = "the push events of " + branch;
    String page = "1";
    while (true) {
      GitLabHttp.Response r = http.get(query + page, what);
      if (!r.body().isArray()) {
        throw GateException.external(
            "GitLab's answer for " + what + " is not a list of events; re-run the job", null);
      }
      for (JsonNode e : r.body()) {
        JsonNode push = e.path("push_data");
        if (!"branch".equals(push.path("ref_type").asText())
            || !branch.equals(push.path("ref").asText())
            || !createdAt(e, what).isBefore(moment)) {
          continue;
        }
        String to = push.path("commit_to").asText("").toLowerCase(Locale.ROOT);
        // A deletion has no commit_to: the branch held nothing then.
        return Sha.isFull(to) ? Optional.of(to) : Optional.empty();
      }
      Optional<String> next = r.headers().first("x-next-page").map(String::strip);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      page = next.get();
    }
  }

  private static Instant createdAt(JsonNode event, String what) {
    try {
      return OffsetDateTime.parse(event.path("created_at").asText("")).toInstant();
    } catch (DateTimeParseException e) {
      throw GateException.external(
          "GitLab listed an event without created_at in " + what + "; re-run the job", e);
    }
  }
}
