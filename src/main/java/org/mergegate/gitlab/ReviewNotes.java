package org.mergegate.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mergegate.exit.GateException;
import org.mergegate.review.ReviewEvent;

/**
 * Reads GitLab's review system notes into {@link ReviewEvent}s. Only notes with {@code system:
 * true} count: GitLab writes them itself, and nobody can post one through the API, whereas anyone
 * who can comment can type "requested changes".
 *
 * <p>The bodies, as GitLab's {@code SystemNoteService} writes them: {@code requested changes},
 * {@code approved this merge request}, and for reviewer changes {@code requested review from @a},
 * {@code removed review request for @b}, or both joined as {@code requested review from @a and
 * removed review request for @b, @c, and @d}.
 */
final class ReviewNotes {
  static final String REQUESTED_CHANGES = "requested changes";
  static final String APPROVED = MergeRequestReader.APPROVED_NOTE;
  private static final String ADDED = "requested review from ";
  private static final String REMOVED = "removed review request for ";
  private static final String BOTH = " and " + REMOVED;

  /** A GitLab username as a mention in a note. */
  private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_.\\-]+)");

  private ReviewNotes() {}

  /** The review events among {@code notes} (oldest first, as read), in the same order. */
  static List<ReviewEvent> events(List<JsonNode> notes) {
    List<ReviewEvent> out = new ArrayList<>();
    for (JsonNode note : notes) {
      if (!note.path("system").asBoolean(false)) {
        continue;
      }
      String body = note.path("body").asText("").strip();
      if (body.equals(REQUESTED_CHANGES)) {
        out.add(ReviewEvent.by(at(note), author(note), ReviewEvent.Kind.REQUESTED_CHANGES));
      } else if (body.equals(APPROVED)) {
        out.add(ReviewEvent.by(at(note), author(note), ReviewEvent.Kind.APPROVED));
      } else if (body.startsWith(ADDED)) {
        int both = body.indexOf(BOTH);
        String added = both < 0 ? body : body.substring(0, both);
        out.add(membership(note, ReviewEvent.Kind.REVIEW_REQUESTED, added));
        if (both >= 0) {
          out.add(membership(note, ReviewEvent.Kind.REVIEW_REQUEST_REMOVED, body.substring(both)));
        }
      } else if (body.startsWith(REMOVED)) {
        out.add(membership(note, ReviewEvent.Kind.REVIEW_REQUEST_REMOVED, body));
      }
    }
    return out;
  }

  private static ReviewEvent membership(JsonNode note, ReviewEvent.Kind kind, String text) {
    List<String> users = new ArrayList<>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      users.add(m.group(1));
    }
    return new ReviewEvent(at(note), author(note), kind, users);
  }

  static String author(JsonNode note) {
    return MergeRequestReader.text(note.path("author"), "username", "a review note's author");
  }

  private static Instant at(JsonNode note) {
    Instant at = MergeRequestReader.time(note.get("created_at"));
    if (at == null) {
      throw GateException.external(
          "GitLab listed a review note without created_at; merge-gate cannot tell when a"
              + " reviewer requested changes or approved, re-run the job",
          null);
    }
    return at;
  }
}
