package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.mergegate.exit.GateException;
import org.mergegate.review.Sha;

/**
 * The first-parent history of a branch or commit, newest first, as GitLab lists it ({@code GET
 * /projects/:id/repository/commits?ref_name=REF&first_parent=true}). GitLab sends no {@code
 * x-total} for commits, so pages are followed through {@code x-next-page} until it is empty; a page
 * that fails or that does not continue the chain (each commit's first parent is the next one
 * listed), or a last page that ends on a commit with a parent, ends the walk with exit 3, never
 * with a shorter history.
 */
public final class FirstParentHistory {
  private final GitLabHttp http;
  private final String commits;

  public FirstParentHistory(GitLabHttp http, String project) {
    this.http = http;
    this.commits = "/projects/" + GitLabHttp.segment(project) + "/repository/commits";
  }

  /**
   * One commit of the history.
   *
   * @param sha 40 hex digits
   * @param parents first parent first; empty for a root commit
   * @param committedAt the committer date
   * @param title the first line of the message (outside text)
   * @param webUrl its page
   */
  public record Entry(
      String sha, List<String> parents, Instant committedAt, String title, String webUrl) {
    public Entry {
      parents = List.copyOf(parents);
    }

    /** The first parent, or empty for a root commit. */
    public Optional<String> firstParent() {
      return parents.isEmpty() ? Optional.empty() : Optional.of(parents.get(0));
    }
  }

  /**
   * Walks the history of commit {@code top} page by page, newest first, {@code top} itself first.
   *
   * @param onPage receives each page in order; returning {@code false} stops the walk
   */
  public void walk(String top, Predicate<List<Entry>> onPage) {
    String query =
        "?ref_name=" + GitLabHttp.query(top) + "&first_parent=true&per_page=" + GitLabHttp.PER_PAGE;
    String what = "the first-parent history of " + top;
    Entry previous = null;
    String page = "1";
    while (true) {
      GitLabHttp.Response r = http.get(commits + query + "&page=" + page, what);
      if (!r.body().isArray()) {
        throw GateException.external(
            "GitLab's answer for " + what + " is not a list of commits; re-run the job", null);
      }
      List<Entry> entries = new ArrayList<>(r.body().size());
      for (JsonNode c : r.body()) {
        Entry e = entry(c, what);
        if (previous == null && !e.sha().equalsIgnoreCase(top)) {
          throw GateException.external(
              "GitLab's history of "
                  + Sha.abbreviate(top)
                  + " starts at "
                  + Sha.abbreviate(e.sha())
                  + "; re-run the job",
              null);
        }
        if (previous != null && !e.sha().equals(previous.firstParent().orElse(""))) {
          throw GateException.external(
              "GitLab listed "
                  + Sha.abbreviate(e.sha())
                  + " after "
                  + Sha.abbreviate(previous.sha())
                  + " in "
                  + what
                  + ", but it is not that commit's first parent; re-run the job",
              null);
        }
        previous = e;
        entries.add(e);
      }
      Optional<String> next = r.headers().first("x-next-page").map(String::strip);
      if (!entries.isEmpty() && !onPage.test(entries)) {
        return;
      }
      if (next.isEmpty()) {
        if (previous != null && previous.firstParent().isPresent()) {
          // The end of a first-parent history is a root commit; anything else was cut short.
          throw GateException.external(
              "GitLab's listing of "
                  + what
                  + " ends at "
                  + Sha.abbreviate(previous.sha())
                  + ", which has a parent ("
                  + Sha.abbreviate(previous.firstParent().get())
                  + "): the list was cut short; re-run the job",
              null);
        }
        return;
      }
      if (entries.isEmpty()) {
        throw GateException.external(
            "GitLab sent an empty page of " + what + " but says more follow; re-run the job", null);
      }
      page = next.get();
    }
  }

  /**
   * The first-parent history from {@code top} down to, not including, {@code bottom}, newest first;
   * to the root commit when {@code bottom} is {@code null} or not on that history (the branch was
   * rewritten: then more is listed, never less). Positions decide, not committer dates, which
   * whoever makes a commit sets freely.
   */
  public List<Entry> from(String top, String bottom) {
    List<Entry> out = new ArrayList<>();
    walk(
        top,
        entries -> {
          for (Entry e : entries) {
            if (e.sha().equalsIgnoreCase(bottom)) {
              return false;
            }
            out.add(e);
          }
          return true;
        });
    return out;
  }

  private static Entry entry(JsonNode c, String what) {
    String sha = c.path("id").asText("").toLowerCase(java.util.Locale.ROOT);
    JsonNode parents = c.path("parent_ids");
    if (!Sha.isFull(sha) || !parents.isArray()) {
      throw GateException.external(
          "GitLab's answer for " + what + " lacks a commit id or parent_ids; re-run the job", null);
    }
    List<String> ids = new ArrayList<>();
    parents.forEach(p -> ids.add(p.asText().toLowerCase(java.util.Locale.ROOT)));
    Instant at;
    try {
      at = OffsetDateTime.parse(c.path("committed_date").asText("")).toInstant();
    } catch (DateTimeParseException e) {
      throw GateException.external(
          "GitLab gives no committed_date for " + Sha.abbreviate(sha) + " in " + what, e);
    }
    return new Entry(sha, ids, at, c.path("title").asText(""), c.path("web_url").asText(""));
  }
}
