package org.mergegate.review;

import java.util.List;
import java.util.Objects;

/**
 * Everything about one merge request that a verdict depends on, gathered by an adapter.
 *
 * @param author username of the MR author (their approval never counts)
 * @param headSha the commit the verdict is for
 * @param changes every changed file (complete: an adapter fails rather than hand in a partial list)
 * @param approvals current approval records; a withdrawn approval is simply absent
 * @param versions the MR's diff versions (pushes), any order; empty when unknown (e.g. explain)
 * @param reviews the reviewers and GitLab's review notes (who requested changes, who approved)
 */
public record ReviewFacts(
    String author,
    String headSha,
    List<ChangedPath> changes,
    List<Approval> approvals,
    List<Version> versions,
    Reviews reviews) {
  public ReviewFacts {
    Objects.requireNonNull(reviews, "reviews");
    changes = List.copyOf(changes);
    approvals = List.copyOf(approvals);
    versions = List.copyOf(versions);
  }
}
