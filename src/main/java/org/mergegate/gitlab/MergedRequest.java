package org.mergegate.gitlab;

import java.time.Instant;
import java.util.List;
import org.mergegate.breakglass.BreakGlassVerifier;
import org.mergegate.review.ReviewFacts;

/**
 * A merge request as {@code deploy} re-checks it: its review facts and how it was merged.
 *
 * @param facts author, head, changes, current approvals and pushes
 * @param iid the MR's number
 * @param state GitLab's state; {@code merged} for one that produced a commit
 * @param targetBranch where it was merged
 * @param webUrl its page
 * @param mergedAt when it was merged, or {@code null} when GitLab does not say
 * @param mergeCommitSha the merge commit, or {@code null} (fast-forward)
 * @param squashCommitSha the squash commit, or {@code null}
 * @param baseSha {@code diff_refs.base_sha}: where its latest version branched from the target
 * @param notes every note on the MR, oldest first (read once, also for the break-glass lookup)
 */
public record MergedRequest(
    ReviewFacts facts,
    long iid,
    String state,
    String targetBranch,
    String webUrl,
    Instant mergedAt,
    String mergeCommitSha,
    String squashCommitSha,
    String baseSha,
    List<BreakGlassVerifier.Note> notes) {
  public MergedRequest {
    notes = List.copyOf(notes);
  }
}
