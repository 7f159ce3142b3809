package org.mergegate.review;

import java.time.Instant;
import java.util.List;

/**
 * One thing GitLab recorded about reviews in a system note (which only GitLab can write): who did
 * it, when, and to whom.
 *
 * @param at the note's {@code created_at}
 * @param actor who did it (the note's author), as GitLab spells the username
 * @param kind what happened
 * @param subjects for {@link Kind#REVIEW_REQUESTED} and {@link Kind#REVIEW_REQUEST_REMOVED}, the
 *     users made or unmade reviewers; empty otherwise
 */
public record ReviewEvent(Instant at, String actor, Kind kind, List<String> subjects) {
  /** The kinds of note that decide whether a request for changes stands. */
  public enum Kind {
    /** "requested review from @a and @b": they became reviewers (or were asked again). */
    REVIEW_REQUESTED,
    /** "removed review request for @a": they stopped being reviewers. */
    REVIEW_REQUEST_REMOVED,
    /** "requested changes": the actor submitted a review with Request changes. */
    REQUESTED_CHANGES,
    /** "approved this merge request": the actor approved. */
    APPROVED
  }

  public ReviewEvent {
    subjects = List.copyOf(subjects);
  }

  public static ReviewEvent by(Instant at, String actor, Kind kind) {
    return new ReviewEvent(at, actor, kind, List.of());
  }
}
