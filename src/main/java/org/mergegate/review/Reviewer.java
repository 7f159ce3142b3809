package org.mergegate.review;

import java.time.Instant;

/**
 * A current reviewer of a merge request, as {@code GET /merge_requests/:iid/reviewers} lists them.
 *
 * @param username as GitLab spells it
 * @param state GitLab's review state: {@code unreviewed}, {@code review_started}, {@code reviewed},
 *     {@code requested_changes}, {@code approved} or {@code unapproved}
 * @param since when GitLab made them a reviewer this time (the reviewer record's {@code
 *     created_at}: removing a reviewer deletes it, asking them to review again keeps it), or {@code
 *     null} when unknown
 */
public record Reviewer(String username, String state, Instant since) {
  /** The state GitLab keeps while the reviewer's request for changes stands. */
  public static final String REQUESTED_CHANGES = "requested_changes";

  public boolean requestsChanges() {
    return REQUESTED_CHANGES.equals(state);
  }
}
